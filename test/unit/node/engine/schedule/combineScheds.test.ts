import { describe, expect, it } from 'vitest';
import { bindSchedule, schedLin, schedNo } from '../../../../../src/main/engine/schedule/annealers';
import { combineScheds } from '../../../../../src/main/engine/schedule/combineScheds';
import { combinedCos } from '../../../../../src/main/engine/schedule/combinedCos';
import { DeskfitError } from '../../../../../src/shared/errors';

const lin = (a: number, b: number) => bindSchedule(schedLin, a, b);
const no = (a: number) => bindSchedule(schedNo, a, a);

describe('combineScheds', () => {
  it('gives each schedule its own 0→1 position over its share of the run', () => {
    const s = combineScheds([0.25, 0.75], [lin(0, 1), lin(1, 0)]);
    expect(s(0)).toBe(0);
    expect(s(0.125)).toBe(0.5);
    expect(s(0.25)).toBe(1);
    expect(s(0.625)).toBe(0.5);
    expect(s(1)).toBe(0);
  });

  it('extends the last schedule to pos 1 and never enters zero-width segments', () => {
    const middle = combineScheds([0.5, 0, 0.5], [no(1), no(99), no(3)]);
    expect([middle(0.4), middle(0.5), middle(1)]).toEqual([1, 3, 3]);
    // fastai gives NaN here (0/0); we finish the segment before it
    const trailing = combineScheds([1, 0], [lin(0, 1), no(99)]);
    expect(trailing(1)).toBe(1);
    expect(trailing(0.5)).toBe(0.5);
    const leading = combineScheds([0, 1], [no(99), lin(0, 1)]);
    expect(leading(0)).toBe(0);
  });

  it('clamps positions outside [0, 1] and refuses NaN', () => {
    const s = combineScheds([0.5, 0.5], [lin(0, 1), lin(1, 3)]);
    expect(s(-0.5)).toBe(0);
    expect(s(1.5)).toBe(3);
    expect(() => s(Number.NaN)).toThrow(DeskfitError);
  });

  it('accepts shares whose float sum is a hair off 1', () => {
    const s = combineScheds([0.1, 0.2, 0.7], [no(1), no(2), no(3)]);
    expect([s(0.05), s(0.2), s(0.31), s(1)]).toEqual([1, 2, 3, 3]);
  });

  it('refuses shares that do not add up to 1, negative shares and mismatched lists', () => {
    for (const [pcts, n] of [
      [[0.5, 0.4], 2],
      [[-0.5, 1.5], 2],
      [[1], 2],
      [[], 0],
    ] as const) {
      let error: unknown;
      try {
        combineScheds(
          pcts,
          Array.from({ length: n }, () => no(1)),
        );
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeskfitError);
      expect((error as DeskfitError).code).toBe('BAD_REQUEST');
      expect((error as DeskfitError).message).toMatch(/pcts/);
    }
  });
});

describe('combinedCos', () => {
  it('goes start → middle over pct, then middle → end', () => {
    const s = combinedCos(0.3, 1, 10, 0);
    expect(s(0)).toBeCloseTo(1, 14);
    expect(s(0.15)).toBeCloseTo(5.5, 14);
    expect(s(0.3)).toBeCloseTo(10, 14);
    expect(s(0.65)).toBeCloseTo(5, 14);
    expect(s(1)).toBe(0);
  });
});
