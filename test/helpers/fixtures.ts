/**
 * Small crafted image datasets for tests, benchmarks and the e2e test, made with sharp in a given
 * folder in well under a second: each layout the importer detects, and a "messy" folder holding
 * every kind of bad file it must report. Classes differ in colour and stripe pattern so a model
 * could learn them; every image carries its own noise so no two share a content hash by accident.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32, constants as zlibConstants, deflateRawSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { ProblemKind, Split } from '../../src/shared/dataset';

export interface FixtureFile {
  /** Relative to the dataset root, forward slashes. */
  path: string;
  labels: string[];
  /** Set when the layout fixes the split (folders or is_valid). */
  split?: Split;
}

export interface FixtureDataset {
  root: string;
  classes: string[];
  files: FixtureFile[];
}

type Rgb = [number, number, number];

/** mulberry32, so fixtures are the same on every run. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hueColour(index: number, count: number): Rgb {
  const h = (index / Math.max(1, count)) * 6;
  const x = Math.round(255 * (1 - Math.abs((h % 2) - 1)));
  const table: Rgb[] = [
    [255, x, 0],
    [x, 255, 0],
    [0, 255, x],
    [0, x, 255],
    [x, 0, 255],
    [255, 0, x],
  ];
  return table[Math.floor(h) % 6] ?? [255, 0, 0];
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

/** Raw RGB pixels of one image of a class: its colour, its stripe pattern, per-image phase and noise. */
export function classPixels(classIndex: number, classCount: number, size: number, seed: number): Buffer {
  const random = rng(seed * 7919 + classIndex * 104729 + 1);
  const colour = hueColour(classIndex, classCount);
  const pattern = classIndex % 3;
  const period = 4 + (classIndex % 4) * 2;
  const phase = Math.floor(random() * period);
  const out = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const on =
        pattern === 0
          ? Math.floor((y + phase) / (period / 2)) % 2 === 0
          : pattern === 1
            ? Math.floor((x + phase) / (period / 2)) % 2 === 0
            : (Math.floor((x + phase) / (period / 2)) + Math.floor(y / (period / 2))) % 2 === 0;
      const scale = on ? 1 : 0.35;
      for (let c = 0; c < 3; c++)
        out[(y * size + x) * 3 + c] = clamp((colour[c] ?? 0) * scale + (random() - 0.5) * 24);
    }
  return out;
}

/** Raw RGB pixels of a multi-label image: one quadrant per possible tag, lit in that tag's colour. */
function tagPixels(tags: string[], allTags: string[], size: number, seed: number): Buffer {
  const random = rng(seed * 31337 + 7);
  const out = Buffer.alloc(size * size * 3);
  const half = size / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const quadrant = (y < half ? 0 : 2) + (x < half ? 0 : 1);
      const tag = allTags[quadrant % allTags.length] ?? '';
      const colour = tags.includes(tag) ? hueColour(quadrant, 4) : ([40, 40, 40] as Rgb);
      for (let c = 0; c < 3; c++)
        out[(y * size + x) * 3 + c] = clamp((colour[c] ?? 0) + (random() - 0.5) * 24);
    }
  return out;
}

function encode(pixels: Buffer, size: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const image = sharp(pixels, { raw: { width: size, height: size, channels: 3 } });
  return (format === 'png' ? image.png() : image.jpeg({ quality: 90 })).toBuffer();
}

async function put(root: string, path: string, data: Buffer | string): Promise<void> {
  const file = join(root, path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, data);
}

function classNames(classes: string[] | number): string[] {
  return typeof classes === 'number' ? Array.from({ length: classes }, (_, i) => `class${i}`) : classes;
}

export interface FolderPerClassOptions {
  /** Class names, or how many (`class0`, `class1`…). Default 3. */
  classes?: string[] | number;
  perClass?: number;
  /** Side of the square images in pixels. Default 32. */
  size?: number;
  format?: 'jpeg' | 'png';
  seed?: number;
}

