import { describe, expect, it } from 'vitest';
import { oneCycleDefaults, oneCycleSchedule } from '../../../../../src/main/engine/schedule/oneCycle';
import { DeskfitError } from '../../../../../src/shared/errors';

describe('oneCycleSchedule', () => {
  it('uses fastai v2 defaults', () => {
    expect(oneCycleDefaults).toEqual({ div: 25, divFinal: 1e5, pctStart: 0.25, moms: [0.95, 0.85, 0.95] });
  });

  it('warms up lrMax/div → lrMax over pctStart, then anneals to lrMax/divFinal', () => {
    const { lr } = oneCycleSchedule({ lrMax: 1e-2 });
    expect(lr(0)).toBeCloseTo(4e-4, 15);
    expect(lr(0.125)).toBeCloseTo((4e-4 + 1e-2) / 2, 15);
    expect(lr(0.25)).toBeCloseTo(1e-2, 15);
    expect(lr(0.625)).toBeCloseTo((1e-2 + 1e-7) / 2, 15);
    expect(lr(1) / 1e-7).toBeCloseTo(1, 10);
  });

  it('moves momentum the opposite way: 0.95 → 0.85 → 0.95', () => {
    const { mom } = oneCycleSchedule({ lrMax: 1e-2 });
    expect(mom(0)).toBeCloseTo(0.95, 14);
    expect(mom(0.125)).toBeCloseTo(0.9, 14);
    expect(mom(0.25)).toBeCloseTo(0.85, 14);
    expect(mom(0.625)).toBeCloseTo(0.9, 14);
    expect(mom(1)).toBeCloseTo(0.95, 14);
  });

  it('honours custom div, divFinal, pctStart and moms', () => {
    const { lr, mom } = oneCycleSchedule({
      lrMax: 1,
      div: 10,
      divFinal: 100,
      pctStart: 0.5,
      moms: [0.9, 0.8, 0.7],
    });
    expect([lr(0), lr(0.5), lr(1)].map((v) => +v.toFixed(12))).toEqual([0.1, 1, 0.01]);
    expect([mom(0), mom(0.5), mom(1)].map((v) => +v.toFixed(12))).toEqual([0.9, 0.8, 0.7]);
  });

  it('handles pctStart 0 (no warm-up) and 1 (no annealing) without NaN', () => {
    const noWarmUp = oneCycleSchedule({ lrMax: 1, pctStart: 0 });
    expect(noWarmUp.lr(0)).toBe(1);
    const allWarmUp = oneCycleSchedule({ lrMax: 1, pctStart: 1 });
    expect(allWarmUp.lr(0)).toBeCloseTo(0.04, 14);
    expect(allWarmUp.lr(1)).toBe(1);
  });

  it('refuses bad settings, naming the field', () => {
    const cases: [object, RegExp][] = [
      [{ lrMax: 0 }, /lrMax/],
      [{ lrMax: Number.NaN }, /lrMax/],
      [{ lrMax: 1, div: -1 }, /div/],
      [{ lrMax: 1, divFinal: 0 }, /divFinal/],
      [{ lrMax: 1, pctStart: 1.5 }, /pctStart/],
      [{ lrMax: 1, moms: [0.9, 0.8] }, /moms/],
      [{ lrMax: 1, moms: [0.9, 1, 0.9] }, /moms/],
    ];
    for (const [options, field] of cases) {
      expect(() => oneCycleSchedule(options as Parameters<typeof oneCycleSchedule>[0])).toThrow(field);
      expect(() => oneCycleSchedule(options as Parameters<typeof oneCycleSchedule>[0])).toThrow(DeskfitError);
    }
  });
});
