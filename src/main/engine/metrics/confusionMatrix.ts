/**
 * Counts of (actual class, predicted class) pairs, the grid the Interpret page draws (fastai's
 * `ClassificationInterpretation.confusion_matrix`): `matrix[actual][predicted]`, so the diagonal is
 * the correct predictions and each row sums to that class's count in the data.
 */
import {
  argmaxRows,
  badMetricInput,
  checkRows,
  checkTargets,
  type ClassTargets,
  type ScoreRows,
} from './predictionRows';

export type ConfusionMatrix = number[][];

/** From predicted class indices (e.g. decoded TTA predictions). */
export function confusionMatrixFromLabels(
  predicted: ClassTargets,
  targets: ClassTargets,
  nClasses: number,
): ConfusionMatrix {
  if (!(Number.isInteger(nClasses) && nClasses > 0)) {
    throw badMetricInput(`confusion matrix: nClasses is ${nClasses}, expected a whole number ≥ 1.`);
  }
  checkTargets(targets, predicted.length, nClasses, 'confusion matrix');
  checkTargets(predicted, predicted.length, nClasses, 'confusion matrix (predicted classes)');
  const matrix = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < predicted.length; i++) {
    const row = matrix[targets[i] ?? -1];
    const p = predicted[i] ?? -1;
    if (row) row[p] = (row[p] ?? 0) + 1;
  }
  return matrix;
}

/** From class scores (probabilities or logits), one row of `nClasses` per item. */
export function confusionMatrix(preds: ScoreRows, targets: ClassTargets, nClasses: number): ConfusionMatrix {
  checkRows(preds, 'confusion matrix', nClasses);
  return confusionMatrixFromLabels(argmaxRows(preds), targets, nClasses);
}
