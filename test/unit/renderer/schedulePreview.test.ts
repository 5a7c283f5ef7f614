// The Train page's schedule preview against values computed by hand from fastai's formulas
// (`combined_cos`, `even_mults`, `fit_one_cycle`, `fine_tune`).
import { describe, expect, it } from 'vitest';
import {
  combinedCos,
  cyclePhases,
  evenMults,
  groupPeakLrs,
  phaseValuesAt,
  schedCos,
  schedulePreview,
  oneCycleDefaults,
  type ScheduleInput,
} from '../../../src/renderer/src/features/train/schedulePreview';

const base: ScheduleInput = {
  lr: 1e-3,
  epochs: 1,
  fineTune: false,
  freezeEpochs: 1,
  oneCycle: oneCycleDefaults,
  optimizer: 'adamw',
};

describe('schedule formulas', () => {
  it('sched_cos: flat ends, halfway at the middle', () => {
    expect(schedCos(1, 3, 0)).toBe(1);
    expect(schedCos(1, 3, 1)).toBeCloseTo(3, 12);
    expect(schedCos(1, 3, 0.5)).toBeCloseTo(2, 12);
    expect(schedCos(0, 1, 0.25)).toBeCloseTo((1 - Math.SQRT1_2) / 2, 12);
  });

  it('combined_cos: warm-up to the middle value over pct, then down', () => {
    expect(combinedCos(0.25, 1, 10, 0, 0)).toBe(1);
    expect(combinedCos(0.25, 1, 10, 0, 0.25)).toBeCloseTo(10, 12);
    expect(combinedCos(0.25, 1, 10, 0, 0.125)).toBeCloseTo(5.5, 12);
    expect(combinedCos(0.25, 1, 10, 0, 0.625)).toBeCloseTo(5, 12);
    expect(combinedCos(0.25, 1, 10, 0, 1)).toBeCloseTo(0, 12);
  });

  it('combined_cos with pct 0 or 1 never enters the empty segment', () => {
    expect(combinedCos(0, 1, 10, 0, 0)).toBe(10);
    expect(combinedCos(0, 1, 10, 0, 1)).toBeCloseTo(0, 12);
    expect(combinedCos(1, 1, 10, 0, 1)).toBeCloseTo(10, 12);
    expect(combinedCos(1, 1, 10, 0, 0.5)).toBeCloseTo(5.5, 12);
  });

  it('even_mults spreads geometrically; slice(hi) gives hi/10 to the body', () => {
    const mults = evenMults(1e-5, 1e-3, 3);
    expect(mults[0]).toBeCloseTo(1e-5, 18);
    expect(mults[1]).toBeCloseTo(1e-4, 17);
    expect(mults[2]).toBe(1e-3);
    expect(groupPeakLrs(1e-3, 1)).toEqual([1e-3, 1e-3, 1e-3]);
    expect(groupPeakLrs(2e-3, undefined)).toEqual([2e-4, 2e-4, 2e-3]);
    const slice = groupPeakLrs(1e-3, 100);
    expect(slice[0]).toBeCloseTo(1e-5, 18);
    expect(slice[2]).toBe(1e-3);
  });
});

