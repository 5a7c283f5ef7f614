/**
 * Turns a learning-rate setting into one rate per parameter group, the way fastai's optimizer reads
 * `slice`s: `slice(lo, hi)` spreads geometrically from lo (earliest layers) to hi (head), `slice(hi)` gives
 * hi/10 to every group but the last, a number applies to all groups. This is how discriminative
 * learning rates reach the optimizer.
 */
import { badSetting, requireCount, requirePositive } from './scheduleErrors';

/** Python's `slice(hi)` (no `lo`) or `slice(lo, hi)`. */
export interface LrSlice {
  lo?: number;
  hi: number;
}

/** A learning-rate setting: one rate, one per group, or a slice to spread over the groups. */
export type LrSpec = number | readonly number[] | LrSlice;

/** `lrSlice(hi)` ≡ fastai `slice(hi)`; `lrSlice(lo, hi)` ≡ `slice(lo, hi)`. */
export function lrSlice(loOrHi: number, hi?: number): LrSlice {
  return hi === undefined ? { hi: loOrHi } : { lo: loOrHi, hi };
}

export function isLrSlice(lr: LrSpec): lr is LrSlice {
  return typeof lr === 'object' && !Array.isArray(lr);
}

/** `n` values from `start` to `stop`, evenly spaced on a log axis (fastai's `even_mults`); n = 1 gives [stop]. */
export function evenMults(start: number, stop: number, n: number): number[] {
  if (n === 1) return [stop];
  const step = (stop / start) ** (1 / (n - 1));
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start * step ** i));
}

/**
 * One learning rate per group for `slice(lo, hi)`. A missing or zero `lo` means `slice(hi)`: hi/10 for
 * every group but the last (fastai tests `if slice.start`, so 0 counts as missing).
 */
export function discriminativeLrs(lo: number | undefined, hi: number, nGroups: number): number[] {
  requireCount('nGroups', nGroups, 1);
  requirePositive('lr (slice end)', hi);
  if (lo === undefined || lo === 0) {
    return Array.from({ length: nGroups }, (_, i) => (i === nGroups - 1 ? hi : hi / 10));
  }
  requirePositive('lr (slice start)', lo);
  return evenMults(lo, hi, nGroups);
}

/** One learning rate per parameter group for any `LrSpec` (fastai's `Optimizer.set_hyper('lr', …)`). */
export function lrRange(lr: LrSpec, nGroups: number): number[] {
  requireCount('nGroups', nGroups, 1);
  if (typeof lr === 'number') {
    requirePositive('lr', lr);
    return Array.from({ length: nGroups }, () => lr);
  }
  if (isLrSlice(lr)) return discriminativeLrs(lr.lo, lr.hi, nGroups);
  lr.forEach((value, i) => requirePositive(`lr[${i}]`, value));
  if (lr.length === 1) return Array.from({ length: nGroups }, () => lr[0] ?? 0);
  if (lr.length !== nGroups) {
    throw badSetting(
      'lr',
      `[${lr.join(', ')}]`,
      `one learning rate, or one per parameter group (${nGroups})`,
    );
  }
  return [...lr];
}
