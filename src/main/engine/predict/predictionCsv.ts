/**
 * The predictions CSV: `name,prediction,probability,<one column per class>`, one row per image, in
 * the model's class order — what a spreadsheet or a Kaggle submission script reads. Written to a
 * temporary name and renamed, so a crash or a cancel never leaves half a file under the final name.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { DeskfitError } from '../../../shared/errors';
import type { PredictionRow } from '../../../shared/training';

/** Probabilities to six decimals: enough to rank, short enough to read. */
function cell(p: number): string {
  return Number.isFinite(p) ? String(Number(p.toFixed(6))) : '';
}

export function formatPredictionCsv(classes: readonly string[], rows: readonly PredictionRow[]): string {
  return stringify(
    rows.map((row) => [row.name, row.prediction, cell(row.probability), ...row.probs.map(cell)]),
    { header: true, columns: ['name', 'prediction', 'probability', ...classes] },
  );
}

export async function writePredictionCsv(
  file: string,
  classes: readonly string[],
  rows: readonly PredictionRow[],
): Promise<string> {
  const target = resolve(file);
  const temp = `${target}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, formatPredictionCsv(classes, rows));
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC')
      throw new DeskfitError('DISK_FULL', `The disk is full: could not write ${target}.`);
    throw new DeskfitError(
      'WRITE_FAILED',
      `Could not write the predictions to ${target} (${code ?? (err as Error).message}). Choose another file.`,
    );
  }
  return target;
}
