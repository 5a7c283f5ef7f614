// Thumbnails: made once per hash (a second call does not decode), 256 px long side, rebuilt when
// the cached file is empty or cut short, one decode for concurrent requests.
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureThumbnail,
  isThumbnailIntact,
  thumbnailFile,
} from '../../../../../src/main/data/images/thumbnails';
import { classPixels } from '../../../../helpers/fixtures';

let base: string;
let source: string;
let wide: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-thumbs-'));
  source = join(base, 'photo.jpg');
  await sharp(classPixels(0, 3, 64, 1), { raw: { width: 64, height: 64, channels: 3 } })
    .resize(800, 400)
    .jpeg()
    .toFile(source);
  wide = join(base, 'wide.png');
  await sharp(classPixels(1, 3, 64, 2), { raw: { width: 64, height: 64, channels: 3 } })
    .resize(100, 30, { fit: 'fill' })
    .png()
    .toFile(wide);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('ensureThumbnail', () => {
  it('makes a 256 px JPEG once, then serves the cached file without decoding', async () => {
    const cacheDir = join(base, 'c1');
    const file = await ensureThumbnail(cacheDir, 'aa11', source);
    expect(file).toBe(thumbnailFile(cacheDir, 'aa11'));
    expect(file).toMatch(/thumbs[/\\]aa[/\\]aa11\.jpg$/);
    const meta = await sharp(file).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 256, height: 128 });
    const first = await stat(file);
    await ensureThumbnail(cacheDir, 'aa11', join(base, 'gone.jpg')); // would fail if it decoded
    const second = await stat(file);
    expect(second.ino).toBe(first.ino);
    expect(second.mtimeMs).toBe(first.mtimeMs);
  });

  it('never enlarges a small image', async () => {
    const file = await ensureThumbnail(join(base, 'c2'), 'bb22', wide);
    expect(await sharp(file).metadata()).toMatchObject({ width: 100, height: 30 });
  });

  it('rebuilds an empty or truncated cached thumbnail', async () => {
    const cacheDir = join(base, 'c3');
    const file = await ensureThumbnail(cacheDir, 'cc33', source);
    const good = await readFile(file);
    await truncate(file, 0);
    expect(await isThumbnailIntact(file)).toBe(false);
    await ensureThumbnail(cacheDir, 'cc33', source);
    expect(await readFile(file)).toEqual(good);
    await writeFile(file, good.subarray(0, good.length - 10));
    expect(await isThumbnailIntact(file)).toBe(false);
    await ensureThumbnail(cacheDir, 'cc33', source);
    expect(await isThumbnailIntact(file)).toBe(true);
    await writeFile(file, 'not a jpeg at all, just some text');
    await ensureThumbnail(cacheDir, 'cc33', source);
    expect(await readFile(file)).toEqual(good);
  });

  it('shares one decode between concurrent requests for a hash', async () => {
    const cacheDir = join(base, 'c4');
    const [a, b] = [ensureThumbnail(cacheDir, 'dd44', source), ensureThumbnail(cacheDir, 'dd44', source)];
    expect(a).toBe(b);
    await a;
  });

  it('says which file could not be made into a thumbnail', async () => {
    const bad = join(base, 'bad.jpg');
    await writeFile(bad, 'text');
    await expect(ensureThumbnail(join(base, 'c5'), 'ee55', bad)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(`Cannot make a thumbnail of ${bad}`),
    });
  });
});
