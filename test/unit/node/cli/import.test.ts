// `deskfit import --json` on a messy folder: progress lines, then the summary object scripts rely on.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runDeskfit } from '../../../helpers/cli';
import { makeMessyFolder, type MessyFolder } from '../../../helpers/fixtures';

let work: string;
let messy: MessyFolder;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'deskfit-cli-import-'));
  messy = await makeMessyFolder(join(work, 'my photos'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('deskfit import', () => {
  it('imports into <folder>.deskfit and prints progress lines then the summary', async () => {
    const env = { DESKFIT_HOME: join(work, 'home') };
    const { code, stdout, stderr } = await runDeskfit(['import', messy.root, '--json'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.at(-1) as {
      project: string;
      layout: string;
      items: number;
      byClass: Record<string, number>;
      bySplit: { train: number; valid: number; test: number };
      problems: { path: string; reason: string }[];
    };
    expect(lines.slice(0, -1).every((l) => typeof l.phase === 'string' && typeof l.done === 'number')).toBe(
      true,
    );
    expect(summary.project).toBe(`${messy.root}.deskfit`);
    expect(existsSync(join(summary.project, 'project.sqlite'))).toBe(true);
    expect(summary.layout).toBe('folder-per-class');
    const usable = Object.values(messy.expected).filter((k) => k === null).length;
    expect(summary.items).toBe(usable);
    expect(summary.bySplit.train + summary.bySplit.valid + summary.bySplit.test).toBe(usable);
    const badPaths = Object.entries(messy.expected)
      .filter(([, kind]) => kind !== null)
      .map(([path]) => path);
    for (const path of badPaths) expect(summary.problems.map((p) => p.path)).toContain(path);
    const expectedByClass: Record<string, number> = {};
    for (const [path, labels] of Object.entries(messy.labels)) {
      if (messy.expected[path] !== null) continue;
      for (const label of labels) expectedByClass[label] = (expectedByClass[label] ?? 0) + 1;
    }
    expect(summary.byClass).toEqual(expectedByClass);

    const again = await runDeskfit(['import', messy.root, '--json'], env);
    const second = JSON.parse(again.stdout.trim().split('\n').at(-1)!) as { added: number; updated: number };
    expect(second.added).toBe(0);
    expect(second.updated).toBeGreaterThanOrEqual(usable);
  });

  it('says clearly when the folder does not exist', async () => {
    const missing = join(work, 'no such folder');
    const { code, stderr } = await runDeskfit(['import', missing, '--project', join(work, 'x.deskfit')], {
      DESKFIT_HOME: join(work, 'home'),
    });
    expect(code).toBe(1);
    expect(stderr).toContain(missing);
  });
});
