import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../../src/main/data/store/projectStore';
import type { ProjectStoreApi, PlannedItem } from '../../../../src/main/data/types';
import { singleLabelDataset } from '../../../../src/main/service/trainingData';

let work: string;
let store: ProjectStoreApi;

function item(path: string, labels: string[], split: PlannedItem['split'], problem = false): PlannedItem {
  return {
    path,
    hash: `h-${path}`,
    size: 10,
    width: 8,
    height: 8,
    split,
    labels,
    problem: problem ? { kind: 'corrupt', reason: 'bad' } : null,
  };
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'deskfit-training-data-'));
  store = createProject(join(work, 'p.deskfit'));
  store.applyImport({
    root: join(work, 'images'),
    layout: 'folder-per-class',
    classes: ['zebra', 'ant', 'empty'],
    items: [
      item('ant/1.jpg', ['ant'], 'train'),
      item('ant/2.jpg', ['ant'], 'valid'),
      item('zebra/1.jpg', ['zebra'], 'train'),
      item('zebra/2.jpg', ['zebra'], 'valid'),
      item('zebra/3.jpg', ['zebra'], 'train', true),
      item('loose.jpg', [], 'train'),
      item('both.jpg', ['ant', 'zebra'], 'train'),
      item('test/x.jpg', [], 'test'),
    ],
  });
});
afterEach(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

describe('singleLabelDataset', () => {
  it('carries usable labelled items with files, hashes and class indices in project class order', () => {
    const { spec, left } = singleLabelDataset(store);
    expect(spec.classes).toEqual(['zebra', 'ant']);
    expect(spec.train.map((i) => [i.file, i.label])).toEqual([
      [join(work, 'images', 'ant/1.jpg'), 1],
      [join(work, 'images', 'zebra/1.jpg'), 0],
    ]);
    expect(spec.valid.map((i) => i.hash)).toEqual(['h-ant/2.jpg', 'h-zebra/2.jpg']);
    expect(left).toEqual({ unlabeled: 1, multiLabel: 1, test: 1 });
    expect(spec.cacheDir).toBe(store.cacheDir);
  });

  it('refuses a dataset without two classes or without validation images, saying what to do', () => {
    const ids = store.queryIds({ split: 'valid', sort: 'path', descending: false, offset: 0, limit: 1 });
    store.setSplit(ids, 'train');
    expect(() => singleLabelDataset(store)).toThrow(/both train and valid/);
    store.undo();
    store.assignLabel(
      store.queryIds({ label: 'ant', sort: 'path', descending: false, offset: 0, limit: 1 }),
      'zebra',
    );
    expect(() => singleLabelDataset(store)).toThrow(/at least two classes/);
  });
});
