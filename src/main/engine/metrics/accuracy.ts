/**
 * The two metrics in fastai's single-label table: accuracy (the top-scoring class is the target) and its
 * complement, error rate. Scores may be probabilities or logits; only their order matters.
 */
import { argmaxRows, checkRows, checkTargets, type ClassTargets, type ScoreRows } from './predictionRows';

export function accuracy(preds: ScoreRows, targets: ClassTargets): number {
  const nClasses = checkRows(preds, 'accuracy');
  checkTargets(targets, preds.length, nClasses, 'accuracy');
  const predicted = argmaxRows(preds);
  let correct = 0;
  predicted.forEach((p, i) => {
    if (p === targets[i]) correct++;
  });
  return correct / preds.length;
}

export function errorRate(preds: ScoreRows, targets: ClassTargets): number {
  return 1 - accuracy(preds, targets);
}