describe('schedulePreview', () => {
  it('fit_one_cycle(1, 1e-3): fastai values at each step of an 8-batch epoch', () => {
    const { points, totalEpochs, sameForAllGroups, hasMomentum } = schedulePreview(base, 8);
    expect(totalEpochs).toBe(1);
    expect(sameForAllGroups).toBe(true);
    expect(hasMomentum).toBe(true);
    expect(points).toHaveLength(8);
    // step i is at position i/8
    expect(points[0]!.head).toBeCloseTo(4e-5, 15); // lr/div
    expect(points[1]!.head).toBeCloseTo(5.2e-4, 15); // halfway up the warm-up cosine
    expect(points[2]!.head).toBeCloseTo(1e-3, 15); // the peak at pct_start
    expect(points[5]!.head).toBeCloseTo(5.00005e-4, 12); // halfway down to lr/div_final
    expect(points[0]!.mom).toBeCloseTo(0.95, 12);
    expect(points[1]!.mom).toBeCloseTo(0.9, 12);
    expect(points[2]!.mom).toBeCloseTo(0.85, 12);
    expect(points[5]!.mom).toBeCloseTo(0.9, 12);
    expect(points[3]!.epoch).toBeCloseTo(3 / 8, 12);
  });

  it('ends at lr/div_final with momentum back at its start', () => {
    const { points } = schedulePreview({ ...base, epochs: 3 }, undefined, 200);
    const last = points[points.length - 1]!;
    expect(last.epoch).toBe(3);
    expect(last.head / 1e-8).toBeCloseTo(1, 9);
    expect(last.mom).toBeCloseTo(0.95, 12);
    expect(points.length).toBeLessThanOrEqual(200);
  });

  it('discriminative rates: body at lr/lrMult, middle group geometric', () => {
    const { points, sameForAllGroups } = schedulePreview({ ...base, lrMult: 100 }, 8);
    expect(sameForAllGroups).toBe(false);
    expect(points[2]!.early).toBeCloseTo(1e-5, 18);
    expect(points[2]!.late).toBeCloseTo(1e-4, 17);
    expect(points[2]!.head).toBeCloseTo(1e-3, 15);
    expect(points[0]!.early).toBeCloseTo(1e-5 / 25, 20);
  });

  it('fine_tune(2, 2e-3): a frozen phase (pct 0.99, div 25) then unfrozen at half the rate (pct 0.3, div 5)', () => {
    const oneCycle = { ...oneCycleDefaults, pctStart: 0.3, div: 5 };
    const input: ScheduleInput = { ...base, lr: 2e-3, epochs: 2, fineTune: true, freezeEpochs: 1, oneCycle };
    const phases = cyclePhases(input);
    expect(phases.map((p) => [p.epochs, p.frozen, p.pctStart, p.div])).toEqual([
      [1, true, 0.99, 25],
      [2, false, 0.3, 5],
    ]);
    expect(phases[0]!.peaks).toEqual([2e-4, 2e-4, 2e-3]);
    expect(phases[1]!.peaks[0]).toBeCloseTo(1e-5, 18);
    expect(phases[1]!.peaks[2]).toBeCloseTo(1e-3, 15);

    const { points, boundaries, totalEpochs } = schedulePreview(input, 10);
    expect(totalEpochs).toBe(3);
    expect(boundaries).toEqual([1]);
    expect(points).toHaveLength(30);
    expect(points[0]!.head).toBeCloseTo(8e-5, 15); // 2e-3 / 25
    expect(points[10]!.epoch).toBe(1);
    expect(points[10]!.head).toBeCloseTo(2e-4, 15); // (2e-3 / 2) / 5
    expect(points[10]!.early).toBeCloseTo(2e-6, 18); // 1e-5 / 5
    // The unfrozen phase peaks at 30% of its 20 steps: step 6.
    expect(points[16]!.head).toBeCloseTo(1e-3, 15);
    expect(points[16]!.mom).toBeCloseTo(0.85, 12);
  });

  it('a fine-tune with no frozen epochs runs only the unfrozen phase', () => {
    const { boundaries, totalEpochs } = schedulePreview(
      { ...base, fineTune: true, freezeEpochs: 0, epochs: 2 },
      4,
    );
    expect(totalEpochs).toBe(2);
    expect(boundaries).toEqual([]);
  });

  it('plain SGD has no momentum to draw', () => {
    const { points, hasMomentum } = schedulePreview({ ...base, optimizer: 'sgd' }, 4);
    expect(hasMomentum).toBe(false);
    expect(points.every((p) => p.mom === null)).toBe(true);
  });

  it('phaseValuesAt matches fit_one_cycle at the peak for every group', () => {
    const [phase] = cyclePhases({ ...base, lrMult: 10 });
    const { lrs, mom } = phaseValuesAt(phase!, 0.25);
    expect(lrs[2]).toBeCloseTo(1e-3, 15);
    expect(lrs[0]).toBeCloseTo(1e-4, 16);
    expect(mom).toBeCloseTo(0.85, 12);
  });
});
