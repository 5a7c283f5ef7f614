import { describe, expect, it } from 'vitest';
import { fineTunePlan } from '../../../../../src/main/engine/schedule/fineTunePlan';
import { lrRange } from '../../../../../src/main/engine/schedule/lrRange';
import { DeskfitError } from '../../../../../src/shared/errors';

describe('fineTunePlan', () => {
  it("follows fastai's fine_tune with its defaults", () => {
    expect(fineTunePlan({ epochs: 3 })).toEqual({
      frozen: {
        frozen: true,
        epochs: 1,
        lrMax: { hi: 2e-3 },
        div: 25,
        divFinal: 1e5,
        pctStart: 0.99,
        moms: [0.95, 0.85, 0.95],
      },
      unfrozen: {
        frozen: false,
        epochs: 3,
        lrMax: { lo: 1e-5, hi: 1e-3 },
        div: 5,
        divFinal: 1e5,
        pctStart: 0.3,
        moms: [0.95, 0.85, 0.95],
      },
    });
  });

  it('gives each of three groups its discriminative peak rate', () => {
    const plan = fineTunePlan({ epochs: 3 });
    expect(lrRange(plan.frozen.lrMax, 3)).toEqual([2e-4, 2e-4, 2e-3]);
    const unfrozen = lrRange(plan.unfrozen.lrMax, 3);
    [1e-5, 1e-4, 1e-3].forEach((v, i) => expect((unfrozen[i] ?? 0) / v).toBeCloseTo(1, 12));
  });

  it('halves baseLr after the frozen phase and divides by lrMult for the earliest group', () => {
    const plan = fineTunePlan({
      epochs: 5,
      baseLr: 1e-2,
      lrMult: 10,
      freezeEpochs: 2,
      pctStart: 0.4,
      div: 8,
    });
    expect(plan.frozen.epochs).toBe(2);
    expect(plan.frozen.lrMax).toEqual({ hi: 1e-2 });
    expect(plan.frozen.div).toBe(25);
    expect(plan.unfrozen.lrMax.hi).toBe(5e-3);
    expect(plan.unfrozen.lrMax.lo).toBeCloseTo(5e-4, 18);
    expect(plan.unfrozen).toMatchObject({ epochs: 5, pctStart: 0.4, div: 8 });
  });

  it('passes divFinal and moms to both phases, as fastai kwargs', () => {
    const plan = fineTunePlan({ epochs: 1, divFinal: 1e4, moms: [0.9, 0.8, 0.9] });
    expect(plan.frozen).toMatchObject({ divFinal: 1e4, moms: [0.9, 0.8, 0.9] });
    expect(plan.unfrozen).toMatchObject({ divFinal: 1e4, moms: [0.9, 0.8, 0.9] });
  });

  it('allows freezeEpochs 0 and refuses bad counts', () => {
    expect(fineTunePlan({ epochs: 2, freezeEpochs: 0 }).frozen.epochs).toBe(0);
    expect(() => fineTunePlan({ epochs: -1 })).toThrow(/epochs/);
    expect(() => fineTunePlan({ epochs: 1.5 })).toThrow(DeskfitError);
    expect(() => fineTunePlan({ epochs: 1, baseLr: 0 })).toThrow(/baseLr/);
    expect(() => fineTunePlan({ epochs: 1, lrMult: -2 })).toThrow(/lrMult/);
  });
});
