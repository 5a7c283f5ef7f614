import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../../../src/main/engine/random';
import { lrFindStop } from '../../../../../src/main/engine/lrFind/lrFindStop';
import { MIN_CURVE_POINTS, suggestLrs } from '../../../../../src/main/engine/lrFind/suggestLrs';
import { SmoothLoss } from '../../../../../src/main/engine/recorder/smoothLoss';
import { lrFindSchedule } from '../../../../../src/main/engine/schedule/lrFindSchedule';
import { DeskfitError } from '../../../../../src/shared/errors';
import { gaussianWell, plateauRampBowl } from './curves';

const noTrim = { skipStart: 0, skipEnd: 0 };

function ratio(actual: number | null, expected: number): number {
  if (actual === null) throw new Error('expected a suggestion, got null');
  return actual / expected;
}

describe('suggestLrs on curves with known answers', () => {
  it('reads the Gaussian well: minimum, steepest point and valley are analytic', () => {
    const { lrs, losses } = gaussianWell();
    const s = suggestLrs(lrs, losses, noTrim);
    expect(s.problem).toBeNull();
    expect(s.used).toBe(101);
    // minimum at x = −2.2 → suggestion 10^−3.2
    expect(ratio(s.minimum, 10 ** -3.2)).toBeCloseTo(1, 10);
    // inflection at x = −2.96 sits mid-segment 50–51 → left end 10^−3
    expect(ratio(s.steep, 1e-3)).toBeCloseTo(1, 10);
    // valley 0…60 (61 long, fastai start −1): −1 + 20 + 10 = point 29 → 10^(−7 + 2.32)
    expect(ratio(s.valley, 10 ** -4.68)).toBeCloseTo(1, 10);
    expect(s.slide).toBeGreaterThanOrEqual(1e-7);
    expect(s.slide).toBeLessThanOrEqual(10);
    expect(s.points?.minimum.lr).toBeCloseTo(10 ** -2.2, 14);
    expect(s.points?.minimum.loss).toBe(0);
    expect(s.points?.valley.loss).toBe(losses[29]);
  });

  it('reads the plateau → ramp → bowl curve', () => {
    const { lrs, losses } = plateauRampBowl();
    const s = suggestLrs(lrs, losses, noTrim);
    expect(s.valley).toBe(lrs[44]);
    expect(s.slide).toBe(lrs[45]);
    expect(ratio(s.minimum, (lrs[60] ?? 0) / 10)).toBe(1);
    // every ramp segment falls by 1/16: the steepest is one of them
    const steepIndex = lrs.indexOf(s.steep ?? Number.NaN);
    expect(steepIndex).toBeGreaterThanOrEqual(30);
    expect(steepIndex).toBeLessThanOrEqual(59);
  });

  it('skips the first tenth and the last five points by default, as fastai lr_find does', () => {
    const { lrs, losses } = gaussianWell(100);
    // wreck the points that are skipped: they must not matter
    const noisy = losses.map((l, i) => (i < 10 ? 100 - i : i >= 95 ? Infinity : l));
    const trimmed = suggestLrs(lrs, noisy);
    expect(trimmed.used).toBe(85);
    expect(trimmed).toEqual(suggestLrs(lrs.slice(10, 95), losses.slice(10, 95), noTrim));
    expect(suggestLrs(lrs, noisy, { numIt: 200 }).used).toBe(75);
  });

  it('drops NaN and infinite losses wherever they are and reads the rest', () => {
    const { lrs, losses } = gaussianWell();
    const bad = [Number.NaN, Infinity, -Infinity];
    const mixedLrs: number[] = [];
    const mixedLosses: number[] = [];
    lrs.forEach((lr, i) => {
      mixedLrs.push(lr);
      mixedLosses.push(losses[i] ?? 0);
      if (i % 7 === 3 && i < 100) {
        mixedLrs.push(lr * 10 ** 0.04);
        mixedLosses.push(bad[i % 3] ?? Number.NaN);
      }
    });
    expect(mixedLrs.length).toBeGreaterThan(110);
    const s = suggestLrs(mixedLrs, mixedLosses, noTrim);
    expect(s).toEqual(suggestLrs(lrs, losses, noTrim));
    expect(ratio(s.valley, 10 ** -4.68)).toBeCloseTo(1, 10);
  });

  it('gives numbers that survive JSON', () => {
    const { lrs, losses } = gaussianWell();
    const s = suggestLrs(lrs, losses, noTrim);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('suggestLrs on curves it cannot read', () => {
  const lrs = Array.from({ length: 40 }, (_, i) => 10 ** (-7 + 0.2 * i));

  function expectProblem(losses: number[], code: string, pattern: RegExp, ls = lrs): void {
    const s = suggestLrs(ls, losses, noTrim);
    expect(s.problem?.code).toBe(code);
    expect(s.problem?.message).toMatch(pattern);
    expect([s.valley, s.slide, s.minimum, s.steep, s.points]).toEqual([null, null, null, null, null]);
  }

  it('all NaN or infinite', () => {
    expectProblem(
      lrs.map((_, i) => (i % 2 ? Number.NaN : Infinity)),
      'all-non-finite',
      /NaN or infinite.*lower start/,
    );
  });

  it('too few usable points', () => {
    const losses = lrs.map((_, i) => (i < MIN_CURVE_POINTS - 1 ? 3 - i : Number.NaN));
    expectProblem(losses, 'too-few-points', /Only 4 usable points.*36 had a NaN/);
  });

  it('nothing left after trimming', () => {
    const s = suggestLrs([1e-7, 1e-6, 1e-5], [3, 2, 1]);
    expect(s.problem?.code).toBe('no-points');
    expect(s.used).toBe(0);
  });

  it('flat, exactly or within float noise', () => {
    expectProblem(
      lrs.map(() => 2.3),
      'flat',
      /stayed at 2\.300.*not learning/,
    );
    expectProblem(
      lrs.map((_, i) => 2.3 + (i % 2) * 1e-9),
      'flat',
      /not learning/,
    );
  });

  it('rising from the first point', () => {
    expectProblem(
      lrs.map((_, i) => 1 + i * 0.1),
      'rising',
      /never fell.*lower start/,
    );
    expectProblem(
      lrs.map((_, i) => 1 + Math.abs(Math.sin(i))),
      'rising',
      /never fell/,
    );
  });

  it('throws BAD_REQUEST on input no sweep can produce', () => {
    const cases: [number[], number[], RegExp][] = [
      [[1, 2, 3], [1, 2], /3 learning rates but 2 losses/],
      [[1, 3, 2], [1, 2, 3], /must increase/],
      [[0, 1, 2], [1, 2, 3], /rate 0 is 0/],
      [[1, Number.NaN, 3], [1, 2, 3], /rate 1 is NaN/],
    ];
    for (const [ls, losses, pattern] of cases) {
      let error: unknown;
      try {
        suggestLrs(ls, losses);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeskfitError);
      expect((error as DeskfitError).code).toBe('BAD_REQUEST');
      expect((error as DeskfitError).message).toMatch(pattern);
    }
  });
});

describe('a simulated LR finder run', () => {
  it('smooths noisy losses, stops on divergence and suggests a rate left of the minimum', () => {
    const rng = makeRng(7);
    const sweep = lrFindSchedule();
    const smooth = new SmoothLoss();
    const lrs: number[] = [];
    const losses: number[] = [];
    let best = Infinity;
    let stoppedAt = -1;
    for (let i = 0; i < sweep.numIt; i++) {
      const lr = sweep.lrAt(i);
      const x = Math.log10(lr);
      // falls from 2.3 to 0.3 around 1e-3, then explodes past 1e-1
      const clean = 0.3 + 2 / (1 + Math.exp(3 * (x + 3))) + (x > -1 ? 10 ** (3 * (x + 1)) - 1 : 0);
      const value = smooth.accumulate(clean * (1 + 0.05 * rng.normal()));
      lrs.push(lr);
      losses.push(value);
      best = Math.min(best, value);
      if (lrFindStop(value, best)) {
        stoppedAt = i;
        break;
      }
    }
    expect(stoppedAt).toBeGreaterThan(80);
    expect(stoppedAt).toBeLessThan(100);
    const s = suggestLrs(lrs, losses, { numIt: sweep.numIt });
    expect(s.problem).toBeNull();
    expect(s.valley).toBeGreaterThan(1e-5);
    expect(s.valley).toBeLessThan(s.points?.minimum.lr ?? 0);
    expect(s.steep).toBeGreaterThan(1e-5);
    expect(s.steep).toBeLessThan(1e-1);
  });
});
