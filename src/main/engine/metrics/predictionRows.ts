/**
 * The shapes metrics read: one row of class scores per item (probabilities or logits; a Float32Array row
 * straight from `dataSync`, or a number[]) and one integer class index per item. Checks live here so
 * every metric fails the same way, naming the item at fault, instead of returning a quiet NaN.
 */
import { DeskfitError } from '../../../shared/errors';

/** One row of class scores per item. */
export type ScoreRows = ReadonlyArray<ArrayLike<number>>;

/** One class index per item (number[] or Int32Array). */
export type ClassTargets = ArrayLike<number>;

export function badMetricInput(message: string, details?: unknown): DeskfitError {
  return new DeskfitError('BAD_REQUEST', message, details);
}

/** Views (no copy) of a flat row-major buffer, e.g. `tensor2d.dataSync()`, as rows of `nClasses`. */
export function splitRows(flat: Float32Array, nClasses: number): Float32Array[] {
  if (!(Number.isInteger(nClasses) && nClasses > 0) || flat.length % nClasses !== 0) {
    throw badMetricInput(
      `Cannot split ${flat.length} scores into rows of ${nClasses} classes: the length must be a multiple ` +
        'of the class count.',
      { length: flat.length, nClasses },
    );
  }
  return Array.from({ length: flat.length / nClasses }, (_, i) =>
    flat.subarray(i * nClasses, (i + 1) * nClasses),
  );
}

/**
 * Index of the largest score in each row (the first, on ties; NaN scores are skipped; a row with no
 * number at all gives −1, which never matches a target).
 */
export function argmaxRows(rows: ScoreRows): number[] {
  return rows.map((row) => {
    let best = -1;
    let bestValue = -Infinity;
    for (let j = 0; j < row.length; j++) {
      const v = row[j] ?? Number.NaN;
      if (v > bestValue || (best === -1 && v === -Infinity)) {
        best = j;
        bestValue = v;
      }
    }
    return best;
  });
}

/** Throws unless `targets` holds one whole number in [0, nClasses) per item, and there is at least one item. */
export function checkTargets(targets: ClassTargets, nItems: number, nClasses: number, what: string): void {
  if (targets.length !== nItems) {
    throw badMetricInput(`${what}: ${nItems} predictions but ${targets.length} targets; pass one per item.`, {
      predictions: nItems,
      targets: targets.length,
    });
  }
  if (nItems === 0) throw badMetricInput(`${what}: no items to score; the validation set may be empty.`);
  for (let i = 0; i < nItems; i++) {
    const t = targets[i];
    if (t === undefined || !Number.isInteger(t) || t < 0 || t >= nClasses) {
      throw badMetricInput(
        `${what}: target ${i} is ${t}, not a class index from 0 to ${nClasses - 1}. Check the labels.`,
        { index: i, target: t, nClasses },
      );
    }
  }
}

/** Throws unless every row has the same number of classes (at least one); returns that number. */
export function checkRows(rows: ScoreRows, what: string, nClasses?: number): number {
  const width = nClasses ?? rows[0]?.length ?? 0;
  if (width < 1) throw badMetricInput(`${what}: predictions need at least one class.`);
  rows.forEach((row, i) => {
    if (row.length !== width) {
      throw badMetricInput(
        `${what}: prediction ${i} has ${row.length} scores, expected ${width} (one per class).`,
        {
          index: i,
          scores: row.length,
          nClasses: width,
        },
      );
    }
  });
  return width;
}
