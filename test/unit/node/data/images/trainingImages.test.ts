// The training cache: RGB uint8 size×size, centre-cropped (fastai's default Resize), made once,
// rebuilt when its length is wrong; odd inputs (alpha, gray, 16-bit, CMYK, EXIF) come out as RGB.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTrainingImage, trainingImageFile } from '../../../../../src/main/data/images/trainingImages';
import { makeMessyFolder, type MessyFolder } from '../../../../helpers/fixtures';

let base: string;
let messy: MessyFolder;
let halves: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-train-'));
  messy = await makeMessyFolder(join(base, 'messy'));
  // 30×10: red | green | blue thirds. A centre crop keeps only green; a squish would keep all three.
  const pixels = Buffer.alloc(30 * 10 * 3);
  for (let y = 0; y < 10; y++)
    for (let x = 0; x < 30; x++) pixels[(y * 30 + x) * 3 + Math.floor(x / 10)] = 255;
  halves = join(base, 'thirds.png');
  await sharp(pixels, { raw: { width: 30, height: 10, channels: 3 } })
    .png()
    .toFile(halves);
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('ensureTrainingImage', () => {
  it('centre-crops to size×size RGB', async () => {
    const data = await ensureTrainingImage(join(base, 'c1'), 'ab01', halves, 10);
    expect(data).toBeInstanceOf(Uint8Array);
    expect(data.length).toBe(10 * 10 * 3);
    for (let i = 0; i < 100; i++)
      expect([data[i * 3], data[i * 3 + 1], data[i * 3 + 2]]).toEqual([0, 255, 0]);
  });

  it('caches by hash and size: a second call reads the file without decoding', async () => {
    const cacheDir = join(base, 'c2');
    const first = await ensureTrainingImage(cacheDir, 'ab02', halves, 8);
    const file = trainingImageFile(cacheDir, 'ab02', 8);
    const before = await stat(file);
    expect(before.size).toBe(8 * 8 * 3);
    const again = await ensureTrainingImage(cacheDir, 'ab02', join(base, 'gone.png'), 8);
    expect(Buffer.from(again)).toEqual(Buffer.from(first));
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    const other = await ensureTrainingImage(cacheDir, 'ab02', halves, 4);
    expect(other.length).toBe(48);
  });

  it('rebuilds a cache file of the wrong length', async () => {
    const cacheDir = join(base, 'c3');
    const good = Buffer.from(await ensureTrainingImage(cacheDir, 'ab03', halves, 6));
    const file = trainingImageFile(cacheDir, 'ab03', 6);
    await writeFile(file, good.subarray(0, 50));
    expect(Buffer.from(await ensureTrainingImage(cacheDir, 'ab03', halves, 6))).toEqual(good);
    expect(await readFile(file)).toEqual(good);
  });

  it('turns CMYK, 16-bit, gray, alpha and rotated images into RGB', async () => {
    for (const path of [
      'cats/cmyk.jpg',
      'cats/deep16.png',
      'cats/gray.png',
      'cats/alpha.png',
      'cats/rotated.jpg',
    ]) {
      const data = await ensureTrainingImage(
        join(base, 'c4'),
        path.replace(/\W/g, ''),
        join(messy.root, path),
        16,
      );
      expect(data.length).toBe(16 * 16 * 3);
    }
  });

  it('flattens transparency onto white', async () => {
    // In the fixture every third pixel, starting with the first, is fully transparent.
    const data = await ensureTrainingImage(join(base, 'c5'), 'alpha', join(messy.root, 'cats/alpha.png'), 24);
    expect([data[0], data[1], data[2]]).toEqual([255, 255, 255]);
    expect([data[9], data[10], data[11]]).toEqual([255, 255, 255]);
  });

  it('keeps EXIF orientation (a 40×12 image stored rotated is 12 wide, 40 high)', async () => {
    const pixels = await sharp(join(messy.root, 'cats/rotated.jpg'), { autoOrient: true }).metadata();
    expect(pixels.autoOrient).toEqual({ width: 12, height: 40 });
    const data = await ensureTrainingImage(join(base, 'c6'), 'rot', join(messy.root, 'cats/rotated.jpg'), 12);
    expect(data.length).toBe(12 * 12 * 3);
  });

  it('rejects a bad size and a bad file with clear errors', async () => {
    await expect(ensureTrainingImage(join(base, 'c7'), 'x', halves, 0)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const bomb = join(messy.root, 'cats/bomb.png');
    await expect(ensureTrainingImage(join(base, 'c7'), 'bomb', bomb, 32)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(`Cannot decode ${bomb} for training`),
    });
  });
});
