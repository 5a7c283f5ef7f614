// Layout detection: each folder convention gives the right layout, labels, splits and classes.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportOptionsSchema, type ImportOptions } from '../../../../../src/shared/dataset';
import { scanFolder, type ScannedFile } from '../../../../../src/main/data/import/scan';
import { makeCsvDataset, makeFolderPerClass, makeTrainValid } from '../../../../helpers/fixtures';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-layouts-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const options = (folder: string, extra: Omit<ImportOptions, 'folder'> = {}) =>
  ImportOptionsSchema.parse({ folder, ...extra });
const byPath = (files: ScannedFile[]) => new Map(files.map((f) => [f.path, f]));

describe('folder per class', () => {
  it('labels each image with its top folder and splits 20% to valid', async () => {
    const ds = await makeFolderPerClass(join(base, 'fpc'), {
      classes: ['apple', 'pear', 'plum'],
      perClass: 10,
    });
    const { preview, files, classes } = await scanFolder(options(ds.root));
    expect(preview.layout).toBe('folder-per-class');
    expect(classes).toEqual(['apple', 'pear', 'plum']);
    expect(preview.images).toBe(30);
    expect(preview.byClass).toEqual({ apple: 10, pear: 10, plum: 10 });
    expect(preview.bySplit).toEqual({ train: 24, valid: 6, test: 0 });
    expect(preview.problems).toEqual([]);
    const scanned = byPath(files);
    for (const f of ds.files) expect(scanned.get(f.path)?.labels).toEqual(f.labels);
    for (const cls of classes)
      expect(files.filter((f) => f.labels[0] === cls && f.split === 'valid')).toHaveLength(2);
  });

  it('leaves loose top-level images unlabeled and keeps a test/ folder apart', async () => {
    const ds = await makeFolderPerClass(join(base, 'fpc-loose'), { classes: 2, perClass: 5 });
    const extra = await makeTrainValid(join(base, 'tmp-tv'), { classes: 1, train: 0, valid: 0, test: 2 });
    await cp(join(extra.root, 'test'), join(ds.root, 'test'), { recursive: true });
    const looseBytes = Buffer.concat([
      await readFile(join(extra.root, 'test/unknown_0.jpg')),
      Buffer.from([0]),
    ]);
    await writeFile(join(ds.root, 'loose.jpg'), looseBytes);
    const { preview, files, classes } = await scanFolder(options(ds.root));
    expect(preview.layout).toBe('folder-per-class');
    expect(classes).toEqual(['class0', 'class1']);
    const scanned = byPath(files);
    expect(scanned.get('loose.jpg')?.labels).toEqual([]);
    expect(scanned.get('test/unknown_0.jpg')).toMatchObject({ split: 'test', labels: [] });
    expect(scanned.get('test/batch/unknown_1.jpg')).toMatchObject({ split: 'test', labels: [] });
    expect(preview.bySplit.test).toBe(2);
  });
});

describe('train/valid folders', () => {
  for (const validName of ['valid', 'val', 'validation'] as const) {
    it(`takes splits from train/ and ${validName}/, labels from class folders, test/ unlabeled`, async () => {
      const ds = await makeTrainValid(join(base, `tv-${validName}`), { classes: ['cat', 'dog'], validName });
      const { preview, files, classes } = await scanFolder(options(ds.root));
      expect(preview.layout).toBe('train-valid-folders');
      expect(classes).toEqual(['cat', 'dog']);
      expect(preview.bySplit).toEqual({ train: 12, valid: 4, test: 3 });
      expect(preview.byClass).toEqual({ cat: 8, dog: 8 });
      const scanned = byPath(files);
      for (const f of ds.files)
        expect(scanned.get(f.path)).toMatchObject({ labels: f.labels, split: f.split });
    });
  }

  it('splits train/ at random when there is no validation folder', async () => {
    const ds = await makeTrainValid(join(base, 'tv-novalid'), { classes: 2, train: 10, valid: 0, test: 2 });
    const { preview } = await scanFolder(options(ds.root));
    expect(preview.layout).toBe('train-valid-folders');
    expect(preview.bySplit).toEqual({ train: 16, valid: 4, test: 2 });
  });
});

describe('unlabeled', () => {
  it('treats a flat folder of images as unlabeled and still splits it', async () => {
    const ds = await makeFolderPerClass(join(base, 'flat-src'), { classes: ['only'], perClass: 10 });
    const { preview, files } = await scanFolder(options(join(ds.root, 'only')));
    expect(preview.layout).toBe('unlabeled');
    expect(files.every((f) => f.labels.length === 0)).toBe(true);
    expect(preview.bySplit).toEqual({ train: 8, valid: 2, test: 0 });
    expect(preview.byClass).toEqual({});
  });

  it('treats a single image folder as unlabeled, not as one class', async () => {
    const ds = await makeFolderPerClass(join(base, 'one-class'), { classes: ['images'], perClass: 4 });
    expect((await scanFolder(options(ds.root))).preview.layout).toBe('unlabeled');
  });
});

describe('csv', () => {
  it('wins over folders when its names match the images', async () => {
    const ds = await makeCsvDataset(join(base, 'csv-basic'));
    const { preview, files, classes } = await scanFolder(options(ds.root));
    expect(preview.layout).toBe('csv');
    expect(classes).toEqual(['bird', 'cat', 'dog']);
    expect(preview.csvCandidates).toHaveLength(1);
    expect(preview.csvCandidates[0]).toMatchObject({
      file: 'labels.csv',
      delimiter: ',',
      nameColumn: 'fname',
      labelColumn: 'labels',
      multiLabel: false,
    });
    expect(preview.needsChoice).toBeUndefined();
    expect(files.map((f) => f.path)).not.toContain('labels.csv');
    const scanned = byPath(files);
    for (const f of ds.files) expect(scanned.get(f.path)).toMatchObject({ labels: f.labels, split: f.split });
  });
});
