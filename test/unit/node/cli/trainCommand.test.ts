// `deskfit train` end to end with the built CLI and a real trainer process: the new options reach the
// run, --export copies the model, --json ends with exactly {epochs, model, backend, run}; Ctrl-C
// after an epoch keeps a resumable run, and --resume finishes it with fastai's epoch table.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../../src/shared/training';
import { assertBuilt, runDeskfit, startDeskfit, waitFor } from '../../../helpers/cli';
import { makeFolderPerClass, type FixtureDataset } from '../../../helpers/fixtures';

let work: string;
let images: FixtureDataset;
let env: Record<string, string>;
const small = ['--arch', 'simple-cnn', '--size', '16', '--width', '4', '--lr', '0.01'];

const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function runRecord(runId: string): RunRecord {
  return JSON.parse(
    readFileSync(join(`${images.root}.deskfit`, 'runs', runId, 'run.json'), 'utf8'),
  ) as RunRecord;
}

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'deskfit-cli-train-'));
  env = { DESKFIT_HOME: join(work, 'home') };
  images = await makeFolderPerClass(join(work, 'shapes'), { classes: ['a', 'b'], perClass: 12, size: 24 });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('deskfit train', () => {
  it('passes --optimizer, --lr-mult and --label-smoothing to the run and --export copies its model', async () => {
    const exportDir = join(work, 'exported model');
    const { code, stdout, stderr } = await runDeskfit(
      [
        'train',
        images.root,
        ...small,
        '--bs',
        '8',
        '--epochs',
        '2',
        '--optimizer',
        'sgd-momentum',
        '--lr-mult',
        '10',
        '--label-smoothing',
        '0.1',
        '--export',
        exportDir,
        '--json',
      ],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    const result = lines.at(-1)!;
    expect(Object.keys(result).sort()).toEqual(['backend', 'epochs', 'model', 'run']);
    expect(result.model).toBe(exportDir);
    for (const file of ['model.json', 'weights.bin', 'deskfit.json', 'README.md']) {
      expect(existsSync(join(exportDir, file))).toBe(true);
    }
    const epochs = result.epochs as Record<string, unknown>[];
    expect(epochs.map((e) => e.epoch)).toEqual([0, 1]);
    for (const e of epochs) {
      expect(Object.keys(e).sort()).toEqual([
        'accuracy',
        'epoch',
        'error_rate',
        'seconds',
        'train_loss',
        'valid_loss',
      ]);
    }
    const rows = lines.filter((l) => 'train_loss' in l && !('epochs' in l));
    expect(rows).toEqual(epochs);
    const record = runRecord(result.run as string);
    expect(record.status).toBe('completed');
    expect(record.params).toMatchObject({
      optimizer: 'sgd-momentum',
      lrMult: 10,
      labelSmoothing: 0.1,
      epochs: 2,
    });
    expect(readFileSync(join(exportDir, 'weights.bin'))).toEqual(
      readFileSync(join(record.modelDir!, 'weights.bin')),
    );
  });

  it('Ctrl-C after an epoch keeps a resumable run; --resume finishes it and prints the epoch table', async () => {
    const args = ['train', images.root, ...small, '--bs', '4', '--epochs', '8', '--json'];
    const { child, output } = await startDeskfit(args, /"epoch":0,/, env);
    child.kill('SIGINT');
    expect(await waitFor(() => child.exitCode !== null, 60_000)).toBe(true);
    expect(child.exitCode).toBe(130);
    const stopped = jsonLines(output()).at(-1)!;
    const runId = stopped.run as string;
    const done = (stopped.epochs as unknown[]).length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(8);
    const paused = runRecord(runId);
    expect(paused).toMatchObject({ status: 'cancelled', checkpointEpoch: done - 1 });
    expect(paused.reason).toContain(`Stopped by the user after ${done} of 8 epochs`);

    const resumed = await runDeskfit(['train', `${images.root}.deskfit`, '--resume', runId], env);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const out = resumed.stdout.split('\n');
    expect(out).toContain('epoch  train_loss  valid_loss  accuracy  error_rate  time');
    const table = out.filter((l) =>
      /^\d+\s+\d+\.\d{6}\s+\d+\.\d{6}\s+\d\.\d{6}\s+\d\.\d{6}\s+\d\d:\d\d$/.test(l),
    );
    expect(table.map((l) => Number(l.split(/\s+/)[0]))).toEqual(
      Array.from({ length: 8 - done }, (_, i) => done + i),
    );
    expect(resumed.stdout).toContain(`Run ${runId} trained on`);
    const finished = runRecord(runId);
    expect(finished.status).toBe('completed');
    expect(finished.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses to resume a run that does not exist, naming it', async () => {
    const { code, stderr } = await runDeskfit(
      ['train', `${images.root}.deskfit`, '--resume', 'no-such-run'],
      env,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('no-such-run');
  });
});
