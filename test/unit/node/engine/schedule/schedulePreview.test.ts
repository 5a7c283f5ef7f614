import { describe, expect, it } from 'vitest';
import {
  constantGroupSchedule,
  oneCycleGroupSchedule,
  stepPosition,
} from '../../../../../src/main/engine/schedule/groupSchedule';
import { lrSlice } from '../../../../../src/main/engine/schedule/lrRange';
import { schedulePreview } from '../../../../../src/main/engine/schedule/schedulePreview';

function at(series: readonly number[] | undefined, i: number): number {
  const v = series?.[i];
  if (v === undefined) throw new Error(`no value at ${i}`);
  return v;
}

describe('stepPosition', () => {
  it("is fastai's pct_train: step / total, never reaching 1", () => {
    expect(stepPosition(0, 10)).toBe(0);
    expect(stepPosition(9, 10)).toBe(0.9);
    expect(stepPosition(0, 0)).toBe(0);
  });
});

describe('group schedules', () => {
  it('gives each group its own one-cycle peaking at its discriminative rate', () => {
    const s = oneCycleGroupSchedule({ lrMax: lrSlice(1e-5, 1e-3) }, 3);
    const peak = s.lrs(0.25);
    [1e-5, 1e-4, 1e-3].forEach((v, i) => expect(at(peak, i) / v).toBeCloseTo(1, 12));
    const start = s.lrs(0);
    [1e-5, 1e-4, 1e-3].forEach((v, i) => expect(at(start, i) / (v / 25)).toBeCloseTo(1, 12));
    expect(s.mom(0.25)).toBeCloseTo(0.85, 14);
  });

  it('holds constant rates', () => {
    const s = constantGroupSchedule([1e-4, 1e-3], 0.8, 2);
    expect(s.lrs(0.7)).toEqual([1e-4, 1e-3]);
    expect(s.mom(0.7)).toBe(0.8);
  });
});

describe('schedulePreview', () => {
  it('previews one-cycle step by step', () => {
    const p = schedulePreview({ kind: 'oneCycle', lrMax: 1e-2 }, 8, 1);
    expect(p.steps).toBe(8);
    expect(p.lrs).toHaveLength(1);
    expect(p.lrs[0]).toHaveLength(8);
    expect(p.moms).toHaveLength(8);
    expect(at(p.lrs[0], 0)).toBeCloseTo(4e-4, 15);
    expect(at(p.lrs[0], 2)).toBeCloseTo(1e-2, 15); // position 2/8 = pctStart
    expect(at(p.moms, 2)).toBeCloseTo(0.85, 14);
    expect(at(p.lrs[0], 7)).toBeLessThan(at(p.lrs[0], 6));
  });

  it('previews fine-tune as a frozen cycle then an unfrozen discriminative cycle', () => {
    // 1 frozen + 2 unfrozen epochs of 10 batches each
    const p = schedulePreview({ kind: 'fineTune', epochs: 2 }, 30, 3);
    expect(p.lrs.map((s) => s.length)).toEqual([30, 30, 30]);
    // frozen phase: slice(2e-3) → [2e-4, 2e-4, 2e-3], warm-up from /25 over 99 % of the phase
    expect(at(p.lrs[2], 0)).toBeCloseTo(2e-3 / 25, 15);
    expect(at(p.lrs[0], 0)).toBeCloseTo(2e-4 / 25, 15);
    expect(at(p.lrs[2], 9)).toBeLessThan(2e-3);
    expect(at(p.lrs[2], 9)).toBeGreaterThan(at(p.lrs[2], 8));
    // unfrozen phase restarts at step 10: slice(1e-5, 1e-3), div 5, peak at 30 % (step 10 + 6)
    expect(at(p.lrs[2], 10)).toBeCloseTo(1e-3 / 5, 15);
    expect(at(p.lrs[0], 10) / (1e-5 / 5)).toBeCloseTo(1, 12);
    expect(at(p.lrs[2], 16)).toBeCloseTo(1e-3, 15);
    expect(at(p.lrs[1], 16) / 1e-4).toBeCloseTo(1, 12);
    expect(at(p.moms, 10)).toBeCloseTo(0.95, 14);
    expect(at(p.moms, 16)).toBeCloseTo(0.85, 14);
  });

  it('previews the LR-finder sweep with the same rate for every group and a fixed momentum', () => {
    const p = schedulePreview({ kind: 'lrFind' }, 100, 2);
    expect(at(p.lrs[0], 0)).toBe(1e-7);
    expect(at(p.lrs[1], 50) / 1e-3).toBeCloseTo(1, 12);
    expect(p.lrs[0]).toEqual(p.lrs[1]);
    expect(new Set(p.moms)).toEqual(new Set([0.9]));
  });

  it('previews a constant schedule', () => {
    const p = schedulePreview({ kind: 'constant', lr: [1e-4, 1e-3], mom: 0.8 }, 3, 2);
    expect(p.lrs).toEqual([
      [1e-4, 1e-4, 1e-4],
      [1e-3, 1e-3, 1e-3],
    ]);
    expect(p.moms).toEqual([0.8, 0.8, 0.8]);
  });

  it('handles zero steps and refuses impossible plans', () => {
    expect(schedulePreview({ kind: 'oneCycle', lrMax: 1e-3 }, 0, 2)).toEqual({
      steps: 0,
      lrs: [[], []],
      moms: [],
    });
    expect(() => schedulePreview({ kind: 'fineTune', epochs: 0, freezeEpochs: 0 }, 5, 1)).toThrow(/epochs/);
    expect(() => schedulePreview({ kind: 'constant', lr: 1e-3, mom: 1.2 }, 5, 1)).toThrow(/mom/);
    expect(() => schedulePreview({ kind: 'oneCycle', lrMax: 1e-3 }, -1, 1)).toThrow(/totalSteps/);
    expect(() => schedulePreview({ kind: 'oneCycle', lrMax: 1e-3 }, 5, 0)).toThrow(/nGroups/);
  });
});
