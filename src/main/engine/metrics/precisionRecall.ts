/**
 * Per-class precision and recall from a confusion matrix, so a user sees which classes the model finds
 * (recall) and which it claims wrongly (precision), not just one accuracy number. Where a ratio is
 * undefined — a class never predicted (precision) or absent from the data (recall) — it is 0, as
 * scikit-learn's `zero_division=0`; `support` and `predicted` let the UI show why.
 */
import { badMetricInput } from './predictionRows';
import type { ConfusionMatrix } from './confusionMatrix';

export interface ClassScore {
  /** Of the items predicted as this class, the share that are; 0 if none were predicted. */
  precision: number;
  /** Of the items of this class, the share predicted as it; 0 if the class has no items. */
  recall: number;
  /** Items of this class (row sum). */
  support: number;
  /** Items predicted as this class (column sum). */
  predicted: number;
}

export function perClassPrecisionRecall(matrix: ConfusionMatrix): ClassScore[] {
  const n = matrix.length;
  if (matrix.some((row) => row.length !== n)) {
    throw badMetricInput(`precision/recall: the confusion matrix must be square (${n} rows).`);
  }
  return matrix.map((row, c) => {
    const hits = row[c] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, r) => sum + (r[c] ?? 0), 0);
    return {
      precision: predicted === 0 ? 0 : hits / predicted,
      recall: support === 0 ? 0 : hits / support,
      support,
      predicted,
    };
  });
}
