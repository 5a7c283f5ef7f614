// CSV labels: dialect sniffing, column guessing, ambiguity → needsChoice, overrides, multi-label
// tags, fastai's is_valid, rows without files and files without rows.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImportPlan } from '../../../../../src/main/data/import/buildImportPlan';
import { looksMultiLabel } from '../../../../../src/main/data/import/csvColumns';
import { sniffDelimiter } from '../../../../../src/main/data/import/csvTable';
import { scanFolder, type ScannedFile } from '../../../../../src/main/data/import/scan';
import { ImportOptionsSchema, type ImportOptions } from '../../../../../src/shared/dataset';
import { DeskfitError } from '../../../../../src/shared/errors';
import { makeCsvDataset, makeFolderPerClass } from '../../../../helpers/fixtures';

let base: string;
let n = 0;
const fresh = (): string => join(base, `ds${n++}`);
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-csv-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const options = (folder: string, extra: Omit<ImportOptions, 'folder'> = {}) =>
  ImportOptionsSchema.parse({ folder, ...extra });
const byPath = (files: ScannedFile[]) => new Map(files.map((f) => [f.path, f]));

describe('delimiter sniffing', () => {
  it('finds comma, semicolon, tab and pipe', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(sniffDelimiter('a;b\n1,5;x\n2,5;y\n')).toBe(';');
    expect(sniffDelimiter('a\tb\nx y\tz\n')).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n')).toBe('|');
    expect(sniffDelimiter('Just a readme.\nNothing, here, to see\nreally\n')).toBeNull();
  });

  for (const delimiter of [';', '\t', '|'] as const) {
    it(`reads a dataset whose CSV is ${JSON.stringify(delimiter)}-separated`, async () => {
      const ds = await makeCsvDataset(fresh(), { delimiter, multiLabel: true });
      const { preview, files } = await scanFolder(options(ds.root));
      expect(preview.layout).toBe('csv');
      expect(preview.csvCandidates[0]?.delimiter).toBe(delimiter);
      const scanned = byPath(files);
      for (const f of ds.files) expect(scanned.get(f.path)?.labels).toEqual(f.labels);
    });
  }
});

describe('multi-label detection', () => {
  it('tells tags from multi-word class names', () => {
    expect(looksMultiLabel(['cat', 'cat dog', 'dog'], undefined)).toBe(true);
    expect(looksMultiLabel(['clear primary', 'haze primary water', 'clear water', 'haze'], undefined)).toBe(
      true,
    );
    expect(looksMultiLabel(['a b', 'a c', 'b c', 'a b c'], undefined)).toBe(true);
    expect(looksMultiLabel(['golden retriever', 'labrador retriever', 'pug'], undefined)).toBe(false);
    expect(looksMultiLabel(['cat', 'dog'], undefined)).toBe(false);
    expect(looksMultiLabel(['cat', 'dog'], ';')).toBe(true);
  });

  it('splits space-separated tags (pascal/planet style)', async () => {
    const ds = await makeCsvDataset(fresh(), { multiLabel: true, count: 16 });
    const { preview, files, classes } = await scanFolder(options(ds.root));
    expect(preview.csvCandidates[0]?.multiLabel).toBe(true);
    expect(classes).toEqual(['car', 'cat', 'dog', 'person']);
    const scanned = byPath(files);
    expect(scanned.get('train/img_002.jpg')?.labels).toEqual(['cat', 'dog']);
    expect(preview.byClass.cat).toBe(ds.files.filter((f) => f.labels.includes('cat')).length);
  });

  it('honours an explicit label delimiter', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['images'], perClass: 3 });
    await writeFile(
      join(root, 'tags.csv'),
      'file,tags\nimages/images_000.jpg,red;round\nimages/images_001.jpg,red\nimages/images_002.jpg,round\n',
    );
    const { files } = await scanFolder(options(root, { csv: { file: 'tags.csv', labelDelimiter: ';' } }));
    expect(byPath(files).get('images/images_000.jpg')?.labels).toEqual(['red', 'round']);
  });
});

