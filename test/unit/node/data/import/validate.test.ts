// checkImage on every kind of file in the messy folder: the right problem kind and a reason that
// says what to do; odd-but-valid images (CMYK, 16-bit, gray, alpha, EXIF-rotated) accepted as RGB.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileErrorProblem } from '../../../../../src/main/data/import/imageProblems';
import { checkImage } from '../../../../../src/main/data/import/validate';
import { thumbnailFile } from '../../../../../src/main/data/images/thumbnails';
import { makeMessyFolder, type MessyFolder } from '../../../../helpers/fixtures';

let base: string;
let messy: MessyFolder;
let cacheDir: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-validate-'));
  messy = await makeMessyFolder(join(base, 'messy'));
  cacheDir = join(base, 'cache');
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const check = (path: string, maxPixels?: number) =>
  checkImage(join(messy.root, path), { cacheDir, ...(maxPixels ? { maxPixels } : {}) });

describe('checkImage problems', () => {
  const cases: [string, string, RegExp][] = [
    ['cats/empty.jpg', 'empty', /empty \(0 bytes\)\. Copy it again/],
    ['cats/truncated.jpg', 'truncated', /JPEG file is cut short .*premature end.*Copy it again/],
    ['cats/truncated.png', 'truncated', /PNG file is cut short.*Copy it again/],
    ['cats/text.jpg', 'not-an-image', /holds text, not an image.*Delete it, or restore the real image/],
    ['cats/garbage.jpg', 'corrupt', /JPEG data is damaged.*Re-export/],
    [
      'cats/bitmap.jpg',
      'unsupported',
      /This is a BMP image, which cannot be read by deskfit.*Convert the file to PNG or JPEG/,
    ],
    [
      'cats/bomb.png',
      'too-large',
      /^30000×30000 pixels \(900 megapixels\) is over the limit of 100 megapixels, so it was not decoded.*Downscale the image, or raise the pixel limit\.$/,
    ],
  ];
  for (const [path, kind, reason] of cases) {
    it(`${path} → ${kind}`, async () => {
      const result = await check(path);
      expect(result.problem?.kind).toBe(kind);
      expect(result.problem?.reason).toMatch(reason);
    });
  }

  it("gives the decoder's words once, without libvips' prefixes", async () => {
    for (const path of ['cats/truncated.jpg', 'cats/truncated.png', 'cats/garbage.jpg']) {
      const reason = (await check(path)).problem?.reason ?? '';
      expect(reason, path).not.toMatch(/Vips|corrupt header/);
      const words = /\((.*)\)/.exec(reason)?.[1]?.split('; ') ?? [];
      expect(words.length, path).toBeGreaterThan(0);
      expect(new Set(words).size, path).toBe(words.length);
    }
  });

  it('hashes even bad files, so they can be recognised later', async () => {
    const empty = await check('cats/empty.jpg');
    expect(empty.hash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect((await check('cats/bomb.png')).size).toBe((await stat(join(messy.root, 'cats/bomb.png'))).size);
  });

  it('refuses the bomb from its header: fast, and nothing decoded or cached', async () => {
    const started = performance.now();
    const result = await check('cats/bomb.png');
    expect(performance.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ width: 30000, height: 30000 });
    await expect(stat(thumbnailFile(cacheDir, result.hash ?? ''))).rejects.toThrow();
  });

  it('applies a lower pixel limit', async () => {
    const result = await check('cats/ok-1.jpg', 100);
    expect(result.problem).toMatchObject({ kind: 'too-large' });
    expect(result.problem?.reason).toMatch(/^24×24 pixels \(576 pixels\) is over the limit of 100 pixels/);
  });

  it('reports unreadable files (or says why it cannot here)', async () => {
    const result = await check(messy.unreadable.path);
    if (messy.unreadable.testable) {
      expect(result.problem).toMatchObject({ kind: 'unreadable' });
      expect(result.problem?.reason).toMatch(/Permission denied.*Give deskfit read access/);
      expect(result.hash).toBeNull();
    } else {
      // Running as root: chmod 000 does not stop reads. The mapping itself is checked below.
      expect(messy.unreadable.why).toMatch(/root/);
      expect(result.problem).toBeNull();
    }
  });

  it('maps permission errors to unreadable', () => {
    const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fileErrorProblem(eacces)).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/^Permission denied \(EACCES\)/),
    });
    const gone = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    expect(fileErrorProblem(gone).kind).toBe('missing');
  });

  it('reports a file that vanished', async () => {
    const result = await checkImage(join(messy.root, 'nope.jpg'));
    expect(result).toMatchObject({ hash: null, problem: { kind: 'missing' } });
  });
});

describe('checkImage accepts odd but valid images', () => {
  for (const path of [
    'cats/cmyk.jpg',
    'cats/deep16.png',
    'cats/gray.png',
    'cats/alpha.png',
    'cats/rotated.jpg',
    'café/niño ü.png',
    '狗/小狗 照片.jpg',
  ]) {
    it(`${path}: no problem, an 8-bit sRGB RGB thumbnail`, async () => {
      const result = await check(path);
      expect(result.problem).toBeNull();
      expect(result.hash).toMatch(/^[0-9a-f]{64}$/);
      const thumb = await readFile(thumbnailFile(cacheDir, result.hash ?? ''));
      const meta = await sharp(thumb).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', channels: 3, space: 'srgb', depth: 'uchar' });
    });
  }

  it('reports width and height after EXIF orientation', async () => {
    const source = await sharp(join(messy.root, 'cats/rotated.jpg')).metadata();
    expect([source.width, source.height, source.orientation]).toEqual([40, 12, 6]);
    const result = await check('cats/rotated.jpg');
    expect([result.width, result.height]).toEqual(messy.dims['cats/rotated.jpg']);
    const thumb = await sharp(thumbnailFile(cacheDir, result.hash ?? '')).metadata();
    expect([thumb.width, thumb.height]).toEqual([12, 40]);
  });

  it('works without a cache folder (validation only)', async () => {
    const result = await checkImage(join(messy.root, 'cats/ok-2.jpg'));
    expect(result).toMatchObject({ width: 24, height: 24, problem: null });
  });
});