/** `dir/<class>/<class>_<n>.jpg`: the folder-per-class layout. */
export async function makeFolderPerClass(
  dir: string,
  options: FolderPerClassOptions = {},
): Promise<FixtureDataset> {
  const classes = classNames(options.classes ?? 3);
  const perClass = options.perClass ?? 8;
  const size = options.size ?? 32;
  const format = options.format ?? 'jpeg';
  const ext = format === 'png' ? 'png' : 'jpg';
  const files: FixtureFile[] = [];
  const jobs: Promise<void>[] = [];
  classes.forEach((cls, ci) => {
    for (let n = 0; n < perClass; n++) {
      const path = `${cls}/${cls}_${String(n).padStart(3, '0')}.${ext}`;
      files.push({ path, labels: [cls] });
      const seed = (options.seed ?? 1) * 100_003 + n;
      jobs.push(
        encode(classPixels(ci, classes.length, size, seed), size, format).then((b) => put(dir, path, b)),
      );
    }
  });
  await Promise.all(jobs);
  return { root: dir, classes, files };
}

export interface TrainValidOptions {
  classes?: string[] | number;
  /** Images per class in train/. Default 6. */
  train?: number;
  /** Images per class in the validation folder. Default 2. */
  valid?: number;
  /** Unlabeled images in test/ (half flat, half in a subfolder). Default 3; 0 for no test/. */
  test?: number;
  size?: number;
  /** Name of the validation folder: 'valid' (fastai), 'val' (ImageNet) or 'validation'. */
  validName?: 'valid' | 'val' | 'validation';
}

/** `train/<class>/…`, `valid/<class>/…` and an unlabeled `test/`: the fastai/ImageNet layout. */
export async function makeTrainValid(dir: string, options: TrainValidOptions = {}): Promise<FixtureDataset> {
  const classes = classNames(options.classes ?? 2);
  const size = options.size ?? 32;
  const validName = options.validName ?? 'valid';
  const counts = { train: options.train ?? 6, valid: options.valid ?? 2 };
  const files: FixtureFile[] = [];
  const jobs: Promise<void>[] = [];
  let seed = 1;
  for (const split of ['train', 'valid'] as const) {
    const folder = split === 'valid' ? validName : 'train';
    classes.forEach((cls, ci) => {
      for (let n = 0; n < counts[split]; n++) {
        const path = `${folder}/${cls}/${cls}_${split}_${n}.jpg`;
        files.push({ path, labels: [cls], split });
        const s = seed++;
        jobs.push(
          encode(classPixels(ci, classes.length, size, s), size, 'jpeg').then((b) => put(dir, path, b)),
        );
      }
    });
  }
  const testCount = options.test ?? 3;
  for (let n = 0; n < testCount; n++) {
    const path = n % 2 === 0 ? `test/unknown_${n}.jpg` : `test/batch/unknown_${n}.jpg`;
    files.push({ path, labels: [], split: 'test' });
    const s = seed++;
    jobs.push(
      encode(classPixels(n % classes.length, classes.length, size, s), size, 'jpeg').then((b) =>
        put(dir, path, b),
      ),
    );
  }
  await Promise.all(jobs);
  return { root: dir, classes, files };
}

export interface CsvDatasetOptions {
  multiLabel?: boolean;
  /** Images listed in the CSV. Default 12. */
  count?: number;
  /** Add fastai's `is_valid` column (every 4th row true). Default true. */
  isValid?: boolean;
  delimiter?: ',' | ';' | '\t' | '|';
  csvName?: string;
  /** Folder holding the images. Default 'train'. */
  folder?: string;
  /** Write names as `train/img_000.jpg` (true) or `img_000.jpg` (false). Default true. */
  prefixInCsv?: boolean;
  /** Extra rows naming files that do not exist. Default 0. */
  missingRows?: number;
  /** Extra images with no row. Default 0. */
  unlisted?: number;
  size?: number;
}

export interface CsvDataset extends FixtureDataset {
  csvFile: string;
  /** Names written in the CSV for rows whose file does not exist. */
  missing: string[];
}

