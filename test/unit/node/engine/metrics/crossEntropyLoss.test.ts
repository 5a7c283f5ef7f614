import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../../../../src/main/engine/random';
import {
  crossEntropyLoss,
  crossEntropyPerItem,
} from '../../../../../src/main/engine/metrics/crossEntropyLoss';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import {
  labelSmoothingCrossEntropy,
  labelSmoothingCrossEntropyPerItem,
  softmax,
} from '../../../../../src/main/engine/metrics/crossEntropy';
import { DeskfitError } from '../../../../../src/shared/errors';

function randomBatch(
  seed: number,
  n: number,
  c: number,
  scale = 3,
): { logits: number[][]; targets: number[] } {
  const rng = makeRng(seed);
  return {
    logits: Array.from({ length: n }, () => Array.from({ length: c }, () => scale * rng.normal())),
    targets: Array.from({ length: n }, () => rng.int(c)),
  };
}

describe('crossEntropyLoss (tfjs, cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('matches the plain-array reference with and without label smoothing', () => {
    for (const [seed, eps] of [
      [1, 0],
      [2, 0.1],
      [3, 0.3],
    ] as const) {
      const { logits, targets } = randomBatch(seed, 16, 5);
      const expected = labelSmoothingCrossEntropy(logits, targets, eps);
      const l = tf.tensor2d(logits);
      const t = tf.tensor1d(targets, 'int32');
      const loss = crossEntropyLoss(l, t, { labelSmoothing: eps });
      expect(loss.rank).toBe(0);
      expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
      tf.dispose([l, t, loss]);
    }
  });

  it('gives per-item losses that match the reference, and the task scores valid items with the same smoothing', () => {
    const { logits, targets } = randomBatch(7, 12, 4);
    const l = tf.tensor2d(logits);
    const t = tf.tensor1d(targets, 'int32');
    for (const eps of [0, 0.1]) {
      const expected = labelSmoothingCrossEntropyPerItem(logits, targets, eps);
      const before = tf.memory().numTensors;
      const perItem = crossEntropyPerItem(l, t, { labelSmoothing: eps });
      expect(tf.memory().numTensors).toBe(before + 1);
      Array.from(perItem.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      // Valid loss (the mean of the task's item losses) equals the training loss on the same batch.
      const task = singleLabelTask({ labelSmoothing: eps });
      const items = task.itemLosses(l, t);
      const loss = task.loss(l, t);
      expect(tf.tidy(() => tf.mean(items)).dataSync()[0]).toBeCloseTo(loss.dataSync()[0]!, 6);
      tf.dispose([perItem, items, loss]);
    }
    // Smoothing raises the loss of confident right answers: the two differ.
    const plain = crossEntropyPerItem(l, t);
    const smoothed = crossEntropyPerItem(l, t, { labelSmoothing: 0.1 });
    expect(Math.abs(plain.dataSync()[0]! - smoothed.dataSync()[0]!)).toBeGreaterThan(1e-3);
    tf.dispose([l, t, plain, smoothed]);
  });

  it('accepts float32 targets and stays finite on huge logits', () => {
    const l = tf.tensor2d([
      [1000, 0],
      [0, 1000],
    ]);
    const t = tf.tensor1d([1, 1], 'float32');
    const loss = crossEntropyLoss(l, t);
    expect(loss.dataSync()[0]).toBeCloseTo(500, 3);
    tf.dispose([l, t, loss]);
  });

  it('has the gradient (softmax − smoothed target) / N', () => {
    const { logits, targets } = randomBatch(4, 6, 4);
    const eps = 0.1;
    const l = tf.tensor2d(logits);
    const t = tf.tensor1d(targets, 'int32');
    const grad = tf.grad((x: tf.Tensor) => crossEntropyLoss(x as tf.Tensor2D, t, { labelSmoothing: eps }))(l);
    const got = grad.arraySync() as number[][];
    logits.forEach((row, i) => {
      const p = softmax(row);
      p.forEach((pj, j) => {
        const target = (j === targets[i] ? 1 - eps : 0) + eps / 4;
        expect(got[i]?.[j]).toBeCloseTo((pj - target) / logits.length, 6);
      });
    });
    tf.dispose([l, t, grad]);
  });

  it('leaks no tensors, called directly or under variableGrads', () => {
    const { logits, targets } = randomBatch(5, 8, 3);
    const w = tf.variable(tf.tensor2d(logits));
    const t = tf.tensor1d(targets, 'int32');
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const loss = crossEntropyLoss(w, t, { labelSmoothing: 0.1 });
      loss.dispose();
      const { value, grads } = tf.variableGrads(() => crossEntropyLoss(w, t));
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, t]);
  });

  it('refuses a bad smoothing value, an empty batch and mismatched shapes', () => {
    const l = tf.tensor2d([[0, 1]]);
    const t = tf.tensor1d([0, 1], 'int32');
    const empty = tf.zeros([0, 2]) as tf.Tensor2D;
    const noTargets = tf.zeros([0], 'int32') as tf.Tensor1D;
    const before = tf.memory().numTensors;
    expect(() => crossEntropyLoss(l, t)).toThrow(/1 rows of logits but 2 targets/);
    expect(() => crossEntropyLoss(l, t, { labelSmoothing: -0.1 })).toThrow(DeskfitError);
    expect(() => crossEntropyLoss(empty, noTargets)).toThrow(/empty/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([l, t, empty, noTargets]);
  });
});
