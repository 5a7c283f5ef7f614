// fastai's SaveModelCallback: the model ends with the weights of its best epoch (lowest valid
// error_rate, else valid loss), not the last one's, and the keeper holds no tensors.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { BestEpochKeeper, monitoredMetric } from '../../../../../src/main/engine/learner/bestEpoch';
import { Learner } from '../../../../../src/main/engine/learner/learner';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import { data, tinyModel } from './learnerFixtures';

beforeAll(async () => {
  await initBackend();
});

const row = (epoch: number, validLoss: number | null, metrics: Record<string, number> = {}) => ({
  epoch,
  trainLoss: 0.5,
  validLoss,
  metrics,
  seconds: 1,
});

describe('monitoredMetric', () => {
  it('prefers error_rate, then valid loss, then train loss, skipping non-finite figures', () => {
    expect(monitoredMetric(row(0, 0.3, { accuracy: 0.9, error_rate: 0.1 }))).toEqual({
      name: 'error_rate',
      value: 0.1,
    });
    expect(monitoredMetric(row(0, 0.3, { error_rate: Number.NaN }))).toEqual({
      name: 'valid_loss',
      value: 0.3,
    });
    expect(monitoredMetric(row(0, null))).toEqual({ name: 'train_loss', value: 0.5 });
    expect(monitoredMetric({ ...row(0, Number.NaN), trainLoss: Number.NaN })).toBeUndefined();
  });
});

describe('BestEpochKeeper', () => {
  it('keeps the epoch with the lowest figure; a tie on error rate goes to the lower valid loss, else the earlier', () => {
    const keeper = new BestEpochKeeper(() => []);
    expect(keeper.consider(row(0, 0.5, { error_rate: 0.2 }))).toBe(true);
    expect(keeper.consider(row(1, 0.4, { error_rate: 0.2 }))).toBe(true);
    expect(keeper.consider(row(2, 0.4, { error_rate: 0.2 }))).toBe(false);
    expect(keeper.consider(row(3, 0.6, { error_rate: 0.1 }))).toBe(true);
    expect(keeper.consider(row(4, 0.3, { error_rate: 0.15 }))).toBe(false);
    expect(keeper.best).toEqual({ epoch: 3, metric: { name: 'error_rate', value: 0.1 }, validLoss: 0.6 });
    const byLoss = new BestEpochKeeper(() => []);
    expect(byLoss.consider(row(0, 0.5))).toBe(true);
    expect(byLoss.consider(row(1, 0.5))).toBe(false);
  });

  it("puts the best epoch's weights back after a worse last epoch", async () => {
    const model = tinyModel();
    const variables = () => model.model.layers.flatMap((l) => l.weights.map((w) => w.read() as tf.Variable));
    const keeper = new BestEpochKeeper(variables);
    const snapshots: Float32Array[][] = [];
    const tensors: number[] = [];
    const learn = new Learner({
      model,
      data: data({ train: 32, valid: 16 }),
      task: singleLabelTask(),
      seed: 2,
      callbacks: [
        keeper.callback,
        {
          // The last epoch is sabotaged: the head's weights flip sign before validation, so it predicts
          // the opposite class and ends worse than every epoch before it.
          name: 'sabotage',
          beforeValidate: (l) => {
            if (l.globalEpoch !== 3) return;
            for (const v of model.groupVariables()[1]!) tf.tidy(() => v.assign(tf.neg(v)));
          },
          afterEpoch: () => {
            snapshots.push(variables().map((v) => Float32Array.from(v.dataSync())));
            tensors.push(tf.memory().numTensors);
          },
        },
      ],
    });
    await learn.fitOneCycle(4, 3e-2);
    const rates = learn.recorder.epochs.map((e) => e.metrics.error_rate!);
    expect(rates[3]).toBeGreaterThan(Math.min(...rates.slice(0, 3)));
    const best = rates.indexOf(Math.min(...rates));
    expect(keeper.best?.epoch).toBe(best);
    expect(best).toBeLessThan(3);
    expect(new Set(tensors).size).toBe(1);

    expect(keeper.restoreBest()).toBe(true);
    const restored = variables().map((v) => Array.from(v.dataSync()));
    expect(restored).toEqual(snapshots[best]!.map((a) => Array.from(a)));
    expect(restored).not.toEqual(snapshots[3]!.map((a) => Array.from(a)));
    learn.dispose();
    model.dispose();
  });
});
