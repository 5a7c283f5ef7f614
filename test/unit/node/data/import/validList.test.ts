// fastai's FileSplitter / split_by_file convention: a `valid.txt` naming the validation images, one a
// line. Found at the folder's root (or named by the user), it decides train/valid instead of the
// random split; the preview says it was used, and lines naming no image are reported.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportOptionsSchema, type ImportOptions } from '../../../../../src/shared/dataset';
import { buildImportPlan } from '../../../../../src/main/data/import/buildImportPlan';
import { scanFolder, type ScannedFile } from '../../../../../src/main/data/import/scan';
import { makeCsvDataset, makeFolderPerClass, makeTrainValid } from '../../../../helpers/fixtures';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-validlist-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const options = (folder: string, extra: Omit<ImportOptions, 'folder'> = {}) =>
  ImportOptionsSchema.parse({ folder, ...extra });
const validPaths = (files: ScannedFile[]) =>
  files
    .filter((f) => f.split === 'valid')
    .map((f) => f.path)
    .sort();

describe('valid.txt', () => {
  it('found at the root: the images it names (by file name, as fastai matches) go to valid, the rest to train', async () => {
    const ds = await makeFolderPerClass(join(base, 'fpc'), { classes: ['cat', 'dog'], perClass: 5 });
    await writeFile(
      join(ds.root, 'valid.txt'),
      'cat_001.jpg\r\ndog/dog_003.jpg\n\n./cat/cat_004.jpg\nnot_here.jpg\n',
    );
    const { preview, files } = await scanFolder(options(ds.root));
    expect(preview.layout).toBe('folder-per-class');
    expect(preview.validList).toEqual({ file: 'valid.txt', listed: 4, valid: 3, unmatched: 1 });
    expect(validPaths(files)).toEqual(['cat/cat_001.jpg', 'cat/cat_004.jpg', 'dog/dog_003.jpg']);
    expect(preview.bySplit).toEqual({ train: 7, valid: 3, test: 0 });
    expect(files.map((f) => f.path)).not.toContain('valid.txt');
    expect(preview.problems).toEqual([
      expect.objectContaining({
        path: 'valid.txt',
        reason: expect.stringContaining('Line 5 of valid.txt names "not_here.jpg"'),
      }),
    ]);

    const built = await buildImportPlan(options(ds.root), { cacheDir: join(base, 'fpc-cache') });
    expect(
      built.plan.items
        .filter((i) => i.split === 'valid')
        .map((i) => i.path)
        .sort(),
    ).toEqual(validPaths(files));
  });

  it('decides the split of a CSV layout without is_valid, and leaves test/ apart', async () => {
    const ds = await makeCsvDataset(join(base, 'csv'), { isValid: false, count: 8 });
    await writeFile(join(ds.root, 'VALID.TXT'), 'img_000.jpg\nimg_005.jpg\n');
    const { preview, files } = await scanFolder(options(ds.root));
    expect(preview.layout).toBe('csv');
    expect(preview.validList).toMatchObject({ file: 'VALID.TXT', listed: 2, valid: 2, unmatched: 0 });
    expect(validPaths(files)).toEqual(['train/img_000.jpg', 'train/img_005.jpg']);
    expect(preview.csvCandidates.map((c) => c.file)).toEqual(['labels.csv']);

    const tv = await makeTrainValid(join(base, 'tv'), { classes: 1, train: 4, valid: 0, test: 2 });
    await writeFile(join(tv.root, 'valid.txt'), 'class0_train_1.jpg\nunknown_0.jpg\n');
    const scanned = await scanFolder(options(tv.root));
    expect(validPaths(scanned.files)).toEqual(['train/class0/class0_train_1.jpg']);
    expect(scanned.files.find((f) => f.path === 'test/unknown_0.jpg')?.split).toBe('test');
  });

  it('uses a list the user names, anywhere, and says clearly when it is missing or names nothing', async () => {
    const ds = await makeFolderPerClass(join(base, 'named'), { classes: ['a', 'b'], perClass: 4 });
    await mkdir(join(ds.root, 'lists'));
    await writeFile(join(ds.root, 'lists', 'holdout.txt'), 'a/a_000.jpg\nb/b_002.jpg\n');
    const { preview, files } = await scanFolder(options(ds.root, { validFile: 'lists/holdout.txt' }));
    expect(preview.validList).toMatchObject({ file: 'lists/holdout.txt', valid: 2 });
    expect(validPaths(files)).toEqual(['a/a_000.jpg', 'b/b_002.jpg']);
    expect(preview.problems).toEqual([]);

    await expect(scanFolder(options(ds.root, { validFile: 'nope.txt' }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('nope.txt'),
    });
    await writeFile(join(ds.root, 'lists', 'other.txt'), 'zzz.jpg\n');
    await expect(scanFolder(options(ds.root, { validFile: 'lists/other.txt' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('names none of the images'),
    });
  });

  it('a valid.txt that names none of the images is not used: the random split stays, and the preview says why', async () => {
    const ds = await makeFolderPerClass(join(base, 'stray'), { classes: ['x', 'y'], perClass: 5 });
    await writeFile(join(ds.root, 'valid.txt'), 'these notes are not file names\n');
    const { preview } = await scanFolder(options(ds.root));
    expect(preview.validList).toBeUndefined();
    expect(preview.bySplit).toEqual({ train: 8, valid: 2, test: 0 });
    expect(preview.problems).toEqual([
      expect.objectContaining({ path: 'valid.txt', reason: expect.stringContaining('random split') }),
    ]);
  });
});
