import { describe, expect, it } from 'vitest';
import {
  indexGradient,
  lossAtLr,
  minimumRule,
  slideRule,
  steepRule,
  valleyRule,
} from '../../../../../src/main/engine/lrFind/suggestionRules';
import { plateauRampBowl } from './curves';

const lrs10 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('valleyRule', () => {
  it('takes start + ⌊len/3⌋ + ⌊len/6⌋ along the longest strictly falling run', () => {
    // run 0…7 (length 7, start 0): 0 + 2 + 1 = 3
    const losses = [3, 3, 2.5, 2, 1, 0.5, 0.4, 0.3, 1, 2];
    expect(valleyRule(lrs10, losses)).toEqual({ lr: 4, point: { lr: 4, loss: 2 } });
  });

  it("keeps fastai's start = end − len when the run begins at point 0", () => {
    // run 0…4 has length 5, so fastai's start is −1: −1 + 1 + 0 = 0
    expect(valleyRule([1, 2, 3, 4, 5, 6, 7], [5, 4, 3, 2, 1, 2, 3]).lr).toBe(1);
  });

  it('clamps the index at 0 where fastai would wrap to the last point', () => {
    // run 0…1 (length 2): −1 + 0 + 0 = −1 in fastai (lrs[−1] = the highest rate)
    expect(valleyRule([1, 2, 3, 4, 5], [3, 2, 5, 6, 7]).lr).toBe(1);
  });

  it('finds the valley on a plateau → ramp → bowl curve at point 44', () => {
    // one plateau point + points 31…60 = 31 long, ending at 60: start 29, 29 + 10 + 5 = 44
    const { lrs, losses } = plateauRampBowl();
    expect(valleyRule(lrs, losses).lr).toBe(lrs[44]);
  });
});

describe('indexGradient', () => {
  it('matches numpy.gradient: central inside, one-sided at the ends', () => {
    expect(indexGradient([1, 4, 9, 16])).toEqual([3, 4, 6, 7]);
    expect(indexGradient([2, 5])).toEqual([3, 3]);
    expect(indexGradient([7])).toEqual([0]);
  });
});

describe('lossAtLr', () => {
  it('interpolates linearly on a log10 axis and clamps outside', () => {
    expect(lossAtLr([1, 10, 100], [3, 2, 0], Math.sqrt(10))).toBeCloseTo(2.5, 14);
    expect(lossAtLr([1, 10, 100], [3, 2, 0], 10 ** 1.75)).toBeCloseTo(0.5, 14);
    expect(lossAtLr([1, 10, 100], [3, 2, 0], 0.5)).toBe(3);
    expect(lossAtLr([1, 10, 100], [3, 2, 0], 1000)).toBe(0);
  });
});

describe('slideRule', () => {
  it('slides left until the gradients 15 points apart agree, then takes the window start of the step before', () => {
    // Inside the bowl the gradients 15 apart differ by 15/32; at right = 60 the gap is |−3/128 − (−1/16)| > 0.005;
    // at right = 59 both ends are on the ramp (−1/16), so it stops and keeps lrs[45] from the step before.
    const { lrs, losses } = plateauRampBowl();
    const s = slideRule(lrs, losses);
    expect(s.lr).toBe(lrs[45]);
    expect(s.point.loss).toBeCloseTo(4 - 15 / 16, 12);
  });

  it('stops at once on a straight line (lrs[n − 16])', () => {
    const lrs = Array.from({ length: 30 }, (_, i) => 2 ** i);
    const losses = lrs.map((_, i) => 10 - i / 8);
    expect(slideRule(lrs, losses).lr).toBe(lrs[14]);
  });

  it('shrinks the window on curves shorter than lrDiff + 1 (fastai raises)', () => {
    expect(slideRule([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).lr).toBe(1);
  });

  it('applies adjustValue and reads the loss off the curve there', () => {
    const { lrs, losses } = plateauRampBowl();
    const s = slideRule(lrs, losses, { adjustValue: 10 ** 0.04 });
    expect(s.lr / 10 ** (-7 + 0.08 * 45.5)).toBeCloseTo(1, 12);
    expect(s.point.loss).toBeCloseTo(4 - 15.5 / 16, 10);
  });
});

describe('minimumRule', () => {
  it('suggests a tenth of the rate at the first lowest loss, marking the minimum itself', () => {
    expect(minimumRule([1, 10, 100, 1000], [3, 1, 2, 1])).toEqual({ lr: 1, point: { lr: 10, loss: 1 } });
  });
});

describe('steepRule', () => {
  it('takes the left end of the most negative slope per log-lr', () => {
    // slopes × ln 10: −0.5, −2, −0.1
    expect(steepRule([1, 10, 100, 1000], [4, 3.5, 1.5, 1.4])).toEqual({
      lr: 10,
      point: { lr: 10, loss: 3.5 },
    });
  });

  it('uses the log spacing, not the index spacing', () => {
    // drop 1 over a factor 10 (slope −1/ln10) beats drop 1.5 over a factor 1000 (slope −0.5/ln10)
    expect(steepRule([1, 1000, 10000], [4, 2.5, 1.5]).lr).toBe(1000);
  });

  it('picks the least rising segment when nothing falls', () => {
    expect(steepRule([1, 2, 4, 8], [1, 3, 3.5, 6]).lr).toBe(2);
  });
});
