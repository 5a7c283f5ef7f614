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

describe('deskfit train and lr-find', () => {
  it('trains a folder in one line: imports it beside itself, prints epoch rows, then the result', async () => {
    const { makeFolderPerClass } = await import('../../../helpers/fixtures');
    const data = await makeFolderPerClass(join(work, 'shapes'), {
      classes: ['a', 'b'],
      perClass: 10,
      size: 24,
    });
    const env = { DESKFIT_HOME: join(work, 'home') };
    const args = ['--arch', 'simple-cnn', '--size', '16', '--bs', '8', '--width', '4', '--json'];
    const { code, stdout, stderr } = await runDeskfit(
      ['train', data.root, '--epochs', '2', '--lr', '0.01', ...args],
      env,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = lines.filter((l) => 'train_loss' in l && !('epochs' in l));
    expect(rows.map((r) => r.epoch)).toEqual([0, 1]);
    const result = lines.at(-1) as { epochs: unknown[]; model: string; backend: string };
    expect(result.epochs).toHaveLength(2);
    expect(existsSync(join(result.model, 'model.json'))).toBe(true);
    expect(result.model.startsWith(`${data.root}.deskfit`)).toBe(true);

    const found = await runDeskfit(['lr-find', `${data.root}.deskfit`, ...args], env);
    expect(found.code).toBe(0);
    const last = JSON.parse(found.stdout.trim().split('\n').at(-1)!) as {
      suggestions: Record<string, number | null>;
      lrs: number[];
      losses: number[];
    };
    expect(Object.keys(last.suggestions).sort()).toEqual(['minimum', 'slide', 'steep', 'valley']);
    expect(last.lrs.length).toBe(last.losses.length);
  });
});