const singleLabels = ['cat', 'dog', 'bird'];
const tagSet = ['cat', 'dog', 'person', 'car'];
const tagCombos = [
  ['cat'],
  ['dog'],
  ['cat', 'dog'],
  ['person'],
  ['person', 'car'],
  ['car'],
  ['cat', 'person'],
  ['dog', 'car'],
];

/** A flat image folder plus a labels CSV (`fname,labels,is_valid`), fastai pascal/planet style. */
export async function makeCsvDataset(dir: string, options: CsvDatasetOptions = {}): Promise<CsvDataset> {
  const count = options.count ?? 12;
  const size = options.size ?? 32;
  const folder = options.folder ?? 'train';
  const delimiter = options.delimiter ?? ',';
  const withIsValid = options.isValid ?? true;
  const prefix = options.prefixInCsv ?? true;
  const files: FixtureFile[] = [];
  const rows: string[][] = [['fname', 'labels', ...(withIsValid ? ['is_valid'] : [])]];
  const jobs: Promise<void>[] = [];
  for (let n = 0; n < count + (options.unlisted ?? 0); n++) {
    const name = `img_${String(n).padStart(3, '0')}.jpg`;
    const path = `${folder}/${name}`;
    const listed = n < count;
    const labels = options.multiLabel
      ? (tagCombos[n % tagCombos.length] ?? [])
      : [singleLabels[n % singleLabels.length] ?? ''];
    const pixels = options.multiLabel
      ? tagPixels(labels, tagSet, size, n + 1)
      : classPixels(n % singleLabels.length, singleLabels.length, size, n + 1);
    jobs.push(encode(pixels, size, 'jpeg').then((b) => put(dir, path, b)));
    if (!listed) {
      files.push({ path, labels: [] });
      continue;
    }
    const split: Split = withIsValid && n % 4 === 3 ? 'valid' : 'train';
    files.push({ path, labels, ...(withIsValid ? { split } : {}) });
    rows.push([
      prefix ? path : name,
      labels.join(' '),
      ...(withIsValid ? [split === 'valid' ? 'True' : 'False'] : []),
    ]);
  }
  const missing: string[] = [];
  for (let m = 0; m < (options.missingRows ?? 0); m++) {
    const name = `${prefix ? `${folder}/` : ''}gone_${m}.jpg`;
    missing.push(name);
    rows.push([name, options.multiLabel ? 'cat dog' : 'cat', ...(withIsValid ? ['False'] : [])]);
  }
  await Promise.all(jobs);
  const csvName = options.csvName ?? 'labels.csv';
  const quote = (cell: string): string =>
    cell.includes(delimiter) || cell.includes('"') ? `"${cell.replace(/"/g, '""')}"` : cell;
  await put(dir, csvName, rows.map((r) => r.map(quote).join(delimiter)).join('\n') + '\n');
  const classes = [...new Set(files.flatMap((f) => f.labels))].sort();
  return { root: dir, classes, files, csvFile: join(dir, csvName), missing };
}

