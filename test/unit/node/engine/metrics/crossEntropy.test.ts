import { describe, expect, it } from 'vitest';
import {
  crossEntropyFromLogits,
  crossEntropyFromProbs,
  crossEntropyPerItemFromProbs,
  labelSmoothingCrossEntropy,
  labelSmoothingCrossEntropyPerItem,
  logSoftmax,
  softmax,
} from '../../../../../src/main/engine/metrics/crossEntropy';
import { DeskfitError } from '../../../../../src/shared/errors';

describe('softmax and logSoftmax', () => {
  it('match hand values and stay finite for huge logits', () => {
    const p = softmax([0, Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 15);
    expect(p[1]).toBeCloseTo(0.75, 15);
    expect(logSoftmax([1000, 0])).toEqual([0, -1000]);
    expect(logSoftmax([-1000, -1000])[0]).toBeCloseTo(-Math.LN2, 15);
  });
});

describe('cross-entropy from probabilities', () => {
  it('is −log p_target per item and its mean', () => {
    const probs = [
      [0.25, 0.75],
      [0.5, 0.5],
    ];
    expect(crossEntropyPerItemFromProbs(probs, [1, 0])).toEqual([-Math.log(0.75), Math.LN2]);
    expect(crossEntropyFromProbs(probs, [1, 0])).toBeCloseTo((-Math.log(0.75) + Math.LN2) / 2, 15);
  });

  it('is Infinity, not clamped, for a zero probability on the target', () => {
    expect(crossEntropyPerItemFromProbs([[1, 0]], [1])).toEqual([Infinity]);
  });
});

describe('label-smoothing cross-entropy from logits', () => {
  it('matches the hand value (1 − ε)(−log p_t) + ε/C · Σ −log p_j', () => {
    // p = [0.25, 0.75], target 1, ε = 0.1, C = 2: 0.9·0.2876821 + 0.05·(1.3862944 + 0.2876821)
    const value = labelSmoothingCrossEntropy([[0, Math.log(3)]], [1]);
    expect(value).toBeCloseTo(0.9 * -Math.log(0.75) + 0.05 * (-Math.log(0.25) - Math.log(0.75)), 15);
    expect(value).toBeCloseTo(0.3426127, 7);
    // the same as cross-entropy against the smoothed target [0.05, 0.95]
    expect(value).toBeCloseTo(-(0.05 * Math.log(0.25) + 0.95 * Math.log(0.75)), 15);
  });

  it('reduces to plain cross-entropy at ε = 0, which matches the probability form', () => {
    const logits = [
      [2, -1, 0.5],
      [0.1, 0.2, 0.3],
      [-4, 3, 1],
    ];
    const targets = [0, 2, 1];
    const plain = crossEntropyFromLogits(logits, targets);
    expect(labelSmoothingCrossEntropy(logits, targets, 0)).toBe(plain);
    expect(plain).toBeCloseTo(crossEntropyFromProbs(logits.map(softmax), targets), 14);
  });

  it('is uniform-target cross-entropy at ε = 1, whatever the target', () => {
    const logits = [[2, -1, 0.5]];
    expect(labelSmoothingCrossEntropy(logits, [0], 1)).toBeCloseTo(
      labelSmoothingCrossEntropy(logits, [2], 1),
      15,
    );
  });

  it('stays finite on huge logits', () => {
    expect(crossEntropyFromLogits([[1000, 0]], [1])).toBe(1000);
    expect(labelSmoothingCrossEntropyPerItem([[1000, 0]], [0], 0.1)[0]).toBeCloseTo(0.05 * 1000, 10);
  });

  it('refuses ε outside [0, 1] and bad targets', () => {
    expect(() => labelSmoothingCrossEntropy([[0, 0]], [0], 1.5)).toThrow(/ε is 1\.5/);
    expect(() => labelSmoothingCrossEntropy([[0, 0]], [2])).toThrow(DeskfitError);
  });
});
