/**
 * Grid thumbnails: 256 px on the long side, JPEG (quality 80; ~1.5× faster to encode than WebP here,
 * and alpha is flattened anyway), made once per content hash with shrink-on-load, written
 * atomically. A cached thumbnail is checked structurally (start and end markers) before it is
 * trusted, and rebuilt if it is empty or cut short. Concurrent requests for one hash share a decode.
 */
import { open } from 'node:fs/promises';
import { DeskfitError } from '../../../shared/errors';
import { writeFileAtomic } from './atomicWrite';
import { thumbnailFile, thumbnailSize } from './cachePaths';
import { defaultMaxPixels, openRgb } from './rgbPipeline';

export { thumbnailFile };

/** Decodes an image once and encodes its thumbnail; throws sharp's error for a bad image. */
export async function renderThumbnail(
  input: string | Buffer,
  maxPixels: number = defaultMaxPixels,
): Promise<Buffer> {
  return openRgb(input, maxPixels)
    .resize(thumbnailSize, thumbnailSize, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** True when the file is a complete JPEG: it starts with SOI (FF D8) and ends with EOI (FF D9). */
export async function isThumbnailIntact(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    if (size < 128) return false;
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    await handle.read(tail, 0, 2, size - 2);
    return head[0] === 0xff && head[1] === 0xd8 && tail[0] === 0xff && tail[1] === 0xd9;
  } finally {
    await handle.close();
  }
}

/** Makes and stores the thumbnail of `input` (a path or its bytes); throws sharp's error for a bad image. */
export async function writeThumbnail(
  cacheDir: string,
  hash: string,
  input: string | Buffer,
  maxPixels: number = defaultMaxPixels,
): Promise<string> {
  const file = thumbnailFile(cacheDir, hash);
  await writeFileAtomic(file, await renderThumbnail(input, maxPixels));
  return file;
}

const inflight = new Map<string, Promise<string>>();

/** The thumbnail's path, made from `sourceFile` if it is not cached (or is damaged). */
export function ensureThumbnail(
  cacheDir: string,
  hash: string,
  sourceFile: string,
  options: { maxPixels?: number } = {},
): Promise<string> {
  const file = thumbnailFile(cacheDir, hash);
  const running = inflight.get(file);
  if (running) return running;
  const job = (async () => {
    if (await isThumbnailIntact(file)) return file;
    try {
      return await writeThumbnail(cacheDir, hash, sourceFile, options.maxPixels);
    } catch (err) {
      throw new DeskfitError(
        'BAD_REQUEST',
        `Cannot make a thumbnail of ${sourceFile}: ${err instanceof Error ? err.message : String(err)}. Import the folder again to check the file.`,
      );
    }
  })().finally(() => inflight.delete(file));
  inflight.set(file, job);
  return job;
}
