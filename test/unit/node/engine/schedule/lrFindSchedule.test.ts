import { describe, expect, it } from 'vitest';
import { lrFindSchedule } from '../../../../../src/main/engine/schedule/lrFindSchedule';
import { DeskfitError } from '../../../../../src/shared/errors';

describe('lrFindSchedule', () => {
  it('sweeps 1e-7 → 10 geometrically over 100 iterations by default, iteration i at position i/100', () => {
    const s = lrFindSchedule();
    expect(s).toMatchObject({ start: 1e-7, end: 10, numIt: 100 });
    expect(s.lrAt(0)).toBe(1e-7);
    expect(s.lrAt(25) / 1e-5).toBeCloseTo(1, 12);
    expect(s.lrAt(50) / 1e-3).toBeCloseTo(1, 12);
    expect(s.lrAt(99)).toBeCloseTo(10 ** 0.92, 10);
    expect(s.lrAt(100)).toBeCloseTo(10, 10);
    const ratio = s.lrAt(11) / s.lrAt(10);
    expect(s.lrAt(71) / s.lrAt(70)).toBeCloseTo(ratio, 12);
    expect(ratio).toBeCloseTo(10 ** 0.08, 12);
  });

  it('takes custom bounds and raises numIt below 6 to 6, as fastai does', () => {
    const s = lrFindSchedule(1e-4, 1e-1, 3);
    expect(s.numIt).toBe(6);
    expect(s.lrAt(3) / 10 ** -2.5).toBeCloseTo(1, 12);
  });

  it('refuses an empty or inverted range and a bad count', () => {
    expect(() => lrFindSchedule(0, 10)).toThrow(/start/);
    expect(() => lrFindSchedule(1, 1)).toThrow(/end/);
    expect(() => lrFindSchedule(1e-7, 10, 0)).toThrow(/numIt/);
    expect(() => lrFindSchedule(1e-7, 10, 2.5)).toThrow(DeskfitError);
  });
});
