/**
 * Export: copies a run's model folder (TF.js Layers model, deskfit.json manifest, README) to a folder
 * the user chose. Refuses a non-empty destination rather than mixing two models, and copies into a
 * temporary sibling first so a full disk never leaves a half-exported model under the final name.
 */
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DeskfitError } from '../../shared/errors';

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) {
      throw new DeskfitError('CONFLICT', `${dir} is a file. Choose a folder to export the model into.`);
    }
    return (await readdir(dir)).length > 0;
  } catch (err) {
    if (err instanceof DeskfitError) throw err;
    return false;
  }
}

export async function exportModelDir(
  modelDir: string,
  destination: string,
): Promise<{ dir: string; files: string[] }> {
  const dir = resolve(destination);
  try {
    await stat(join(modelDir, 'model.json'));
  } catch {
    throw new DeskfitError('NO_MODEL', `No model.json in ${modelDir}: the model to export is missing.`);
  }
  if (await isNonEmptyDir(dir)) {
    throw new DeskfitError('CONFLICT', `${dir} is not empty. Choose an empty or new folder for the export.`);
  }
  const temp = join(dirname(dir), `.${basename(dir)}.export-${process.pid}`);
  try {
    await mkdir(dirname(dir), { recursive: true });
    await cp(modelDir, temp, { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC')
      throw new DeskfitError('DISK_FULL', `The disk is full: could not export to ${dir}.`);
    throw new DeskfitError('WRITE_FAILED', `Could not export to ${dir}: ${(err as Error).message}`);
  }
  return { dir, files: (await readdir(dir)).sort() };
}
