// `deskfit interpret`: the project's newest run with a model, on its validation split — the whole
// InterpretResult with --json (saved in the run too), a readable confusion matrix and top losses with
// image paths otherwise; a folder that is not a project is refused without creating one.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterpretResultSchema } from '../../../../src/shared/training';
import { runDir, runInterpretFile } from '../../../../src/main/runs/runLayout';
import { assertBuilt, runDeskfit } from '../../../helpers/cli';
import { classes } from '../engine/predictFixtures';
import { cliProject, jsonLines, type CliProject } from './predictCliFixtures';

let work: string;
let p: CliProject;

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'deskfit-cli-interpret-'));
  p = await cliProject(work);
});
afterAll(async () => {
  p?.fx.model.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('deskfit interpret', () => {
  it('--json prints the interpretation of the newest run and saves it in the run', async () => {
    const { code, stdout, stderr } = await runDeskfit(['interpret', p.projectDir, '--json'], p.env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = InterpretResultSchema.parse(jsonLines(stdout).at(-1));
    expect(result.runId).toBe(p.runId);
    expect(result.classes).toEqual(classes);
    const n = result.items.itemId.length;
    expect(n).toBeGreaterThan(0);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(n);
    const losses = result.topLosses.map((t) => t.loss);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
    for (const t of result.topLosses) expect(result.items.itemId).toContain(t.itemId);
    const saved = JSON.parse(
      await readFile(runInterpretFile(runDir(p.projectDir, p.runId)), 'utf8'),
    ) as unknown;
    expect(InterpretResultSchema.parse(saved)).toEqual(result);
  });

  it('prints the confusion matrix and the top losses with image paths, from the images folder too', async () => {
    const { code, stdout } = await runDeskfit(['interpret', p.fx.images.root, '--top', '3'], p.env);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Run 2026-01-02T03-04-05-000Z: accuracy \d\.\d{4}, loss \d+\.\d{4} on \d+ validation images\./,
    );
    expect(stdout).toContain('Confusion matrix (rows: actual, columns: predicted)');
    expect(stdout).toMatch(/^\s+red\s+green\s+blue$/m);
    expect(stdout).toMatch(/^red\s+\d+\s+\d+\s+\d+$/m);
    const top = stdout.slice(stdout.indexOf('Top losses'));
    const rows = top.split('\n').slice(2).filter(Boolean);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/(red|green|blue)\/\S+\.png$/);
  });

  it('refuses a folder that is not a project, and a run that does not exist', async () => {
    const stray = join(work, 'stray');
    const a = await runDeskfit(['interpret', stray], p.env);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(`${stray} is not a deskfit project`);
    expect(existsSync(`${stray}.deskfit`)).toBe(false);
    const b = await runDeskfit(['interpret', p.projectDir, '--run', 'nope', '--json'], p.env);
    expect(b.code).toBe(1);
    expect(jsonLines(b.stdout).at(-1)).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('No run "nope"') },
    });
  });
});
