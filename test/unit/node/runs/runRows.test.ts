import { describe, expect, it } from 'vitest';
import { batchPoints, downsampleIndices, epochRows } from '../../../../src/main/runs/runRows';

const batch = (i: number, loss = 1 / (i + 1)) => ({
  iteration: i,
  epoch: Math.floor(i / 100),
  lrs: [1e-4, 1e-3],
  mom: 0.9,
  rawLoss: loss,
  smoothLoss: loss,
});

describe('downsampleIndices', () => {
  it('keeps everything up to the limit, else evenly spaced indices with both ends', () => {
    expect(downsampleIndices(3, 5)).toEqual([0, 1, 2]);
    expect(downsampleIndices(11, 3)).toEqual([0, 5, 10]);
    const picked = downsampleIndices(10_001, 2000);
    expect(picked).toHaveLength(2000);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(10_000);
    expect(picked.every((v, i) => i === 0 || v > picked[i - 1]!)).toBe(true);
  });
});

describe('batchPoints', () => {
  it('cuts a long curve to 2,000 points keeping the head rate, and drops non-finite losses', () => {
    const batches = Array.from({ length: 5000 }, (_, i) => batch(i));
    batches[10] = batch(10, Number.NaN);
    const points = batchPoints(batches);
    expect(points).toHaveLength(2000);
    expect(points[0]).toEqual({ iter: 0, epoch: 0, loss: 1, smoothLoss: 1, lr: 1e-3, mom: 0.9 });
    expect(points.at(-1)!.iter).toBe(4999);
    expect(points.every((p) => Number.isFinite(p.loss))).toBe(true);
  });
});

describe('epochRows', () => {
  it("writes fastai's columns, a missing valid loss as null, and leaves out non-finite metrics", () => {
    expect(
      epochRows([
        { epoch: 0, trainLoss: 0.7, validLoss: 0.6, metrics: { accuracy: 0.8, error_rate: 0.2 }, seconds: 2 },
        { epoch: 1, trainLoss: 0.5, validLoss: null, metrics: { accuracy: Number.NaN }, seconds: 1 },
      ]),
    ).toEqual([
      { epoch: 0, train_loss: 0.7, valid_loss: 0.6, metrics: { accuracy: 0.8, error_rate: 0.2 }, seconds: 2 },
      { epoch: 1, train_loss: 0.5, valid_loss: null, metrics: {}, seconds: 1 },
    ]);
  });
});
