import { describe, expect, it } from 'vitest';
import { lrFindStop } from '../../../../../src/main/engine/lrFind/lrFindStop';

describe('lrFindStop', () => {
  it('stops once the smoothed loss exceeds 4× the best so far', () => {
    expect(lrFindStop(1.2, 0.3)).toBe(false);
    expect(lrFindStop(1.2000001, 0.3)).toBe(true);
    expect(lrFindStop(0.3, 0.3)).toBe(false);
  });

  it('never stops on the first batch (best still Infinity before it is updated)', () => {
    expect(lrFindStop(5, Infinity)).toBe(false);
  });

  it('stops on a NaN or infinite smoothed loss (fastai sweeps on)', () => {
    expect(lrFindStop(Number.NaN, 0.3)).toBe(true);
    expect(lrFindStop(Infinity, 0.3)).toBe(true);
  });

  it('takes another factor', () => {
    expect(lrFindStop(0.7, 0.3, 2)).toBe(true);
    expect(lrFindStop(0.5, 0.3, 2)).toBe(false);
  });
});
