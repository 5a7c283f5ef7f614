/**
 * Cache files are written to a temporary name and renamed into place, so a reader (or a crash) never
 * sees half a file: a cache entry is either absent or complete.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const madeFolders = new Set<string>();
let counter = 0;

export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const folder = dirname(file);
  if (!madeFolders.has(folder)) {
    await mkdir(folder, { recursive: true });
    madeFolders.add(folder);
  }
  counter = (counter + 1) % 1_000_000_000;
  const tmp = `${file}.${process.pid}.${counter}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    // The folder may have been removed since we made it (cache cleared): make it and retry once.
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT' && madeFolders.delete(folder)) {
      return writeFileAtomic(file, data);
    }
    throw err;
  }
}
