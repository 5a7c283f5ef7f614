/**
 * fastai's four learning-rate suggestions, each a rule over a clean LR-finder curve (increasing learning
 * rates, finite smoothed losses, at least two points). `suggestLrs` cleans the curve and calls these; they
 * are separate so each rule can be tested on its own. Each returns the suggested rate and the point on the
 * curve to mark (for `minimum` that point is the minimum itself, not the suggested tenth of it).
 */

export interface CurvePoint {
  lr: number;
  loss: number;
}

export interface Suggestion {
  lr: number;
  point: CurvePoint;
}

function at(values: readonly number[], i: number): number {
  const v = values[i];
  if (v === undefined) throw new Error(`LR-finder curve has no point ${i} (length ${values.length})`);
  return v;
}

function pointAt(lrs: readonly number[], losses: readonly number[], i: number): CurvePoint {
  return { lr: at(lrs, i), loss: at(losses, i) };
}

/**
 * The middle of the longest valley: the longest strictly decreasing run of losses (not necessarily
 * contiguous, found in O(n²) as fastai does), then index start + ⌊len/3⌋ + ⌊len/6⌋, where fastai takes
 * start = end − len. That is about halfway down the valley, which lands left of the minimum, where the
 * loss is still falling fast. fastai can produce index −1 (wrapping to the last point) on very short
 * valleys; we clamp to 0.
 */
export function valleyRule(lrs: readonly number[], losses: readonly number[]): Suggestion {
  const n = losses.length;
  const lengths = new Array<number>(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    const li = at(losses, i);
    for (let j = 0; j < i; j++) {
      if (li < at(losses, j) && at(lengths, i) < at(lengths, j) + 1) lengths[i] = at(lengths, j) + 1;
    }
    if (at(lengths, maxEnd) < at(lengths, i)) {
      maxEnd = i;
      maxStart = maxEnd - at(lengths, maxEnd);
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  const idx = Math.min(n - 1, Math.max(0, maxStart + Math.floor(sections) + Math.floor(sections / 2)));
  return { lr: at(lrs, idx), point: pointAt(lrs, losses, idx) };
}

/** numpy's `gradient` with unit spacing: central differences inside, one-sided at the two ends. */
export function indexGradient(values: readonly number[]): number[] {
  const n = values.length;
  if (n < 2) return new Array<number>(n).fill(0);
  return values.map((_, i) => {
    if (i === 0) return at(values, 1) - at(values, 0);
    if (i === n - 1) return at(values, n - 1) - at(values, n - 2);
    return (at(values, i + 1) - at(values, i - 1)) / 2;
  });
}

/** Loss at `lr` by linear interpolation on a log10 learning-rate axis (numpy `interp` semantics). */
export function lossAtLr(lrs: readonly number[], losses: readonly number[], lr: number): number {
  const x = Math.log10(lr);
  const n = lrs.length;
  if (x <= Math.log10(at(lrs, 0))) return at(losses, 0);
  if (x >= Math.log10(at(lrs, n - 1))) return at(losses, n - 1);
  let i = 0;
  while (Math.log10(at(lrs, i + 1)) < x) i++;
  const x0 = Math.log10(at(lrs, i));
  const x1 = Math.log10(at(lrs, i + 1));
  const t = (x - x0) / (x1 - x0);
  return at(losses, i) + t * (at(losses, i + 1) - at(losses, i));
}

export interface SlideOptions {
  /** Distance in points between the two gradients compared. fastai: 15. */
  lrDiff?: number;
  /** Largest gradient difference (loss units per point) that counts as "the same slope". fastai: 0.005. */
  thresh?: number;
  /** Multiplier on the rate found. fastai: 1. */
  adjustValue?: number;
}

/**
 * The interval slide rule: from the right end, slide a window of `lrDiff` points left until the loss
 * gradients at its two ends agree within `thresh`; suggest the window's left end from the step before.
 * fastai raises an error when the curve has no more than `lrDiff` points; we shrink the window to n − 1.
 */
export function slideRule(
  lrs: readonly number[],
  losses: readonly number[],
  { lrDiff = 15, thresh = 0.005, adjustValue = 1 }: SlideOptions = {},
): Suggestion {
  const n = losses.length;
  const diff = Math.max(1, Math.min(lrDiff, n - 1));
  const grad = indexGradient(losses);
  let right = n - 1;
  let left = right - diff;
  let found = at(lrs, left);
  while (left >= 0 && Math.abs(at(grad, right) - at(grad, left)) > thresh) {
    found = at(lrs, left);
    right--;
    left--;
  }
  const lr = found * adjustValue;
  return { lr, point: { lr, loss: lossAtLr(lrs, losses, lr) } };
}

function nearestIndex(lrs: readonly number[], lr: number): number {
  let best = 0;
  lrs.forEach((value, i) => {
    if (Math.abs(value - lr) < Math.abs(at(lrs, best) - lr)) best = i;
  });
  return best;
}

/** A tenth of the rate at the lowest loss (the first one, on ties). */
export function minimumRule(lrs: readonly number[], losses: readonly number[]): Suggestion {
  let idx = 0;
  losses.forEach((loss, i) => {
    if (loss < at(losses, idx)) idx = i;
  });
  const lrMin = at(lrs, idx);
  return { lr: lrMin / 10, point: pointAt(lrs, losses, nearestIndex(lrs, lrMin)) };
}

/**
 * Where the loss falls fastest per unit of log learning rate: the left end of the segment with the most
 * negative slope (the first one, on ties). If no segment falls, that is the least rising one.
 */
export function steepRule(lrs: readonly number[], losses: readonly number[]): Suggestion {
  let idx = 0;
  let steepest = Infinity;
  for (let i = 0; i + 1 < losses.length; i++) {
    const slope = (at(losses, i + 1) - at(losses, i)) / (Math.log(at(lrs, i + 1)) - Math.log(at(lrs, i)));
    if (slope < steepest) {
      steepest = slope;
      idx = i;
    }
  }
  return { lr: at(lrs, idx), point: pointAt(lrs, losses, idx) };
}
