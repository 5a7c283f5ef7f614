/**
 * What a run record holds of the recorder: one row per epoch as fastai's table, and the batch curve
 * cut down to at most 2,000 points so `run.json` stays small and the charts stay fast (the recharts
 * guide's advice). JSON has no NaN: non-finite figures are left out rather than written as null.
 */
import type { BatchPoint, EpochRow } from '../../shared/training';

/** The recorder's figures, as plain data (see engine/recorder). */
export interface RecordedEpoch {
  epoch: number;
  trainLoss: number;
  validLoss: number | null;
  metrics: Record<string, number>;
  seconds: number;
}

export interface RecordedBatch {
  iteration: number;
  epoch: number;
  lrs: readonly number[];
  mom: number;
  rawLoss: number;
  smoothLoss: number;
}

export const MAX_BATCH_POINTS = 2000;

export function epochRows(epochs: readonly RecordedEpoch[]): EpochRow[] {
  return epochs
    .filter((e) => Number.isFinite(e.trainLoss))
    .map((e) => ({
      epoch: e.epoch,
      train_loss: e.trainLoss,
      valid_loss: e.validLoss !== null && Number.isFinite(e.validLoss) ? e.validLoss : null,
      metrics: Object.fromEntries(Object.entries(e.metrics).filter(([, v]) => Number.isFinite(v))),
      seconds: Number.isFinite(e.seconds) ? e.seconds : 0,
    }));
}

/**
 * Evenly spaced indices of `n` items, at most `max`, always keeping the first and the last (the
 * curve's ends are what a reader checks).
 */
export function downsampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return max === 1 ? [n - 1] : [];
  const step = (n - 1) / (max - 1);
  return Array.from({ length: max }, (_, k) => Math.round(k * step));
}

/** The batch curve (head learning rate) as at most `max` points. */
export function batchPoints(batches: readonly RecordedBatch[], max = MAX_BATCH_POINTS): BatchPoint[] {
  const usable = batches.filter(
    (b) =>
      Number.isFinite(b.rawLoss) &&
      Number.isFinite(b.smoothLoss) &&
      Number.isFinite(b.mom) &&
      Number.isFinite(b.lrs[b.lrs.length - 1] ?? Number.NaN),
  );
  return downsampleIndices(usable.length, max).map((i) => {
    const b = usable[i]!;
    return {
      iter: b.iteration,
      epoch: b.epoch,
      loss: b.rawLoss,
      smoothLoss: b.smoothLoss,
      lr: b.lrs[b.lrs.length - 1]!,
      mom: b.mom,
    };
  });
}
