import { describe, expect, it } from 'vitest';
import { locateEpoch, planEpochs, trainingPlan } from '../../../../../src/main/engine/schedule/trainingPlan';

const oneCycle = {
  pctStart: 0.25,
  div: 25,
  divFinal: 1e5,
  moms: [0.95, 0.85, 0.95] as [number, number, number],
};

describe('trainingPlan', () => {
  it('one-cycle: one phase with the one-cycle settings; lrMult turns the rate into slice(lr/lrMult, lr)', () => {
    expect(trainingPlan({ epochs: 5, lr: 1e-3, fineTune: false, freezeEpochs: 1, oneCycle })).toEqual([
      { frozen: undefined, epochs: 5, lrMax: 1e-3, ...oneCycle },
    ]);
    const [phase] = trainingPlan({
      epochs: 5,
      lr: 1e-3,
      fineTune: false,
      freezeEpochs: 1,
      lrMult: 100,
      oneCycle,
    });
    expect(phase!.lrMax).toEqual({ lo: 1e-5, hi: 1e-3 });
  });

  it("fine-tune: fastai's frozen and unfrozen fits; divFinal and moms reach both", () => {
    const plan = trainingPlan({
      epochs: 3,
      lr: 2e-3,
      fineTune: true,
      freezeEpochs: 1,
      oneCycle: { ...oneCycle, divFinal: 1e4, moms: [0.9, 0.8, 0.9] },
    });
    expect(plan).toEqual([
      {
        frozen: true,
        epochs: 1,
        lrMax: { hi: 2e-3 },
        div: 25,
        divFinal: 1e4,
        pctStart: 0.99,
        moms: [0.9, 0.8, 0.9],
      },
      {
        frozen: false,
        epochs: 3,
        lrMax: { lo: 1e-5, hi: 1e-3 },
        div: 5,
        divFinal: 1e4,
        pctStart: 0.3,
        moms: [0.9, 0.8, 0.9],
      },
    ]);
    expect(planEpochs(plan)).toBe(4);
  });

  it('fine-tune takes pctStart and div from the one-cycle settings only when they were changed', () => {
    const [, unfrozen] = trainingPlan({
      epochs: 2,
      lr: 2e-3,
      fineTune: true,
      freezeEpochs: 1,
      lrMult: 10,
      oneCycle: { ...oneCycle, pctStart: 0.5, div: 10 },
    });
    expect(unfrozen).toMatchObject({ pctStart: 0.5, div: 10, lrMax: { lo: 1e-4, hi: 1e-3 } });
  });

  it('fine-tune without frozen epochs is the unfrozen fit alone', () => {
    const plan = trainingPlan({ epochs: 2, lr: 1e-3, fineTune: true, freezeEpochs: 0, oneCycle });
    expect(plan.map((p) => p.frozen)).toEqual([false]);
  });

  it('refuses a bad rate or multiplier by field name', () => {
    expect(() => trainingPlan({ epochs: 2, lr: 0, fineTune: false, freezeEpochs: 0, oneCycle })).toThrow(
      /lr = 0/,
    );
    expect(() =>
      trainingPlan({ epochs: 2, lr: 1e-3, fineTune: false, freezeEpochs: 0, lrMult: -1, oneCycle }),
    ).toThrow(/lrMult = -1/);
  });
});

describe('locateEpoch', () => {
  const plan = trainingPlan({ epochs: 3, lr: 1e-3, fineTune: true, freezeEpochs: 2, oneCycle });
  it('finds the phase and the epoch within it for every run epoch, and nothing past the end', () => {
    expect([0, 1, 2, 3, 4].map((e) => locateEpoch(plan, e))).toEqual([
      { phase: 0, epoch: 0, offset: 0 },
      { phase: 0, epoch: 1, offset: 0 },
      { phase: 1, epoch: 0, offset: 2 },
      { phase: 1, epoch: 1, offset: 2 },
      { phase: 1, epoch: 2, offset: 2 },
    ]);
    expect(locateEpoch(plan, 5)).toBeUndefined();
  });
});
