// Shared helpers for the project store tests: temp folders, import plans built from short specs, and
// a snapshot of everything an edit may change (for exact undo/redo comparisons).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ImportPlan, PlannedItem } from '../../../../../src/main/data/types';
import type { ItemQueryArgs, Problem, Split } from '../../../../../src/shared/dataset';
import type { ProjectStore } from '../../../../../src/main/data/store/projectStore';

const made: string[] = [];

/** A fresh temp folder, removed by `removeTempDirs`. */
export function tempDir(prefix = 'deskfit-store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Points DESKFIT_HOME at a fresh temp folder (not yet made) before each test and restores it after;
 * returns a getter for the folder.
 */
export function useTempDeskfitHome(): () => string {
  const saved = process.env['DESKFIT_HOME'];
  let home = '';
  beforeEach(() => {
    home = join(tempDir(), 'home');
    process.env['DESKFIT_HOME'] = home;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['DESKFIT_HOME'];
    else process.env['DESKFIT_HOME'] = saved;
    removeTempDirs();
  });
  return () => home;
}

export function plannedItem(
  path: string,
  options: { labels?: string[]; split?: Split; problem?: Problem | null; size?: number; width?: number } = {},
): PlannedItem {
  return {
    path,
    hash: `hash-of-${path}`,
    size: options.size ?? 1000,
    width: options.width ?? 32,
    height: 32,
    split: options.split ?? 'train',
    labels: options.labels ?? [],
    problem: options.problem ?? null,
  };
}

export function plan(items: PlannedItem[], classes?: string[], root = '/data/pets'): ImportPlan {
  const layout =
    classes === undefined && items.every((i) => i.labels.length === 0) ? 'unlabeled' : 'folder-per-class';
  return { root, layout, items, classes: classes ?? [...new Set(items.flatMap((i) => i.labels))] };
}

/** Ten pets: cats and dogs in train and valid, one unlabeled, one corrupt. */
export function petsPlan(root = '/data/pets'): ImportPlan {
  return plan(
    [
      plannedItem('cat/c1.jpg', { labels: ['cat'], size: 300, width: 10 }),
      plannedItem('cat/c2.jpg', { labels: ['cat'], size: 100, width: 30 }),
      plannedItem('cat/c3.jpg', { labels: ['cat'], split: 'valid', size: 200, width: 20 }),
      plannedItem('dog/d1.jpg', { labels: ['dog'], size: 500, width: 50 }),
      plannedItem('dog/d2.jpg', { labels: ['dog'], split: 'valid', size: 400, width: 40 }),
      plannedItem('dog/d_3%.jpg', { labels: ['dog'], size: 600, width: 60 }),
      plannedItem('unsorted/u1.jpg', { size: 700, width: 70 }),
      plannedItem('unsorted/u2.jpg', { split: 'test', size: 800, width: 80 }),
      plannedItem('cat/broken.jpg', {
        labels: ['cat'],
        size: 5,
        problem: { kind: 'truncated', reason: 'cat/broken.jpg is truncated; re-export it.' },
      }),
      plannedItem('Dog/Big Dog.PNG', { labels: ['dog'], size: 900, width: 90 }),
    ],
    ['cat', 'dog', 'bird'],
    root,
  );
}

export function queryArgs(overrides: Partial<ItemQueryArgs> = {}): ItemQueryArgs {
  return { sort: 'path', descending: false, offset: 0, limit: 500, ...overrides };
}

/** Everything edits can change, in a comparable form. */
export function snapshot(store: ProjectStore): unknown {
  const page = store.query(queryArgs({ limit: 5000 }));
  return {
    classes: store.classes(),
    items: page.items.map((i) => ({ path: i.path, labels: i.labels, split: i.split, excluded: i.excluded })),
    stats: store.stats(),
  };
}
