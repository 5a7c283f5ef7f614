/**
 * When the LR finder gives up (fastai's `stop_div`): once the smoothed loss exceeds 4× the best smoothed loss
 * so far, the rates beyond are only divergence and the rest of the sweep is wasted time. Unlike fastai, a
 * NaN or infinite smoothed loss also stops it (fastai's comparison is false for NaN, so it sweeps on).
 */

export const LR_FIND_DIVERGENCE_FACTOR = 4;

/**
 * `bestLoss` is the lowest smoothed loss so far, this batch's included (update it first, as fastai does):
 * `best = Math.min(best, smooth); if (lrFindStop(smooth, best)) stop()`. Start `best` at Infinity.
 */
export function lrFindStop(
  smoothLoss: number,
  bestLoss: number,
  factor: number = LR_FIND_DIVERGENCE_FACTOR,
): boolean {
  if (!Number.isFinite(smoothLoss)) return true;
  return smoothLoss > factor * bestLoss;
}
