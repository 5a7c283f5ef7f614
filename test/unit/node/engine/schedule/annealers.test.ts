import { describe, expect, it } from 'vitest';
import {
  bindSchedule,
  schedCos,
  schedExp,
  schedLin,
  schedNo,
} from '../../../../../src/main/engine/schedule/annealers';

describe('schedule shapes', () => {
  it('schedLin is a straight line', () => {
    expect(schedLin(2, 10, 0)).toBe(2);
    expect(schedLin(2, 10, 0.25)).toBe(4);
    expect(schedLin(2, 10, 1)).toBe(10);
    expect(schedLin(10, 2, 0.5)).toBe(6);
  });

  it('schedCos is half a cosine: flat ends, midpoint halfway', () => {
    expect(schedCos(0, 1, 0)).toBeCloseTo(0, 15);
    expect(schedCos(0, 1, 0.5)).toBeCloseTo(0.5, 15);
    expect(schedCos(0, 1, 1)).toBe(1);
    // 1 + (1 + cos(2π/3)) · (3 − 1) / 2 = 1 + 0.5 = 1.5
    expect(schedCos(1, 3, 1 / 3)).toBeCloseTo(1.5, 14);
    // descending: 0.95 → 0.85 at a quarter: 0.95 + (1 + cos(3π/4)) · (−0.1) / 2
    expect(schedCos(0.95, 0.85, 0.25)).toBeCloseTo(0.95 - (1 - Math.SQRT1_2) * 0.05, 14);
  });

  it('schedExp is geometric', () => {
    expect(schedExp(1e-7, 10, 0)).toBe(1e-7);
    expect(schedExp(1e-7, 10, 0.5)).toBeCloseTo(1e-3, 15);
    expect(schedExp(1e-7, 10, 0.25) / 1e-5).toBeCloseTo(1, 12);
    expect(schedExp(1e-7, 10, 1)).toBeCloseTo(10, 10);
  });

  it('schedNo holds the start value', () => {
    expect(schedNo(3, 7, 0)).toBe(3);
    expect(schedNo(3, 7, 0.9)).toBe(3);
  });

  it('bindSchedule fixes the end points', () => {
    const s = bindSchedule(schedLin, 0, 4);
    expect([s(0), s(0.5), s(1)]).toEqual([0, 2, 4]);
  });
});