describe('name matching', () => {
  it('matches names without the folder prefix', async () => {
    const ds = await makeCsvDataset(fresh(), { prefixInCsv: false });
    const { files } = await scanFolder(options(ds.root));
    const scanned = byPath(files);
    for (const f of ds.files) expect(scanned.get(f.path)?.labels).toEqual(f.labels);
  });

  it('matches names without an extension (planet)', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['train-jpg'], perClass: 4 });
    const lines = [
      'image_name,tags',
      ...[0, 1, 2, 3].map(
        (i) => `train-jpg_00${i},${['haze primary', 'clear primary', 'clear', 'haze primary water'][i]}`,
      ),
    ];
    await writeFile(join(root, 'train_v2.csv'), lines.join('\n'));
    const { preview, files } = await scanFolder(options(root));
    expect(preview.layout).toBe('csv');
    expect(preview.csvCandidates[0]).toMatchObject({
      nameColumn: 'image_name',
      labelColumn: 'tags',
      multiLabel: true,
    });
    expect(byPath(files).get('train-jpg/train-jpg_001.jpg')?.labels).toEqual(['clear', 'primary']);
  });

  it('reads a CSV without a header row', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['pics'], perClass: 3 });
    await writeFile(
      join(root, 'labels.csv'),
      'pics/pics_000.jpg,a\npics/pics_001.jpg,b\npics/pics_002.jpg,a\n',
    );
    const { preview, files } = await scanFolder(options(root));
    expect(preview.csvCandidates[0]).toMatchObject({
      columns: ['column 1', 'column 2'],
      nameColumn: 'column 1',
    });
    expect(byPath(files).get('pics/pics_000.jpg')?.labels).toEqual(['a']);
  });

  it('keeps multi-word single labels whole', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['dogs'], perClass: 3 });
    await writeFile(
      join(root, 'breeds.csv'),
      'name,breed\ndogs_000.jpg,golden retriever\ndogs_001.jpg,labrador retriever\ndogs_002.jpg,pug\n',
    );
    const { files } = await scanFolder(options(root));
    expect(byPath(files).get('dogs/dogs_000.jpg')?.labels).toEqual(['golden retriever']);
  });
});

describe('splits from the CSV', () => {
  it("honours fastai's is_valid column", async () => {
    const ds = await makeCsvDataset(fresh(), { count: 20 });
    const { preview, files } = await scanFolder(options(ds.root, { validPct: 0.5 }));
    expect(preview.bySplit).toEqual({ train: 15, valid: 5, test: 0 });
    const scanned = byPath(files);
    for (const f of ds.files) expect(scanned.get(f.path)?.split).toBe(f.split);
  });

  it('splits at random (stratified) without is_valid', async () => {
    const ds = await makeCsvDataset(fresh(), { count: 30, isValid: false });
    const { preview } = await scanFolder(options(ds.root));
    expect(preview.bySplit).toEqual({ train: 24, valid: 6, test: 0 });
  });
});

describe('rows and files that do not meet', () => {
  it('lists rows naming absent files as missing, naming the row', async () => {
    const ds = await makeCsvDataset(fresh(), { count: 6, missingRows: 2 });
    const { preview, files } = await scanFolder(options(ds.root));
    const missing = preview.problems.filter((p) => p.kind === 'missing');
    expect(missing.map((p) => p.path)).toEqual(['train/gone_0.jpg', 'train/gone_1.jpg']);
    expect(missing[0]?.reason).toMatch(/Row 8 of labels\.csv names "train\/gone_0\.jpg"/);
    expect(byPath(files).get('train/gone_1.jpg')).toMatchObject({
      labels: ['cat'],
      problem: { kind: 'missing' },
    });
  });

  it('never makes an item of a row naming an existing non-image or a path outside the folder', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['p'], perClass: 2 });
    await writeFile(join(root, 'p', 'notes.md'), 'hi');
    await writeFile(
      join(root, 'l.csv'),
      'name,label\np/p_000.jpg,a\np/p_001.jpg,b\np/notes.md,c\n../up.jpg,d\n',
    );
    const { preview, files } = await scanFolder(options(root));
    expect(files.filter((f) => f.path === 'p/notes.md')).toHaveLength(1);
    expect(files.some((f) => f.path.includes('..'))).toBe(false);
    const missing = preview.problems.filter((p) => p.kind === 'missing').map((p) => p.path);
    expect(missing).toEqual(['p/notes.md', '../up.jpg']);
  });

  it('leaves images without a row unlabeled', async () => {
    const ds = await makeCsvDataset(fresh(), { count: 6, unlisted: 3 });
    const { files } = await scanFolder(options(ds.root));
    const scanned = byPath(files);
    expect(scanned.get('train/img_007.jpg')).toMatchObject({ labels: [], problem: null });
  });

  it('does not guess between files that share a name', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['a', 'b'], perClass: 2 });
    await makeFolderPerClass(join(root, 'more'), { classes: ['a'], perClass: 2 });
    await writeFile(join(root, 'l.csv'), 'fname,label\na_000.jpg,x\nb/b_000.jpg,y\nb_001.jpg,y\n');
    const { preview, files } = await scanFolder(options(root));
    expect(preview.problems.some((p) => /matches 2 files/.test(p.reason))).toBe(true);
    expect(byPath(files).get('b/b_000.jpg')?.labels).toEqual(['y']);
    expect(byPath(files).get('a/a_000.jpg')?.labels).toEqual([]);
  });
});

