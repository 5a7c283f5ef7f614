import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  confusionMatrixFromLabels,
} from '../../../../../src/main/engine/metrics/confusionMatrix';
import { mostConfused } from '../../../../../src/main/engine/metrics/mostConfused';
import { perClassPrecisionRecall } from '../../../../../src/main/engine/metrics/precisionRecall';
import { DeskfitError } from '../../../../../src/shared/errors';

const oneHot = (c: number): number[] => [0, 1, 2].map((j) => (j === c ? 0.9 : 0.05));

describe('confusionMatrix', () => {
  it('counts matrix[actual][predicted]', () => {
    const actual = [0, 0, 0, 1, 1, 2, 2, 2];
    const predicted = [0, 1, 0, 0, 1, 2, 1, 2];
    const expected = [
      [2, 1, 0],
      [1, 1, 0],
      [0, 1, 2],
    ];
    expect(confusionMatrixFromLabels(predicted, actual, 3)).toEqual(expected);
    expect(confusionMatrix(predicted.map(oneHot), actual, 3)).toEqual(expected);
  });

  it('keeps rows for classes absent from the data', () => {
    expect(confusionMatrixFromLabels([0, 0], [0, 0], 3)).toEqual([
      [2, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('refuses rows of the wrong width and out-of-range classes', () => {
    expect(() => confusionMatrix([[0.5, 0.5]], [0], 3)).toThrow(/expected 3/);
    expect(() => confusionMatrixFromLabels([3], [0], 3)).toThrow(/predicted classes/);
    expect(() => confusionMatrixFromLabels([0], [0], 0)).toThrow(DeskfitError);
  });
});

const matrix = [
  [5, 2, 0],
  [3, 4, 1],
  [0, 3, 6],
];

describe('mostConfused', () => {
  it('lists off-diagonal pairs, most frequent first, ties in row-major order', () => {
    expect(mostConfused(matrix, ['a', 'b', 'c'])).toEqual([
      { actual: 'b', predicted: 'a', count: 3 },
      { actual: 'c', predicted: 'b', count: 3 },
      { actual: 'a', predicted: 'b', count: 2 },
      { actual: 'b', predicted: 'c', count: 1 },
    ]);
  });

  it('drops pairs below minVal', () => {
    expect(mostConfused(matrix, ['a', 'b', 'c'], 3).map((p) => p.count)).toEqual([3, 3]);
    expect(mostConfused([[4]], ['only'])).toEqual([]);
  });

  it('refuses a matrix that does not match the classes', () => {
    expect(() => mostConfused(matrix, ['a', 'b'])).toThrow(/2×2/);
  });
});

describe('perClassPrecisionRecall', () => {
  it('divides the diagonal by column sums (precision) and row sums (recall)', () => {
    const scores = perClassPrecisionRecall(matrix);
    const expected = [
      { precision: 5 / 8, recall: 5 / 7, support: 7, predicted: 8 },
      { precision: 4 / 9, recall: 4 / 8, support: 8, predicted: 9 },
      { precision: 6 / 7, recall: 6 / 9, support: 9, predicted: 7 },
    ];
    scores.forEach((s, i) => {
      const e = expected[i];
      expect(s.support).toBe(e?.support);
      expect(s.predicted).toBe(e?.predicted);
      expect(s.precision).toBeCloseTo(e?.precision ?? Number.NaN, 14);
      expect(s.recall).toBeCloseTo(e?.recall ?? Number.NaN, 14);
    });
  });

  it('gives 0 where a ratio is undefined: never predicted, or absent from the data', () => {
    const scores = perClassPrecisionRecall([
      [3, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(scores[1]).toEqual({ precision: 0, recall: 0, support: 1, predicted: 0 });
    expect(scores[2]).toEqual({ precision: 0, recall: 0, support: 0, predicted: 0 });
    expect(scores[0]).toEqual({ precision: 0.75, recall: 1, support: 3, predicted: 4 });
  });

  it('refuses a matrix that is not square', () => {
    expect(() => perClassPrecisionRecall([[1, 2]])).toThrow(/square/);
  });
});
