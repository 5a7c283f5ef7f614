/**
 * The engine's input: each image decoded once at the training size as raw RGB uint8 (size × size × 3,
 * row-major), cached by content hash and size. fastai's default `Resize` method is a crop, so the
 * image is scaled to cover the square and centre-cropped (no squish). A cache file of the wrong
 * length is treated as damaged and rebuilt.
 */
import { readFile } from 'node:fs/promises';
import { DeskfitError } from '../../../shared/errors';
import { writeFileAtomic } from './atomicWrite';
import { trainingImageFile } from './cachePaths';
import { defaultMaxPixels, openRgb } from './rgbPipeline';

export { trainingImageFile };

export async function renderTrainingImage(
  input: string | Buffer,
  size: number,
  maxPixels: number = defaultMaxPixels,
): Promise<Buffer> {
  return openRgb(input, maxPixels)
    .resize(size, size, { fit: 'cover', position: 'centre' })
    .removeAlpha()
    .raw()
    .toBuffer();
}

const inflight = new Map<string, Promise<Uint8Array>>();

export function ensureTrainingImage(
  cacheDir: string,
  hash: string,
  sourceFile: string,
  size: number,
  options: { maxPixels?: number } = {},
): Promise<Uint8Array> {
  if (!Number.isInteger(size) || size < 1 || size > 4096)
    return Promise.reject(
      new DeskfitError(
        'BAD_REQUEST',
        `The training size must be a whole number of pixels from 1 to 4096 (got ${size}).`,
      ),
    );
  const file = trainingImageFile(cacheDir, hash, size);
  const running = inflight.get(file);
  if (running) return running;
  const expected = size * size * 3;
  const job = (async () => {
    const cached = await readFile(file).catch(() => undefined);
    if (cached && cached.length === expected)
      return new Uint8Array(cached.buffer, cached.byteOffset, cached.length);
    let pixels: Buffer;
    try {
      pixels = await renderTrainingImage(sourceFile, size, options.maxPixels);
    } catch (err) {
      throw new DeskfitError(
        'BAD_REQUEST',
        `Cannot decode ${sourceFile} for training: ${err instanceof Error ? err.message : String(err)}. Import the folder again to check the file.`,
      );
    }
    if (pixels.length !== expected)
      throw new DeskfitError(
        'INTERNAL',
        `Decoding ${sourceFile} gave ${pixels.length} bytes instead of ${expected}.`,
      );
    await writeFileAtomic(file, pixels);
    return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  })().finally(() => inflight.delete(file));
  inflight.set(file, job);
  return job;
}
