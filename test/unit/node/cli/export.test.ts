// `deskfit export`: copies the run's model to a folder, which `deskfit predict --model` then uses;
// a non-empty destination is refused and left as it was.
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runDeskfit } from '../../../helpers/cli';
import { cliProject, jsonLines, type CliProject } from './predictCliFixtures';

let work: string;
let p: CliProject;

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'deskfit-cli-export-'));
  p = await cliProject(work);
});
afterAll(async () => {
  p?.fx.model.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('deskfit export', () => {
  it('exports the newest model, which predict then loads', async () => {
    const out = join(work, 'my model');
    const { code, stdout, stderr } = await runDeskfit(
      ['export', p.projectDir, '--out', out, '--json'],
      p.env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(jsonLines(stdout).at(-1)).toEqual({
      dir: out,
      files: ['README.md', 'deskfit.json', 'model.json', 'weights.bin'],
    });
    const image = join(p.fx.images.root, p.fx.images.files[0]!.path);
    const predicted = await runDeskfit(['predict', '--model', out, image], p.env);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.trim().split('\n')[1]).toMatch(/,(red|green|blue),0\.\d+,/);
  });

  it('names the run, and refuses a non-empty folder without touching it', async () => {
    const out = join(work, 'second');
    const ok = await runDeskfit(['export', p.fx.images.root, '--run', p.runId, '--out', out], p.env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      `Exported the model to ${out} (README.md, deskfit.json, model.json, weights.bin)\n`,
    );
    const busy = join(work, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'keep.txt'), 'mine');
    const refused = await runDeskfit(['export', p.projectDir, '--out', busy], p.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${busy} is not empty`);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
  });
});
