import { describe, expect, it } from 'vitest';
import { accuracy, errorRate } from '../../../../../src/main/engine/metrics/accuracy';
import { argmaxRows, splitRows } from '../../../../../src/main/engine/metrics/predictionRows';
import { DeskfitError } from '../../../../../src/shared/errors';

const preds = [
  [0.1, 0.9],
  [0.8, 0.2],
  [0.3, 0.7],
  [0.6, 0.4],
];

describe('accuracy and errorRate', () => {
  it('count the top class against the target', () => {
    // predicted 1, 0, 1, 0 against 1, 0, 0, 0: three right
    expect(accuracy(preds, [1, 0, 0, 0])).toBe(0.75);
    expect(errorRate(preds, [1, 0, 0, 0])).toBe(0.25);
    expect(accuracy(preds, Int32Array.from([1, 0, 1, 0]))).toBe(1);
  });

  it('read Float32Array rows straight from a flat buffer', () => {
    const rows = splitRows(Float32Array.from(preds.flat()), 2);
    expect(accuracy(rows, [1, 0, 0, 0])).toBe(0.75);
  });

  it('work on logits as well as probabilities', () => {
    expect(accuracy([[-3, 2, 0.5]], [1])).toBe(1);
  });

  it('refuse mismatched, empty, ragged or out-of-range input, naming the item', () => {
    const cases: [number[][], number[], RegExp][] = [
      [preds, [1, 0, 0], /4 predictions but 3 targets/],
      [[], [], /at least one class|no items/],
      [[[0.5, 0.5], [1]], [0, 0], /prediction 1 has 1 scores, expected 2/],
      [preds, [1, 0, 2, 0], /target 2 is 2, not a class index from 0 to 1/],
      [preds, [1, 0, 0.5, 0], /target 2 is 0\.5/],
      [preds, [1, -1, 0, 0], /target 1 is -1/],
    ];
    for (const [p, t, pattern] of cases) {
      expect(() => accuracy(p, t)).toThrow(pattern);
      expect(() => accuracy(p, t)).toThrow(DeskfitError);
    }
  });
});

describe('argmaxRows', () => {
  it('picks the first of equal maxima, skips NaN and gives −1 for a row without numbers', () => {
    expect(
      argmaxRows([
        [0.5, 0.5],
        [Number.NaN, 0.1],
        [Number.NaN, Number.NaN],
        [-Infinity, -Infinity],
      ]),
    ).toEqual([0, 1, -1, 0]);
  });

  it('never counts a row of NaN as correct', () => {
    expect(accuracy([[Number.NaN, Number.NaN]], [0])).toBe(0);
  });
});

describe('splitRows', () => {
  it('returns views, not copies', () => {
    const flat = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const rows = splitRows(flat, 3);
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    flat[4] = 50;
    expect(rows[1]?.[1]).toBe(50);
  });

  it('refuses a length that is not a multiple of the class count', () => {
    expect(() => splitRows(new Float32Array(5), 2)).toThrow(/multiple of the class count/);
    expect(() => splitRows(new Float32Array(4), 0)).toThrow(DeskfitError);
  });
});
