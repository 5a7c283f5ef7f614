/**
 * The off-diagonal cells of a confusion matrix as a ranked list (fastai's `most_confused`): which actual
 * class is most often mistaken for which predicted class. The Interpret page lists these first because
 * they point at label errors and look-alike classes.
 */
import { badMetricInput } from './predictionRows';
import type { ConfusionMatrix } from './confusionMatrix';

export interface ConfusedPair {
  actual: string;
  predicted: string;
  count: number;
}

/**
 * Pairs with count ≥ `minVal`, most frequent first; ties keep row-major order (actual, then predicted), as
 * fastai's stable sort does.
 */
export function mostConfused(
  matrix: ConfusionMatrix,
  classes: readonly string[],
  minVal = 1,
): ConfusedPair[] {
  if (matrix.length !== classes.length || matrix.some((row) => row.length !== classes.length)) {
    throw badMetricInput(
      `most confused: the matrix must be ${classes.length}×${classes.length}, one row and column per class.`,
      { classes: classes.length, rows: matrix.length },
    );
  }
  const pairs: ConfusedPair[] = [];
  matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      if (i !== j && count >= minVal)
        pairs.push({ actual: classes[i] ?? '', predicted: classes[j] ?? '', count });
    }),
  );
  return pairs.sort((a, b) => b.count - a.count);
}
