/**
 * fastai's `ClassificationInterpretation` as one plain result: from each validation item's class
 * probabilities, target and loss, the confusion matrix, the most confused pairs, the top losses
 * (with item ids, so the UI can open and relabel them), accuracy, mean loss and every item in
 * columns. Pure: the interpret job feeds it what the model predicted.
 */
import type { InterpretResult } from '../../../shared/training';
import { confusionMatrixFromLabels } from '../metrics/confusionMatrix';
import { mostConfused } from '../metrics/mostConfused';
import { argmaxRows, badMetricInput, checkRows, type ScoreRows } from '../metrics/predictionRows';
import { topLosses } from '../metrics/topLosses';

export interface InterpretationInput {
  runId: string;
  classes: readonly string[];
  tta: boolean;
  itemIds: readonly number[];
  /** Class index per item, in the model's class order. */
  targets: ArrayLike<number>;
  /** Class probabilities per item. */
  probs: ScoreRows;
  /** Loss per item (−log of the target's probability). */
  losses: ArrayLike<number>;
  /** How many top losses to keep. */
  topK: number;
}

export function buildInterpretation(input: InterpretationInput): InterpretResult {
  const { classes, itemIds, targets, probs, losses } = input;
  const n = itemIds.length;
  if (probs.length !== n || targets.length !== n || losses.length !== n) {
    throw badMetricInput(
      `interpretation: ${n} items but ${probs.length} predictions, ${targets.length} targets and ${losses.length} losses.`,
    );
  }
  checkRows(probs, 'interpretation', classes.length);
  const predicted = argmaxRows(probs);
  const confusion = confusionMatrixFromLabels(predicted, targets, classes.length);
  const probability = probs.map((row, i) => row[predicted[i] ?? 0] ?? Number.NaN);
  let correct = 0;
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    if (predicted[i] === targets[i]) correct++;
    lossSum += losses[i] ?? Number.NaN;
  }
  const top = topLosses(losses, itemIds, input.topK).map(({ itemId, loss, index }) => ({
    itemId,
    actual: classes[targets[index] ?? 0] ?? '',
    predicted: classes[predicted[index] ?? 0] ?? '',
    loss,
    probability: probability[index] ?? Number.NaN,
  }));
  return {
    runId: input.runId,
    classes: [...classes],
    split: 'valid',
    tta: input.tta,
    loss: lossSum / n,
    accuracy: correct / n,
    confusion,
    mostConfused: mostConfused(confusion, classes),
    topLosses: top,
    items: {
      itemId: [...itemIds],
      actual: Array.from(targets),
      predicted,
      probability,
      loss: Array.from(losses),
    },
  };
}
