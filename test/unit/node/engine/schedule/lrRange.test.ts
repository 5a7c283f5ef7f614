import { describe, expect, it } from 'vitest';
import {
  discriminativeLrs,
  evenMults,
  lrRange,
  lrSlice,
} from '../../../../../src/main/engine/schedule/lrRange';
import { DeskfitError } from '../../../../../src/shared/errors';

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v / (expected[i] ?? Number.NaN)).toBeCloseTo(1, 12));
}

describe('evenMults', () => {
  it('spaces values evenly on a log axis, ending exactly at stop', () => {
    expectClose(evenMults(1e-5, 1e-3, 3), [1e-5, 1e-4, 1e-3]);
    expectClose(evenMults(1, 16, 5), [1, 2, 4, 8, 16]);
    expect(evenMults(1e-5, 1e-3, 2)).toEqual([1e-5, 1e-3]);
    expect(evenMults(1e-5, 1e-3, 3)[2]).toBe(1e-3);
  });

  it('gives [stop] for one group (fastai returns stop)', () => {
    expect(evenMults(1e-5, 1e-3, 1)).toEqual([1e-3]);
  });
});

describe('discriminativeLrs', () => {
  it('spreads slice(lo, hi) geometrically over the groups', () => {
    expectClose(discriminativeLrs(1e-6, 1e-4, 3), [1e-6, 1e-5, 1e-4]);
  });

  it('reads slice(hi) as hi/10 for all groups but the last, as fastai does', () => {
    expect(discriminativeLrs(undefined, 1e-3, 3)).toEqual([1e-4, 1e-4, 1e-3]);
    expect(discriminativeLrs(0, 1e-3, 2)).toEqual([1e-4, 1e-3]);
    expect(discriminativeLrs(undefined, 1e-3, 1)).toEqual([1e-3]);
  });

  it('refuses bad bounds and group counts', () => {
    expect(() => discriminativeLrs(1e-5, 0, 3)).toThrow(DeskfitError);
    expect(() => discriminativeLrs(-1, 1e-3, 3)).toThrow(/slice start/);
    expect(() => discriminativeLrs(1e-5, 1e-3, 0)).toThrow(/nGroups/);
    expect(() => discriminativeLrs(1e-5, 1e-3, 2.5)).toThrow(/nGroups/);
  });
});

describe('lrRange', () => {
  it('broadcasts a single rate', () => {
    expect(lrRange(3e-3, 3)).toEqual([3e-3, 3e-3, 3e-3]);
    expect(lrRange([3e-3], 2)).toEqual([3e-3, 3e-3]);
  });

  it('passes one rate per group through', () => {
    expect(lrRange([1, 2, 3], 3)).toEqual([1, 2, 3]);
  });

  it('spreads slices', () => {
    expect(lrRange(lrSlice(2e-3), 3)).toEqual([2e-4, 2e-4, 2e-3]);
    expectClose(lrRange(lrSlice(1e-5, 1e-3), 3), [1e-5, 1e-4, 1e-3]);
  });

  it('lrSlice mirrors Python slice(stop) and slice(start, stop)', () => {
    expect(lrSlice(2e-3)).toEqual({ hi: 2e-3 });
    expect(lrSlice(1e-5, 1e-3)).toEqual({ lo: 1e-5, hi: 1e-3 });
  });

  it('refuses a list whose length is neither 1 nor the group count, and bad rates', () => {
    expect(() => lrRange([1, 2], 3)).toThrow(/one per parameter group \(3\)/);
    expect(() => lrRange([1, Number.NaN], 2)).toThrow(/lr\[1\]/);
    expect(() => lrRange(-1, 2)).toThrow(DeskfitError);
  });
});
