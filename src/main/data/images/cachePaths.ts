/**
 * Where decoded images live in a project's cache folder, keyed by content hash (so renaming or
 * moving a file keeps its cache, and two copies share one). Two-character fan-out folders keep any
 * one folder small at 100k items.
 */
import { join } from 'node:path';

export const thumbnailSize = 256;

export function thumbnailFile(cacheDir: string, hash: string): string {
  return join(cacheDir, 'thumbs', hash.slice(0, 2), `${hash}.jpg`);
}

/** Raw RGB uint8, `size × size × 3` bytes, no header. */
export function trainingImageFile(cacheDir: string, hash: string, size: number): string {
  return join(cacheDir, 'train', String(size), hash.slice(0, 2), `${hash}.rgb`);
}
