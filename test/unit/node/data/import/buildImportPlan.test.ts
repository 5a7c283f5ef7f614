// The whole import check: every file of the messy folder in the plan with the right problem and
// reason (never an abort), duplicates named, thumbnails made once, prompt cancel, throttled progress.
import { copyFile, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImportPlan } from '../../../../../src/main/data/import/buildImportPlan';
import type { PlanProgress } from '../../../../../src/main/data/import/progress';
import { thumbnailFile } from '../../../../../src/main/data/images/thumbnails';
import { ImportOptionsSchema, problemKinds } from '../../../../../src/shared/dataset';
import {
  makeCsvDataset,
  makeFolderPerClass,
  makeMessyFolder,
  type MessyFolder,
} from '../../../../helpers/fixtures';

let base: string;
let messy: MessyFolder;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-plan-'));
  messy = await makeMessyFolder(join(base, 'messy'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const options = (folder: string) => ImportOptionsSchema.parse({ folder });

describe('buildImportPlan on the messy folder', () => {
  it('lists every file with the right problem, and labels for the rest', async () => {
    const cacheDir = join(base, 'cache-messy');
    const { plan, preview, seconds } = await buildImportPlan(options(messy.root), { cacheDir });
    expect(plan.root).toBe(messy.root);
    expect(plan.layout).toBe('folder-per-class');
    expect(plan.classes).toEqual(messy.classes);
    expect(seconds).toBeGreaterThan(0);
    expect(preview.skippedHidden).toBe(messy.skippedHidden);

    const kinds = Object.fromEntries(plan.items.map((i) => [i.path, i.problem?.kind ?? null]));
    expect(kinds).toEqual(messy.expected);
    for (const item of plan.items) {
      if (item.problem) {
        expect(item.problem.reason.length).toBeGreaterThan(20);
        continue;
      }
      expect(item.labels).toEqual(messy.labels[item.path]);
      expect(item.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(item.width).toBeGreaterThan(0);
      await expect(stat(thumbnailFile(cacheDir, item.hash ?? ''))).resolves.toBeTruthy();
    }
    const seen = new Set(plan.items.map((i) => i.problem?.kind).filter(Boolean));
    const notProducible = messy.unreadable.testable ? [] : ['unreadable'];
    expect([...seen].sort()).toEqual(
      problemKinds.filter((k) => k !== 'missing' && !notProducible.includes(k)).sort(),
    );
  });

  it('names the first copy in a duplicate reason', async () => {
    const { plan } = await buildImportPlan(options(messy.root), { cacheDir: join(base, 'cache-dup') });
    const dup = plan.items.find((i) => i.path === 'cats/ok-1_copy.jpg');
    expect(dup?.problem?.reason).toMatch(/^Same content as cats\/ok-1\.jpg; only that copy is used\./);
    expect(dup?.hash).toBe(plan.items.find((i) => i.path === 'cats/ok-1.jpg')?.hash);
  });

  it('reports width and height after orientation', async () => {
    const { plan } = await buildImportPlan(options(messy.root), {
      cacheDir: join(base, 'cache-dims'),
      concurrency: 1,
    });
    for (const [path, [w, h]] of Object.entries(messy.dims))
      expect(plan.items.find((i) => i.path === path)).toMatchObject({ width: w, height: h });
  });
});

describe('buildImportPlan', () => {
  it('makes each thumbnail once: a second import decodes nothing new', async () => {
    const ds = await makeFolderPerClass(join(base, 'twice'), { classes: 2, perClass: 4 });
    const cacheDir = join(base, 'cache-twice');
    const first = await buildImportPlan(options(ds.root), { cacheDir });
    const before = await Promise.all(
      first.plan.items.map((i) => stat(thumbnailFile(cacheDir, i.hash ?? ''))),
    );
    const second = await buildImportPlan(options(ds.root), { cacheDir });
    expect(second.plan.items).toEqual(first.plan.items);
    const after = await Promise.all(
      second.plan.items.map((i) => stat(thumbnailFile(cacheDir, i.hash ?? ''))),
    );
    after.forEach((s, j) => {
      expect(s.ino).toBe(before[j]?.ino);
      expect(s.mtimeMs).toBe(before[j]?.mtimeMs);
    });
  });

  it('lists a symlinked file once per path (the later path is a duplicate)', async () => {
    const ds = await makeFolderPerClass(join(base, 'linked'), { classes: 2, perClass: 2 });
    await symlink(join(ds.root, 'class0/class0_000.jpg'), join(ds.root, 'class1/link.jpg'));
    const { plan } = await buildImportPlan(options(ds.root), { cacheDir: join(base, 'cache-linked') });
    expect(plan.items.map((i) => i.path)).toContain('class1/link.jpg');
    expect(plan.items.find((i) => i.path === 'class1/link.jpg')?.problem?.kind).toBe('duplicate');
  });

  it("uses the original, not a file manager's copy that sorts before it", async () => {
    const ds = await makeFolderPerClass(join(base, 'copies'), { classes: 2, perClass: 2 });
    const original = join(ds.root, 'class0/class0_000.jpg');
    // ' ' and '(' sort before '.', so each copy comes first in path order.
    await copyFile(original, join(ds.root, 'class0/class0_000 copy.jpg'));
    await copyFile(original, join(ds.root, 'class0/class0_000 (1).jpg'));
    const { plan } = await buildImportPlan(options(ds.root), { cacheDir: join(base, 'cache-copies') });
    const problem = (path: string) => plan.items.find((i) => i.path === path)?.problem;
    expect(problem('class0/class0_000.jpg')).toBeNull();
    for (const copy of ['class0/class0_000 copy.jpg', 'class0/class0_000 (1).jpg'])
      expect(problem(copy)?.reason).toMatch(/^Same content as class0\/class0_000\.jpg;/);
  });

  it('includes CSV rows without a file as missing items with their labels', async () => {
    const ds = await makeCsvDataset(join(base, 'csv-missing'), { count: 4, missingRows: 1 });
    const { plan } = await buildImportPlan(options(ds.root), { cacheDir: join(base, 'cache-csv') });
    expect(plan.layout).toBe('csv');
    expect(plan.items.find((i) => i.path === 'train/gone_0.jpg')).toMatchObject({
      hash: null,
      labels: ['cat'],
      problem: { kind: 'missing', reason: expect.stringMatching(/^Row 6 of labels\.csv names/) },
    });
  });

  it('stops promptly when cancelled mid-check, with CANCELLED', async () => {
    const ds = await makeFolderPerClass(join(base, 'cancel'), { classes: 4, perClass: 100, size: 64 });
    const controller = new AbortController();
    let abortedAt = 0;
    let checkedAfterAbort = 0;
    const run = buildImportPlan(options(ds.root), {
      cacheDir: join(base, 'cache-cancel'),
      signal: controller.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (abortedAt) checkedAfterAbort += 1;
        if (p.phase === 'checking' && p.done >= 20 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(checkedAfterAbort).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      buildImportPlan(options(messy.root), { cacheDir: join(base, 'c'), signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports progress at most 10 times a second, always with the last of each phase', async () => {
    const ds = await makeFolderPerClass(join(base, 'progress'), { classes: 3, perClass: 100, size: 48 });
    const events: (PlanProgress & { at: number })[] = [];
    const started = performance.now();
    await buildImportPlan(options(ds.root), {
      cacheDir: join(base, 'cache-progress'),
      concurrency: 1,
      onProgress: (p) => events.push({ ...p, at: performance.now() }),
    });
    const seconds = (performance.now() - started) / 1000;
    const checking = events.filter((e) => e.phase === 'checking');
    expect(checking.at(-1)).toMatchObject({ done: 300, total: 300 });
    expect(events.filter((e) => e.phase === 'scanning').at(-1)).toMatchObject({ done: 300, total: 300 });
    // Phase ends are forced; everything else is spaced ≥ 100 ms.
    expect(events.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 4);
    expect(checking.every((e) => e.done <= e.total && e.total === 300)).toBe(true);
  });
});