describe('ambiguity and overrides', () => {
  async function ambiguous(): Promise<string> {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['pics'], perClass: 4 });
    const rows = [0, 1, 2, 3].map(
      (i) => `pics/pics_00${i},${i % 2 ? 'cat' : 'dog'},${i < 2 ? 'red' : 'blue'}`,
    );
    await writeFile(join(root, 'meta.csv'), ['file,animal,colour', ...rows].join('\n'));
    return root;
  }

  it('asks which label column to use when two fit', async () => {
    const root = await ambiguous();
    const { preview } = await scanFolder(options(root));
    expect(preview.layout).toBe('csv');
    expect(preview.needsChoice).toMatch(
      /meta\.csv has several columns that could hold the labels \("animal", "colour"\)\. Choose the label column\./,
    );
    expect(preview.csvCandidates[0]).toMatchObject({
      nameColumn: 'file',
      columns: ['file', 'animal', 'colour'],
    });
    expect(preview.csvCandidates[0]?.labelColumn).toBeUndefined();
    await expect(buildImportPlan(options(root), { cacheDir: join(root, '.cache') })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: preview.needsChoice,
    });
  });

  it('uses the columns the user chose', async () => {
    const root = await ambiguous();
    const { preview, files } = await scanFolder(
      options(root, { csv: { file: 'meta.csv', labelColumn: 'colour' } }),
    );
    expect(preview.needsChoice).toBeUndefined();
    expect(byPath(files).get('pics/pics_003.jpg')?.labels).toEqual(['blue']);
  });

  it('names the columns when the chosen one does not exist', async () => {
    const root = await ambiguous();
    const error = await scanFolder(options(root, { csv: { file: 'meta.csv', labelColumn: 'kind' } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeskfitError);
    expect((error as DeskfitError).code).toBe('BAD_REQUEST');
    expect((error as DeskfitError).message).toBe(
      'The label column "kind" is not a column of meta.csv. Its columns are: "file", "animal", "colour".',
    );
  });

  it('says when the chosen CSV file does not exist', async () => {
    const root = await ambiguous();
    await expect(scanFolder(options(root, { csv: { file: 'nope.csv' } }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('The CSV file "nope.csv" was not found'),
    });
  });

  it('forces the delimiter the user chose', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['p'], perClass: 2 });
    await writeFile(join(root, 'x.csv'), 'name;label\np/p_000.jpg;a\np/p_001.jpg;b\n');
    const { files, preview } = await scanFolder(options(root, { csv: { file: 'x.csv', delimiter: ';' } }));
    expect(preview.csvCandidates[0]?.delimiter).toBe(';');
    expect(byPath(files).get('p/p_001.jpg')?.labels).toEqual(['b']);
  });

  it('asks which name column when two columns both name the images', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['p'], perClass: 2 });
    await writeFile(join(root, 'x.csv'), 'a,b,label\np/p_000.jpg,p_000.jpg,x\np/p_001.jpg,p_001.jpg,y\n');
    const { preview } = await scanFolder(options(root));
    expect(preview.needsChoice).toBe(
      'In x.csv, the columns "a" and "b" all name image files. Choose the name column.',
    );
  });

  it('asks which CSV when two fit equally, or prefers a train/labels file', async () => {
    const root = fresh();
    await makeFolderPerClass(root, { classes: ['p'], perClass: 2 });
    const text = 'name,label\np/p_000.jpg,a\np/p_001.jpg,b\n';
    await writeFile(join(root, 'one.csv'), text);
    await writeFile(join(root, 'two.csv'), text);
    expect((await scanFolder(options(root))).preview.needsChoice).toBe(
      'Several CSV files name these images (one.csv, two.csv). Choose the CSV file that holds the labels.',
    );
    await writeFile(join(root, 'two.csv'), 'x,y\n1,2\n');
    await writeFile(join(root, 'train.csv'), text);
    const { preview } = await scanFolder(options(root));
    expect(preview.needsChoice).toBeUndefined();
    expect(preview.layout).toBe('csv');
    // The CSV in use comes first.
    expect(preview.csvCandidates.map((c) => c.file)).toEqual(['train.csv', 'one.csv', 'two.csv']);
  });

  it('does not flag labels files as problems but does flag other text', async () => {
    const ds = await makeCsvDataset(fresh(), { count: 4 });
    await writeFile(join(ds.root, 'README.txt'), 'These are my photos.\nTaken in 2020.\n');
    const { preview } = await scanFolder(options(ds.root));
    expect(preview.problems).toEqual([expect.objectContaining({ path: 'README.txt', kind: 'not-an-image' })]);
  });
});
