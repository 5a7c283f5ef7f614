/**
 * Cross-entropy on plain arrays: the reference the tfjs loss is tested against, and the per-item losses
 * that top-losses ranks. Label smoothing follows fastai's `LabelSmoothingCrossEntropy`:
 * (1 − ε)·(−log p_target) + (ε / C)·Σ_j(−log p_j), i.e. cross-entropy against the target
 * (1 − ε)·one-hot + ε/C. Log-softmax subtracts the row maximum first, so large logits do not overflow.
 */
import { badMetricInput, checkRows, checkTargets, type ClassTargets, type ScoreRows } from './predictionRows';

/** log(softmax(row)), computed stably. */
export function logSoftmax(row: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) max = Math.max(max, row[j] ?? Number.NaN);
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += Math.exp((row[j] ?? Number.NaN) - max);
  const logSum = Math.log(sum);
  return Array.from({ length: row.length }, (_, j) => (row[j] ?? Number.NaN) - max - logSum);
}

/** softmax(row): probabilities that sum to 1. */
export function softmax(row: ArrayLike<number>): number[] {
  return logSoftmax(row).map(Math.exp);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function checkEps(eps: number): void {
  if (!(eps >= 0 && eps <= 1))
    throw badMetricInput(`label smoothing ε is ${eps}, expected a number from 0 to 1.`);
}

/**
 * −log p_target per item, from probabilities. Not clamped: a probability of exactly 0 on the target gives
 * Infinity (which topLosses ranks first), so compute training losses from logits instead.
 */
export function crossEntropyPerItemFromProbs(probs: ScoreRows, targets: ClassTargets): number[] {
  const nClasses = checkRows(probs, 'cross-entropy');
  checkTargets(targets, probs.length, nClasses, 'cross-entropy');
  return probs.map((row, i) => -Math.log(row[targets[i] ?? 0] ?? Number.NaN));
}

/** Mean of `crossEntropyPerItemFromProbs`. */
export function crossEntropyFromProbs(probs: ScoreRows, targets: ClassTargets): number {
  return mean(crossEntropyPerItemFromProbs(probs, targets));
}

/** Per-item loss from logits with label smoothing `eps` (0 gives plain cross-entropy). */
export function labelSmoothingCrossEntropyPerItem(
  logits: ScoreRows,
  targets: ClassTargets,
  eps: number = 0.1,
): number[] {
  checkEps(eps);
  const nClasses = checkRows(logits, 'cross-entropy');
  checkTargets(targets, logits.length, nClasses, 'cross-entropy');
  return logits.map((row, i) => {
    const logp = logSoftmax(row);
    const nll = -(logp[targets[i] ?? 0] ?? Number.NaN);
    const sumNeg = -logp.reduce((a, b) => a + b, 0);
    return (1 - eps) * nll + (eps / nClasses) * sumNeg;
  });
}

/** fastai's `LabelSmoothingCrossEntropy(eps)` with mean reduction. */
export function labelSmoothingCrossEntropy(
  logits: ScoreRows,
  targets: ClassTargets,
  eps: number = 0.1,
): number {
  return mean(labelSmoothingCrossEntropyPerItem(logits, targets, eps));
}

/** Plain cross-entropy from logits (`F.cross_entropy`), mean over items. */
export function crossEntropyFromLogits(logits: ScoreRows, targets: ClassTargets): number {
  return labelSmoothingCrossEntropy(logits, targets, 0);
}
