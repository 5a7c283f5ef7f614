// `deskfit predict`: no project needed; the CSV on stdout (pipeable), or in a file with --csv, or
// JSON lines ending with {"predicted", "csv"} and ./predictions.csv by default; skipped files are
// listed; a missing model or input says which and exits 1.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPredictJob } from '../../../../src/main/engine/jobs/predictJob';
import { assertBuilt, runDeskfit } from '../../../helpers/cli';
import { classes, testContext, trainTinyModel, type TrainedFixture } from '../engine/predictFixtures';
import { jsonLines } from './predictCliFixtures';

let work: string;
let fx: TrainedFixture;
let folder: string;
const env = () => ({ DESKFIT_HOME: join(work, 'home') });

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'deskfit-cli-predict-'));
  fx = await trainTinyModel(work);
  folder = join(work, 'new photos');
  await mkdir(join(folder, 'more'), { recursive: true });
  for (const [i, f] of fx.images.files.slice(0, 6).entries()) {
    await copyFile(join(fx.images.root, f.path), join(folder, i % 2 ? 'more' : '', `p${i}.png`));
  }
  await writeFile(join(folder, 'notes.txt'), 'hello');
});
afterAll(async () => {
  fx?.model.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('deskfit predict', () => {
  it('prints the CSV to stdout, the same predictions the engine makes, and lists what it skipped', async () => {
    const { code, stdout, stderr } = await runDeskfit(['predict', '--model', fx.modelDir, folder], env());
    expect(code).toBe(0);
    expect(stderr).toMatch(/^deskfit: skipped notes\.txt: Not an image/m);
    expect(stdout.split('\n')[0]).toBe(`name,prediction,probability,${classes.join(',')}`);
    const records = parse(stdout, { columns: true }) as Record<string, string>[];
    const engine = await runPredictJob(
      { modelDir: fx.modelDir, source: { paths: [folder] }, tta: false },
      { modelDir: fx.modelDir },
      testContext(),
    );
    expect(records.map((r) => r.name)).toEqual(engine.rows.map((r) => r.name));
    expect(records.map((r) => r.name)).toContain('more/p1.png');
    records.forEach((rec, i) => {
      expect(rec.prediction).toBe(engine.rows[i]!.prediction);
      expect(Number(rec.probability)).toBeCloseTo(engine.rows[i]!.probability, 6);
    });
  });

  it('--json: progress lines, then {"predicted", "csv"} with ./predictions.csv by default', async () => {
    const cwd = join(work, 'cwd');
    await mkdir(cwd, { recursive: true });
    const { code, stdout, stderr } = await runDeskfit(
      ['predict', '--model', fx.modelDir, join(folder, 'p0.png'), join(folder, 'more'), '--json'],
      env(),
      60_000,
      cwd,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    const last = lines.at(-1) as { predicted: number; csv: string; failed: unknown[] };
    expect(last).toEqual({ predicted: 4, csv: join(cwd, 'predictions.csv'), failed: [] });
    expect(lines.slice(0, -1).every((l) => typeof l.step === 'number')).toBe(true);
    const csvLines = (await readFile(last.csv, 'utf8')).trim().split('\n');
    expect(csvLines).toHaveLength(5);
  });

  it('--csv writes the file and says where; --tta runs', async () => {
    const csv = join(work, 'out', 'preds.csv');
    const { code, stdout } = await runDeskfit(
      ['predict', '--model', fx.modelDir, folder, '--csv', csv, '--tta'],
      env(),
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`Predicted 6 images (1 skipped); CSV written to ${csv}\n`);
    expect((await readFile(csv, 'utf8')).trim().split('\n')).toHaveLength(7);
  });

  it('names a missing model folder or input, exits 1 and writes nothing', async () => {
    const csv = join(work, 'none.csv');
    const missingModel = join(work, 'no model');
    const a = await runDeskfit(['predict', '--model', missingModel, folder, '--csv', csv], env());
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`deskfit: No model at ${missingModel}`);
    const missingInput = join(work, 'nothing here');
    const b = await runDeskfit(
      ['predict', '--model', fx.modelDir, missingInput, '--csv', csv, '--json'],
      env(),
    );
    expect(b.code).toBe(1);
    const error = jsonLines(b.stdout).at(-1) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('NOT_FOUND');
    expect(error.error.message).toContain(missingInput);
    expect(existsSync(csv)).toBe(false);
    const help = await runDeskfit(['predict', '--help']);
    expect(help.stdout).toContain('./predictions.csv');
  });
});
