// Shaping training data for the charts: downsampling, gaps for non-finite values, metric columns, the
// run overlay; and the store's bounded batch series, fine-tune phases and the progress line's numbers.
import { describe, expect, it } from 'vitest';
import {
  lossDomain,
  lossRows,
  metricNames,
  metricRows,
  overlaySeries,
  scheduleRows,
  validRows,
} from '../../../src/renderer/src/features/train/chartData';
import {
  appendBounded,
  idleLiveRun,
  runProgress,
  trainProgressed,
  trainStarting,
  type BatchSample,
  type EpochSample,
  type LiveRun,
} from '../../../src/renderer/src/store/trainReducers';
import { TrainParamsSchema, type JobProgress } from '../../../src/shared/contract';
import { RunRecordSchema } from '../../../src/shared/training';

function batches(n: number): BatchSample[] {
  return Array.from({ length: n }, (_, i) => ({
    iter: i,
    epoch: Math.floor(i / 100),
    loss: 2 / (1 + i / 50),
    smoothLoss: 2 / (1 + i / 60),
    lr: 1e-3,
    mom: 0.9,
  }));
}

function epoch(
  iter: number,
  validLoss: number | null,
  metrics: Record<string, number | null> = {},
): EpochSample {
  return { iter, fitPhase: 0, epoch: 0, train_loss: 0.5, valid_loss: validLoss, metrics, seconds: 3 };
}

describe('chart rows', () => {
  it('downsamples long series to at most 500 points, keeping the first and last batch', () => {
    const rows = lossRows(batches(12_345));
    expect(rows.length).toBe(500);
    expect(rows[0]!.iter).toBe(0);
    expect(rows[rows.length - 1]!.iter).toBe(12_344);
    const iters = rows.map((r) => r.iter);
    expect([...iters].sort((a, b) => a - b)).toEqual(iters);
    expect(lossRows(batches(40))).toHaveLength(40);
    expect(scheduleRows(batches(2000), 300)).toHaveLength(300);
  });

  it('turns non-finite values into gaps', () => {
    const b = batches(3);
    b[1] = { ...b[1]!, loss: Number.NaN, smoothLoss: null };
    const rows = lossRows(b);
    expect(rows[1]).toEqual({ iter: 1, loss: null, smoothLoss: null });
    expect(validRows([epoch(99, Number.POSITIVE_INFINITY)])).toEqual([{ iter: 99, validLoss: null }]);
  });

  it('metric columns in a stable order, one row per epoch numbered from 1', () => {
    const e = [
      epoch(10, 0.5, { error_rate: 0.2, accuracy: 0.8, f1: 0.7 }),
      epoch(20, 0.4, { error_rate: 0.1, accuracy: 0.9, f1: Number.NaN }),
    ];
    expect(metricNames(e)).toEqual(['accuracy', 'error_rate', 'f1']);
    expect(metricRows(e)).toEqual([
      { epoch: 1, accuracy: 0.8, error_rate: 0.2, f1: 0.7 },
      { epoch: 2, accuracy: 0.9, error_rate: 0.1, f1: null },
    ]);
  });

  it('the loss range ignores the first batches’ spikes but keeps valid losses in view', () => {
    const rows = [
      { iter: 0, loss: 9, smoothLoss: 2 },
      { iter: 1, loss: 1.2, smoothLoss: 1.5 },
      { iter: 2, loss: 0.8, smoothLoss: 1 },
    ];
    const [lo, hi] = lossDomain(rows, [{ iter: 2, validLoss: 0.7 }]) as [number, number];
    expect(hi).toBeCloseTo(2.3, 10);
    expect(lo).toBeLessThanOrEqual(0.7);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lossDomain([], [])).toEqual(['auto', 'auto']);
  });

  it('a saved run’s overlay: smoothed train loss by batch and valid loss at each epoch’s end', () => {
    const record = RunRecordSchema.parse({
      id: 'run-1',
      status: 'completed',
      startedAt: 1,
      params: { arch: 'resnet18' },
      augmentation: null,
      backend: 'wasm',
      lr: 1e-3,
      classes: ['cat', 'dog'],
      balance: { classes: [], imbalance: 1 },
      epochs: [
        { epoch: 0, train_loss: 0.9, valid_loss: 0.8, metrics: {}, seconds: 1 },
        { epoch: 1, train_loss: 0.6, valid_loss: 0.5, metrics: {}, seconds: 1 },
      ],
      batches: Array.from({ length: 20 }, (_, i) => ({
        iter: i,
        epoch: Math.floor(i / 10),
        loss: 1,
        smoothLoss: 1 - i / 40,
        lr: 1e-3,
        mom: 0.9,
      })),
      bestEpoch: 1,
      bestMetric: null,
      modelDir: null,
      checkpointEpoch: 1,
      seconds: 2,
      imagesPerSecond: 100,
    });
    const series = overlaySeries(record);
    expect(series.runId).toBe('run-1');
    expect(series.train).toHaveLength(20);
    expect(series.train[19]).toEqual({ iter: 19, loss: 1 - 19 / 40 });
    expect(series.valid).toEqual([
      { iter: 9, loss: 0.8 },
      { iter: 19, loss: 0.5 },
    ]);
  });
});

