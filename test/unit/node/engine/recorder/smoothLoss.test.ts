import { describe, expect, it } from 'vitest';
import { SmoothLoss } from '../../../../../src/main/engine/recorder/smoothLoss';

describe('SmoothLoss', () => {
  it('is NaN before the first batch and the first loss itself after it (debiased)', () => {
    const s = new SmoothLoss();
    expect(s.value).toBeNaN();
    expect(s.accumulate(1)).toBeCloseTo(1, 14);
  });

  it('weights older losses by β = 0.98 and debiases by 1 − β^n', () => {
    const s = new SmoothLoss();
    s.accumulate(1);
    // raw average 0.98·0.02·1 + 0.02·2 = 0.0596, over 1 − 0.98² = 0.0396
    expect(s.accumulate(2)).toBeCloseTo(0.0596 / 0.0396, 14);
    // third: 0.98·0.0596 + 0.02·4 = 0.138408, over 1 − 0.98³ = 0.058808
    expect(s.accumulate(4)).toBeCloseTo(0.138408 / 0.058808, 13);
    expect(s.batches).toBe(3);
  });

  it('returns a constant input unchanged at every step', () => {
    const s = new SmoothLoss();
    for (let i = 0; i < 50; i++) expect(s.accumulate(2.5)).toBeCloseTo(2.5, 12);
  });

  it('uses another β when given', () => {
    const s = new SmoothLoss(0.5);
    s.accumulate(1);
    // (0.5·0.5·1 + 0.5·3) / (1 − 0.25)
    expect(s.accumulate(3)).toBeCloseTo(1.75 / 0.75, 14);
  });

  it('stays NaN after a NaN loss, until reset', () => {
    const s = new SmoothLoss();
    s.accumulate(1);
    expect(s.accumulate(Number.NaN)).toBeNaN();
    expect(s.accumulate(1)).toBeNaN();
    s.reset();
    expect(s.value).toBeNaN();
    expect(s.accumulate(3)).toBeCloseTo(3, 14);
  });

  it('resumes from its JSON state on the same curve', () => {
    const whole = new SmoothLoss();
    const first = new SmoothLoss();
    const losses = [2.3, 2.1, 1.8, 1.9, 1.5, 1.2, 1.3];
    losses.slice(0, 4).forEach((l) => {
      whole.accumulate(l);
      first.accumulate(l);
    });
    const resumed = SmoothLoss.fromJSON(JSON.parse(JSON.stringify(first)));
    for (const l of losses.slice(4)) expect(resumed.accumulate(l)).toBe(whole.accumulate(l));
  });

  it('writes a NaN state as null and reads it back as NaN', () => {
    const s = new SmoothLoss();
    s.accumulate(Number.NaN);
    expect(s.toJSON()).toEqual({ beta: 0.98, count: 1, val: null });
    expect(SmoothLoss.fromJSON(s.toJSON()).value).toBeNaN();
  });

  it('refuses β outside [0, 1)', () => {
    expect(() => new SmoothLoss(1)).toThrow(RangeError);
    expect(() => new SmoothLoss(-0.1)).toThrow(RangeError);
  });
});