/** A valid PNG whose header says `width × height` (1-bit grayscale, all black): ~100 KB for 30000². */
export function decompressionBombPng(width: number, height: number): Buffer {
  const rowBytes = 1 + Math.ceil(width / 8);
  const rowsPerBlock = 512;
  const flushed = (rows: number): Buffer =>
    deflateRawSync(Buffer.alloc(rowBytes * rows), { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  // Full-flushed deflate blocks are self-contained, so one compressed block can be repeated.
  const block = flushed(rowsPerBlock);
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < Math.floor(height / rowsPerBlock); i++) parts.push(block);
  if (height % rowsPerBlock) parts.push(flushed(height % rowsPerBlock));
  parts.push(deflateRawSync(Buffer.alloc(0)));
  const total = rowBytes * height;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0); // Adler-32 of all-zero bytes
  parts.push(adler);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(parts)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 2×2 24-bit BMP (a real image format sharp cannot decode). */
function tinyBmp(): Buffer {
  const rowSize = 8; // 2 px × 3 bytes, padded to 4
  const pixels = Buffer.alloc(rowSize * 2, 0x80);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

export interface MessyFolder {
  root: string;
  /** Every file the import should list, by relative path: null when usable, else its problem kind. */
  expected: Record<string, ProblemKind | null>;
  /** Labels of the usable files (folder per class: cats, café, 狗; loose files unlabeled). */
  labels: Record<string, string[]>;
  /** Width × height after EXIF orientation, for the files where it matters. */
  dims: Record<string, [number, number]>;
  classes: string[];
  /** Hidden and system entries the walk must skip (files and folders, each counted once). */
  skippedHidden: number;
  /** Symlinks that loop back to an ancestor. */
  loops: string[];
  /** The chmod-000 file: `testable` is false when the tests run as root (root reads it anyway). */
  unreadable: { path: string; testable: boolean; why?: string };
}

/**
 * A folder-per-class dataset with every bad kind the importer must report: truncated JPEG and PNG,
 * empty, text named .jpg, JPEG-looking garbage, a 30000×30000 decompression bomb, a BMP named .jpg,
 * a .bmp, notes, a duplicate, an unreadable file; the odd-but-fine ones (CMYK, 16-bit, grayscale,
 * alpha, EXIF-rotated, unicode and spaces, nested junk folders); hidden/system files; link loops.
 */
export async function makeMessyFolder(dir: string): Promise<MessyFolder> {
  const size = 24;
  const pixels = (ci: number, seed: number): Buffer => classPixels(ci, 3, size, seed);
  const raw = (ci: number, seed: number, width = size, height = size, channels: 3 | 4 = 3): Sharp =>
    sharp(channels === 4 ? withAlpha(pixels(ci, seed)) : pixels(ci, seed), {
      raw: { width, height, channels },
    });
  const jpeg = (ci: number, seed: number): Promise<Buffer> => raw(ci, seed).jpeg().toBuffer();
  const png = (ci: number, seed: number): Promise<Buffer> => raw(ci, seed).png().toBuffer();

  const good1 = await jpeg(0, 1);
  const truncatedJpeg = (await jpeg(0, 90)).subarray(0, 300);
  const fullPng = await png(0, 91);
  const truncatedPng = fullPng.subarray(0, Math.floor(fullPng.length / 2));
  const garbage = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43]),
    Buffer.alloc(400, 0x5a),
    Buffer.from([0xff, 0xd9]),
  ]);
  const rotated = await sharp(pixels(1, 7).subarray(0, 40 * 12 * 3), {
    raw: { width: 40, height: 12, channels: 3 },
  })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();

  const files: [string, Buffer | string, ProblemKind | null, string[]][] = [
    ['cats/ok-1.jpg', good1, null, ['cats']],
    ['cats/ok-1_copy.jpg', good1, 'duplicate', ['cats']],
    ['cats/ok-2.jpg', await jpeg(0, 2), null, ['cats']],
    ['cats/ok-3.png', await png(0, 3), null, ['cats']],
    ['cats/with space.jpg', await jpeg(0, 4), null, ['cats']],
    ['cats/cmyk.jpg', await raw(0, 5).toColourspace('cmyk').jpeg().toBuffer(), null, ['cats']],
    ['cats/deep16.png', await raw(0, 6).toColourspace('rgb16').png().toBuffer(), null, ['cats']],
    ['cats/gray.png', await raw(0, 8).toColourspace('b-w').png().toBuffer(), null, ['cats']],
    ['cats/alpha.png', await raw(0, 9, size, size, 4).png().toBuffer(), null, ['cats']],
    ['cats/rotated.jpg', rotated, null, ['cats']],
    ['cats/old/backup/deep.jpg', await jpeg(0, 10), null, ['cats']],
    ['cats/truncated.jpg', truncatedJpeg, 'truncated', ['cats']],
    ['cats/truncated.png', truncatedPng, 'truncated', ['cats']],
    ['cats/empty.jpg', Buffer.alloc(0), 'empty', ['cats']],
    ['cats/text.jpg', 'This is not a picture.\nJust some notes.\n', 'not-an-image', ['cats']],
    ['cats/garbage.jpg', garbage, 'corrupt', ['cats']],
    ['cats/bomb.png', decompressionBombPng(30000, 30000), 'too-large', ['cats']],
    ['cats/bitmap.jpg', tinyBmp(), 'unsupported', ['cats']],
    ['cats/picture.bmp', tinyBmp(), 'unsupported', ['cats']],
    ['cats/notes.txt', 'shot on a phone\n', 'not-an-image', ['cats']],
    ['café/niño ü.png', await png(1, 11), null, ['café']],
    ['café/ok.jpg', await jpeg(1, 12), null, ['café']],
    ['狗/小狗 照片.jpg', await jpeg(2, 13), null, ['狗']],
    ['狗/two.jpg', await jpeg(2, 14), null, ['狗']],
    ['loose.jpg', await jpeg(2, 15), null, []],
    ['README.md', '# My photos\n', 'not-an-image', []],
    ['cats/locked.jpg', await jpeg(0, 16), null, ['cats']],
  ];
  const expected: Record<string, ProblemKind | null> = {};
  const labels: Record<string, string[]> = {};
  await Promise.all(
    files.map(async ([path, data, kind, fileLabels]) => {
      await put(dir, path, data);
      expected[path] = kind;
      labels[path] = fileLabels;
    }),
  );

  const hidden: [string, string][] = [
    ['cats/.DS_Store', '\0\0\0\x01Bud1'],
    ['cats/Thumbs.db', 'thumbs'],
    ['cats/._ok-1.jpg', 'appledouble'],
    ['café/desktop.ini', '[.ShellClassInfo]'],
    ['.hidden/secret.jpg', 'x'],
    ['__MACOSX/cats/._ok-2.jpg', 'x'],
  ];
  for (const [path, data] of hidden) await put(dir, path, data);

  const loops = ['cats/up', 'self'];
  await symlink('..', join(dir, 'cats/up'), 'dir');
  await symlink('.', join(dir, 'self'), 'dir');

  const lockedPath = 'cats/locked.jpg';
  const lockedFile = join(dir, lockedPath);
  chmodSync(lockedFile, 0o000);
  let testable = true;
  let why: string | undefined;
  try {
    closeSync(openSync(lockedFile, 'r'));
    testable = false;
    why =
      'chmod 000 does not stop this process from reading the file (it runs as root or with CAP_DAC_OVERRIDE), so the "unreadable" case cannot be produced here.';
  } catch {
    expected[lockedPath] = 'unreadable';
  }

  return {
    root: dir,
    expected,
    labels,
    dims: { 'cats/rotated.jpg': [12, 40], 'cats/ok-1.jpg': [size, size], 'cats/deep16.png': [size, size] },
    classes: ['café', 'cats', '狗'],
    skippedHidden: hidden.length,
    loops,
    unreadable: { path: lockedPath, testable, ...(why ? { why } : {}) },
  };
}

function withAlpha(rgb: Buffer): Buffer {
  const n = rgb.length / 3;
  const out = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) {
    out[i * 4] = rgb[i * 3] ?? 0;
    out[i * 4 + 1] = rgb[i * 3 + 1] ?? 0;
    out[i * 4 + 2] = rgb[i * 3 + 2] ?? 0;
    out[i * 4 + 3] = i % 3 === 0 ? 0 : 255;
  }
  return out;
}

/** `count` tiny files with image names in nested folders, for scan-speed checks (content is not valid). */
export async function makeManyNames(dir: string, count: number, perFolder = 500): Promise<void> {
  for (let start = 0; start < count; start += perFolder) {
    const folder = join(dir, `class${Math.floor(start / perFolder) % 10}`, `part${start}`);
    await mkdir(folder, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + perFolder); i++)
      writes.push(writeFile(join(folder, `img_${i}.jpg`), 'x'));
    await Promise.all(writes);
  }
}