describe('bounded batch series', () => {
  it('halves the older points when full and always keeps the newest', () => {
    const start = Array.from({ length: 10 }, (_, i) => i);
    const out = appendBounded(start, [10, 11], 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out[0]).toBe(0);
    expect(out[out.length - 1]).toBe(11);
    expect(appendBounded([1, 2], [3], 10)).toEqual([1, 2, 3]);
  });
});

describe('live run progress', () => {
  const params = TrainParamsSchema.parse({ epochs: 2, batchSize: 32, lr: 1e-3 });
  const batch = (step: number, total: number, epochIndex: number, loss = 1): JobProgress => ({
    jobId: 'job-1',
    kind: 'train',
    step,
    total,
    message: 'batch',
    metrics: { epoch: epochIndex, loss, smoothLoss: loss, lr: 1e-3, mom: 0.9 },
  });

  function running(run: LiveRun): LiveRun {
    return { ...run, jobId: 'job-1', phase: 'running' };
  }

  it('derives batch, epoch, images/second and time left from step timing', () => {
    let run = running(trainStarting(params));
    run = trainProgressed(run, [
      { progress: batch(1, 20, 0), at: 1000 },
      { progress: batch(5, 20, 0), at: 2000 },
      { progress: batch(11, 20, 1), at: 3500 },
    ]);
    expect(run.batches.map((b) => b.iter)).toEqual([1, 5, 11]);
    const p = runProgress(run, 3500);
    expect(p.epoch).toBe(2);
    expect(p.epochs).toBe(2);
    expect(p.batchesPerEpoch).toBe(10);
    expect(p.batch).toBe(1);
    expect(p.fraction).toBeCloseTo(11 / 20, 12);
    // 10 steps in 2.5 s at 32 images a step
    expect(p.imagesPerSecond).toBeCloseTo(128, 9);
    // 9 steps left at 250 ms a step
    expect(p.etaSeconds).toBeCloseTo(2.25, 9);
  });

  it('fine-tune: steps and epochs count over both fits (as the engine sends them); the fit follows the epoch', () => {
    const ft = TrainParamsSchema.parse({ epochs: 2, fineTune: true, freezeEpochs: 1, lr: 1e-3 });
    let run = running(trainStarting(ft));
    // 1 frozen + 2 unfrozen epochs of 10 batches: the engine says step k of 30 (runRecord.test.ts checks it).
    run = trainProgressed(run, [
      { progress: batch(10, 30, 0), at: 0 },
      {
        progress: {
          jobId: 'job-1',
          kind: 'train',
          step: 10,
          total: 30,
          message: 'epoch',
          metrics: { epoch: 0, train_loss: 0.9, valid_loss: 0.8, accuracy: 0.7, error_rate: 0.3, seconds: 4 },
        },
        at: 100,
      },
      { progress: batch(13, 30, 1), at: 200 },
    ]);
    expect(run.fitPhase).toBe(1);
    expect(run.batches.map((b) => b.iter)).toEqual([10, 13]);
    expect(run.epochs).toEqual([
      {
        iter: 10,
        fitPhase: 0,
        epoch: 0,
        train_loss: 0.9,
        valid_loss: 0.8,
        metrics: { accuracy: 0.7, error_rate: 0.3 },
        seconds: 4,
      },
    ]);
    const p = runProgress(run, 200);
    expect(p.epochs).toBe(3);
    expect(p.epoch).toBe(2);
    expect(p.batchesPerEpoch).toBe(10);
    expect(p.batch).toBe(3);
    expect(p.fraction).toBeCloseTo(13 / 30, 12);
    // The unfrozen fit's epochs are marked as such.
    run = trainProgressed(run, [
      {
        progress: {
          jobId: 'job-1',
          kind: 'train',
          step: 20,
          total: 30,
          message: 'epoch',
          metrics: { epoch: 1, train_loss: 0.7, valid_loss: 0.6, seconds: 4 },
        },
        at: 300,
      },
    ]);
    expect(run.epochs.map((e) => [e.epoch, e.fitPhase])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('ignores events of other jobs, and of a run that ended', () => {
    const run = running(trainStarting(params));
    const other = trainProgressed(run, [{ progress: { ...batch(1, 20, 0), jobId: 'job-2' }, at: 0 }]);
    expect(other.batches).toEqual([]);
    const ended = trainProgressed({ ...run, phase: 'done' }, [{ progress: batch(2, 20, 0), at: 0 }]);
    expect(ended.batches).toEqual([]);
    expect(trainProgressed(idleLiveRun, [{ progress: batch(2, 20, 0), at: 0 }])).toBe(idleLiveRun);
  });

  it('a starting run adopts the first events (they can overtake the start reply)', () => {
    const run = trainProgressed(trainStarting(params), [{ progress: batch(2, 20, 0), at: 0 }]);
    expect(run.jobId).toBe('job-1');
    expect(run.phase).toBe('running');
  });
});
