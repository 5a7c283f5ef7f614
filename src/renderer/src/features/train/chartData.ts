/**
 * Shapes a run's recorded points for the charts: downsampled to a few hundred points (recharts slows
 * past about a thousand), with stable keys, non-finite values as gaps. Pure, so each is tested alone.
 */
import { downsample } from '../../store/series';
import type { BatchSample, EpochSample } from '../../store/trainReducers';
import type { RunRecord } from '../../../../shared/training';

export const MAX_CHART_POINTS = 500;

const finite = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

export interface LossRow {
  iter: number;
  loss: number | null;
  smoothLoss: number | null;
}

export interface ValidRow {
  iter: number;
  validLoss: number | null;
}

/** Train loss per batch (raw and smoothed), at most `maxPoints` rows, first and last kept. */
export function lossRows(batches: readonly BatchSample[], maxPoints = MAX_CHART_POINTS): LossRow[] {
  return downsample(batches, maxPoints).map((b) => ({
    iter: b.iter,
    loss: finite(b.loss),
    smoothLoss: finite(b.smoothLoss),
  }));
}

/** Valid loss at the end of each epoch, placed at that epoch's last batch. */
export function validRows(epochs: readonly EpochSample[]): ValidRow[] {
  return epochs.map((e) => ({ iter: e.iter, validLoss: finite(e.valid_loss) }));
}

export interface ScheduleRow {
  iter: number;
  lr: number | null;
  mom: number | null;
}

/** The head's learning rate and the momentum per batch, as the trainer reported them. */
export function scheduleRows(batches: readonly BatchSample[], maxPoints = MAX_CHART_POINTS): ScheduleRow[] {
  return downsample(batches, maxPoints).map((b) => ({ iter: b.iter, lr: finite(b.lr), mom: finite(b.mom) }));
}

/** Metric names in a stable order: fastai's accuracy and error_rate first, then any others sorted. */
export function metricNames(epochs: readonly { metrics: Record<string, number | null> }[]): string[] {
  const names = new Set<string>();
  for (const e of epochs) for (const name of Object.keys(e.metrics)) names.add(name);
  const preferred = ['accuracy', 'error_rate'].filter((n) => names.has(n));
  const rest = [...names].filter((n) => !preferred.includes(n)).sort();
  return [...preferred, ...rest];
}

export type MetricRow = { epoch: number } & Record<string, number | null>;

/** One row per epoch over the whole run (1-based), with each metric as a column. */
export function metricRows(epochs: readonly EpochSample[]): MetricRow[] {
  const names = metricNames(epochs);
  return epochs.map((e, i) => {
    const row: MetricRow = { epoch: i + 1 };
    for (const name of names) row[name] = finite(e.metrics[name]);
    return row;
  });
}

export interface OverlaySeries {
  runId: string;
  /** Smoothed train loss by batch. */
  train: { iter: number; loss: number | null }[];
  /** Valid loss at the end of each epoch, spread evenly over the run's batches. */
  valid: { iter: number; loss: number | null }[];
}

/** A saved run's loss curves for the comparison chart. */
export function overlaySeries(record: RunRecord, maxPoints = MAX_CHART_POINTS): OverlaySeries {
  const train = downsample(record.batches, maxPoints).map((b) => ({
    iter: b.iter,
    loss: finite(b.smoothLoss) ?? finite(b.loss),
  }));
  const lastIter = record.batches.reduce((max, b) => Math.max(max, b.iter), 0);
  const n = record.epochs.length;
  const valid = record.epochs.map((e, i) => ({
    iter: n > 0 ? Math.round(((i + 1) * (lastIter + 1)) / n) - 1 : 0,
    loss: finite(e.valid_loss),
  }));
  return { runId: record.id, train, valid };
}

/** A y range for loss charts that ignores the first few batches' very high losses. */
export function lossDomain(
  rows: readonly LossRow[],
  valid: readonly ValidRow[],
): [number, number] | ['auto', 'auto'] {
  const smooth = rows.map((r) => r.smoothLoss).filter((v): v is number => v !== null);
  const raw = rows.map((r) => r.loss).filter((v): v is number => v !== null);
  const v = valid.map((r) => r.validLoss).filter((x): x is number => x !== null);
  const all = [...smooth, ...raw, ...v];
  if (all.length === 0) return ['auto', 'auto'];
  const min = Math.min(...all);
  const top = Math.max(...smooth, ...v, ...(smooth.length === 0 ? raw : []));
  const rawTop = raw.length > 0 ? Math.max(...raw) : top;
  const upper = Math.min(rawTop, top * 1.15);
  const lower = Math.max(0, min - (upper - min) * 0.05);
  return upper > lower ? [lower, upper] : ['auto', 'auto'];
}
