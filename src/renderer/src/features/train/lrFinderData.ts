/**
 * Shapes the LR finder's curve for its chart: raw losses as they arrive, the smoothed curve (fastai's
 * debiased moving average, β 0.98, as the Recorder computes it; replaced by the job's own curve when it
 * ends), a y range that keeps the blow-up at the end from flattening the interesting part, decade ticks
 * for the log axis, and the four suggestions as markers. Pure functions so tests can check each.
 */
import { downsample } from '../../store/series';

export const suggestionNames = ['valley', 'slide', 'minimum', 'steep'] as const;
export type SuggestionName = (typeof suggestionNames)[number];

export interface LrLossPoint {
  lr: number;
  loss: number | null;
}

/** One chart row; `raw` is the batch loss, `smooth` the moving average (null where unknown). */
export interface LrChartRow {
  lr: number;
  raw: number | null;
  smooth: number | null;
}

export interface SuggestionMarker {
  name: SuggestionName;
  lr: number;
  /** Where to draw it on the curve. */
  loss: number | null;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** fastai's SmoothLoss: `avg = β·avg + (1−β)·loss`, reported as `avg / (1 − β^(i+1))`. Non-finite stays null. */
export function smoothLosses(raw: readonly (number | null)[], beta = 0.98): (number | null)[] {
  let avg = 0;
  let count = 0;
  let broken = false;
  return raw.map((loss) => {
    if (broken || !finite(loss)) {
      // Once the loss is NaN the average is NaN for good (as in fastai).
      broken = true;
      return null;
    }
    count += 1;
    avg = beta * avg + (1 - beta) * loss;
    return avg / (1 - beta ** count);
  });
}

/**
 * Joins raw points with a smoothed curve of the same length (or computes one), drops points whose rate is
 * not positive, and downsamples to at most `maxPoints` rows (a sweep has ~100, but a long one may not).
 */
export function lrFinderRows(
  points: readonly LrLossPoint[],
  smoothed: readonly (number | null)[] | null = null,
  maxPoints = 500,
): LrChartRow[] {
  const smooth =
    smoothed !== null && smoothed.length === points.length
      ? smoothed
      : smoothLosses(points.map((p) => p.loss));
  const rows: LrChartRow[] = [];
  points.forEach((p, i) => {
    if (!(p.lr > 0) || !Number.isFinite(p.lr)) return;
    const s = smooth[i];
    rows.push({ lr: p.lr, raw: finite(p.loss) ? p.loss : null, smooth: finite(s) ? s : null });
  });
  return downsample(rows, maxPoints);
}

/**
 * Rows from a finished job: its rates and smoothed losses, with the raw losses seen live joined by rate
 * (progress events can be throttled or missed, so positions need not line up).
 */
export function rowsFromResult(
  lrs: readonly number[],
  losses: readonly (number | null)[],
  raw: readonly LrLossPoint[],
  maxPoints = 500,
): LrChartRow[] {
  const sorted = raw.filter((p) => p.lr > 0).sort((a, b) => a.lr - b.lr);
  const rawAt = (lr: number): number | null => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = sorted[mid]!;
      if (Math.abs(p.lr - lr) <= lr * 1e-9) return p.loss;
      if (p.lr < lr) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  };
  return lrFinderRows(
    lrs.map((lr) => ({ lr, loss: rawAt(lr) })),
    losses,
    maxPoints,
  );
}

/**
 * The y range to draw: from just under the lowest smoothed loss to a little over where the curve started
 * (or twice the minimum, whichever is higher), never above the highest value seen. Raw spikes beyond it
 * are clipped, as fastai clips its plot.
 */
export function lrFinderYDomain(rows: readonly LrChartRow[]): [number, number] | null {
  const smooth = rows.map((r) => r.smooth).filter(finite);
  const all = rows.flatMap((r) => [r.raw, r.smooth]).filter(finite);
  if (all.length === 0) return null;
  const base = smooth.length > 0 ? smooth : all;
  const min = Math.min(...base);
  const max = Math.max(...all);
  const floor = Math.min(...all);
  const skip = Math.floor(base.length / 10);
  const start = base[Math.min(skip, base.length - 1)] ?? min;
  const top = Math.min(max, Math.max(start * 1.25, min * 2, min + 1e-3));
  const bottom = Math.max(0, floor - (top - floor) * 0.05);
  return top > bottom ? [bottom, top] : [bottom, bottom + 1];
}

/** Powers of ten covering [lo, hi]: the tick marks of a log rate axis. */
export function decadeTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi >= lo)) return [];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const tick = Number(`1e${e}`);
    if (tick >= lo * 0.999 && tick <= hi * 1.001) ticks.push(tick);
  }
  return ticks;
}

/** The smoothed loss at the row whose rate is nearest `lr` on a log scale. */
export function lossNear(rows: readonly LrChartRow[], lr: number): number | null {
  let best: LrChartRow | null = null;
  let bestDistance = Infinity;
  for (const row of rows) {
    const distance = Math.abs(Math.log(row.lr) - Math.log(lr));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = row;
    }
  }
  return best?.smooth ?? best?.raw ?? null;
}

export interface SuggestionsLike {
  valley: number | null;
  slide: number | null;
  minimum: number | null;
  steep: number | null;
  points?: Partial<Record<SuggestionName, { lr: number; loss: number | null }>> | null | undefined;
}

/**
 * One marker per suggestion the job made, placed on the curve. `minimum` suggests a tenth of the
 * minimum's rate, so it is drawn at the suggested rate, on the curve there (the engine's own point marks
 * the minimum itself).
 */
export function suggestionMarkers(
  suggestions: SuggestionsLike,
  rows: readonly LrChartRow[],
): SuggestionMarker[] {
  const markers: SuggestionMarker[] = [];
  for (const name of suggestionNames) {
    const lr = suggestions[name];
    if (!finite(lr) || lr <= 0) continue;
    const point = suggestions.points?.[name];
    const onCurve = point !== undefined && name !== 'minimum' && Math.abs(point.lr - lr) <= lr * 1e-6;
    const loss = onCurve && finite(point.loss) ? point.loss : lossNear(rows, lr);
    markers.push({ name, lr, loss });
  }
  return markers;
}

export const suggestionWords: Record<SuggestionName, string> = {
  valley: 'Valley: halfway down the longest fall (fastai’s default)',
  slide: 'Slide: where the loss stops falling, slid back to be safe',
  minimum: 'Minimum ÷ 10: a tenth of the rate with the lowest loss',
  steep: 'Steep: where the loss falls fastest',
};
