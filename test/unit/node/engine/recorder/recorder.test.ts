import { describe, expect, it } from 'vitest';
import { Recorder } from '../../../../../src/main/engine/recorder/recorder';
import { DeskfitError } from '../../../../../src/shared/errors';

function fill(recorder: Recorder, from: number, to: number, losses: readonly number[]): void {
  for (let i = from; i < to; i++) {
    recorder.recordBatch({
      epoch: Math.floor(i / 3),
      lrs: [1e-4 * (i + 1), 1e-3 * (i + 1)],
      mom: 0.95 - 0.01 * i,
      rawLoss: losses[i] ?? Number.NaN,
    });
  }
}

const losses = [2.3, 2.0, 1.7, 1.5, 1.4, 1.2];

describe('Recorder batches', () => {
  it('numbers batches and smooths the loss', () => {
    const r = new Recorder();
    fill(r, 0, 3, losses);
    expect(r.batches.map((b) => b.iteration)).toEqual([0, 1, 2]);
    expect(r.batches[0]).toMatchObject({
      iteration: 0,
      epoch: 0,
      lrs: [1e-4, 1e-3],
      mom: 0.95,
      rawLoss: 2.3,
    });
    expect(r.batches[0]?.smoothLoss).toBeCloseTo(2.3, 12);
    expect(r.batches[1]?.smoothLoss).toBeCloseTo((0.98 * 0.02 * 2.3 + 0.02 * 2.0) / (1 - 0.98 ** 2), 14);
    expect(r.smoothLoss).toBe(r.batches[2]?.smoothLoss);
  });

  it('copies the learning-rate array it is given', () => {
    const r = new Recorder();
    const lrs = [1, 2];
    r.recordBatch({ epoch: 0, lrs, mom: 0.9, rawLoss: 1 });
    lrs[0] = 99;
    expect(r.batches[0]?.lrs).toEqual([1, 2]);
  });

  it('keeps smoothing across epochs and restarts it only when asked', () => {
    const r = new Recorder();
    fill(r, 0, 4, losses);
    expect(r.batches[3]?.smoothLoss).not.toBeCloseTo(1.5, 3);
    r.resetSmoothing();
    r.recordBatch({ epoch: 0, lrs: [1e-3], mom: 0.9, rawLoss: 0.7 });
    expect(r.batches[4]?.smoothLoss).toBeCloseTo(0.7, 14);
    expect(r.batches[4]?.iteration).toBe(4);
  });

  it("gives the LR-finder curve from the last group's rate", () => {
    const r = new Recorder();
    fill(r, 0, 3, losses);
    const curve = r.lrFindCurve();
    expect(curve.lrs).toEqual([1e-3, 2e-3, 3e-3]);
    expect(curve.losses).toEqual(r.batches.map((b) => b.smoothLoss));
  });
});

describe('Recorder epochs and the fastai table', () => {
  function twoEpochs(): Recorder {
    const r = new Recorder();
    fill(r, 0, 3, losses);
    r.recordEpoch({ epoch: 0, validLoss: 1.9, metrics: { accuracy: 0.6, error_rate: 0.4 }, seconds: 75.9 });
    fill(r, 3, 6, losses);
    r.recordEpoch({ epoch: 1, validLoss: 1.4, metrics: { accuracy: 0.75, error_rate: 0.25 }, seconds: 3725 });
    return r;
  }

  it('takes the smoothed loss at the end of the epoch as train_loss, as fastai prints it', () => {
    const r = twoEpochs();
    expect(r.epochs[0]?.trainLoss).toBe(r.batches[2]?.smoothLoss);
    expect(r.epochs[1]?.trainLoss).toBe(r.batches[5]?.smoothLoss);
  });

  it('builds fastai rows with columns in fastai order', () => {
    const r = twoEpochs();
    const rows = r.fastaiTable();
    expect(rows).toEqual([
      {
        epoch: 0,
        train_loss: r.batches[2]?.smoothLoss,
        valid_loss: 1.9,
        accuracy: 0.6,
        error_rate: 0.4,
        time: '01:15',
      },
      {
        epoch: 1,
        train_loss: r.batches[5]?.smoothLoss,
        valid_loss: 1.4,
        accuracy: 0.75,
        error_rate: 0.25,
        time: '1:02:05',
      },
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'epoch',
      'train_loss',
      'valid_loss',
      'accuracy',
      'error_rate',
      'time',
    ]);
  });

  it('accepts an explicit train loss and no validation set', () => {
    const r = new Recorder();
    r.recordEpoch({ epoch: 0, trainLoss: 0.5, validLoss: null, seconds: 3 });
    expect(r.fastaiTable()).toEqual([{ epoch: 0, train_loss: 0.5, valid_loss: null, time: '00:03' }]);
  });

  it('refuses metric names that clash with table columns', () => {
    const r = new Recorder();
    expect(() => r.recordEpoch({ epoch: 0, validLoss: 1, metrics: { time: 1 }, seconds: 1 })).toThrow(
      /Metric name "time"/,
    );
  });
});

describe('Recorder JSON', () => {
  it('round-trips through JSON text, keeping NaN losses as NaN and a missing valid loss as null', () => {
    const r = new Recorder();
    fill(r, 0, 3, [2.3, Number.NaN, 1.9]);
    r.recordEpoch({ epoch: 0, validLoss: null, metrics: { accuracy: Number.NaN }, seconds: 2 });
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/NaN/);
    const back = Recorder.fromJSON(JSON.parse(text));
    expect(back.batches).toEqual(r.batches);
    expect(back.batches[1]?.rawLoss).toBeNaN();
    expect(back.batches[2]?.smoothLoss).toBeNaN();
    expect(back.epochs).toEqual(r.epochs);
    expect(back.epochs[0]?.validLoss).toBeNull();
    expect(back.toJSON()).toEqual(r.toJSON());
  });

  it('resumes the same smoothed curve after a checkpoint', () => {
    const whole = new Recorder();
    fill(whole, 0, 6, losses);
    const first = new Recorder();
    fill(first, 0, 3, losses);
    const resumed = Recorder.fromJSON(JSON.parse(JSON.stringify(first)));
    fill(resumed, 3, 6, losses);
    expect(resumed.batches).toEqual(whole.batches);
  });

  it('refuses damaged data with BAD_REQUEST naming the field', () => {
    const r = new Recorder();
    fill(r, 0, 2, losses);
    const json = JSON.parse(JSON.stringify(r));
    json.batches[1].lrs = 'oops';
    let error: unknown;
    try {
      Recorder.fromJSON(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeskfitError);
    expect((error as DeskfitError).code).toBe('BAD_REQUEST');
    expect((error as DeskfitError).message).toMatch(/batches\.1\.lrs/);
    expect(() => Recorder.fromJSON({ ...r.toJSON(), version: 2 })).toThrow(/version/);
    expect(() => Recorder.fromJSON(null)).toThrow(DeskfitError);
  });

  it('refuses saved metrics named like a table column', () => {
    const r = new Recorder();
    r.recordEpoch({ epoch: 0, validLoss: 1, seconds: 1 });
    const json = r.toJSON();
    const epoch = json.epochs[0];
    if (epoch) epoch.metrics = { epoch: 3 };
    expect(() => Recorder.fromJSON(json)).toThrow(/Metric name "epoch"/);
  });
});
