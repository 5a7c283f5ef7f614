import { describe, expect, it } from 'vitest';
import { topLosses } from '../../../../../src/main/engine/metrics/topLosses';
import { DeskfitError } from '../../../../../src/shared/errors';

const losses = [0.1, 2.5, Number.NaN, 0.7, 2.5, Infinity];
const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('topLosses', () => {
  it('ranks NaN first, then largest losses, equal losses in input order', () => {
    expect(topLosses(losses, ids, 4)).toEqual([
      { itemId: 'c', loss: Number.NaN, index: 2 },
      { itemId: 'f', loss: Infinity, index: 5 },
      { itemId: 'b', loss: 2.5, index: 1 },
      { itemId: 'e', loss: 2.5, index: 4 },
    ]);
  });

  it('returns everything without k, nothing for k = 0, and at most the item count', () => {
    expect(topLosses(losses, ids).map((t) => t.itemId)).toEqual(['c', 'f', 'b', 'e', 'd', 'a']);
    expect(topLosses(losses, ids, 0)).toEqual([]);
    expect(topLosses(losses, ids, 100)).toHaveLength(6);
  });

  it('takes Float32Array losses and numeric ids', () => {
    expect(topLosses(Float32Array.from([0.5, 1.5]), [10, 20], 1)).toEqual([
      { itemId: 20, loss: 1.5, index: 1 },
    ]);
  });

  it('refuses mismatched lengths and a bad k', () => {
    expect(() => topLosses([1, 2], ['a'], 1)).toThrow(/2 losses but 1 item ids/);
    expect(() => topLosses([1], ['a'], -1)).toThrow(DeskfitError);
    expect(() => topLosses([1], ['a'], 1.5)).toThrow(/k is 1\.5/);
  });
});
