import { describe, expect, it } from 'vitest';
import { defaultAugConfig, noAugConfig } from '../../../../../src/main/engine/augment/augConfig';
import { identityParams, sampleAugParams } from '../../../../../src/main/engine/augment/augParams';
import { makeRng } from '../../../../../src/main/engine/random';

describe('sampleAugParams', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = sampleAugParams(makeRng(7), defaultAugConfig, 16);
    const b = sampleAugParams(makeRng(7), defaultAugConfig, 16);
    const c = sampleAugParams(makeRng(8), defaultAugConfig, 16);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('consumes the same draws whatever the probabilities (changing one does not reshuffle others)', () => {
    const a = sampleAugParams(makeRng(3), defaultAugConfig, 8);
    const b = sampleAugParams(makeRng(3), { ...defaultAugConfig, pLighting: 0 }, 8);
    expect(b.map((p) => [p.flip, p.rotate, p.zoom, p.warp])).toEqual(
      a.map((p) => [p.flip, p.rotate, p.zoom, p.warp]),
    );
    expect(b.every((p) => p.brightness === 0.5 && p.contrast === 1)).toBe(true);
  });

  it('honours each probability and range (fastai defaults, 4000 images, loose bounds)', () => {
    const n = 4000;
    const ps = sampleAugParams(makeRng(42), defaultAugConfig, n);
    const rate = (f: (p: (typeof ps)[number]) => boolean): number => ps.filter(f).length / n;
    // binomial sd at n = 4000 is ≤ 0.008: ±0.04 is five sd
    expect(rate((p) => p.flip)).toBeCloseTo(0.5, 1);
    expect(Math.abs(rate((p) => p.flip) - 0.5)).toBeLessThan(0.04);
    for (const f of [
      (p: (typeof ps)[number]) => p.rotate !== 0,
      (p: (typeof ps)[number]) => p.zoom !== 1,
      (p: (typeof ps)[number]) => p.warp[0] !== 0,
      (p: (typeof ps)[number]) => p.warp[1] !== 0,
      (p: (typeof ps)[number]) => p.brightness !== 0.5,
      (p: (typeof ps)[number]) => p.contrast !== 1,
    ]) {
      expect(Math.abs(rate(f) - 0.75)).toBeLessThan(0.04);
    }
    for (const p of ps) {
      expect(Math.abs(p.rotate)).toBeLessThanOrEqual(10);
      expect(p.zoom).toBeGreaterThanOrEqual(1);
      expect(p.zoom).toBeLessThanOrEqual(1.1);
      expect(Math.max(Math.abs(p.warp[0]), Math.abs(p.warp[1]))).toBeLessThanOrEqual(0.2);
      expect(p.brightness).toBeGreaterThanOrEqual(0.4);
      expect(p.brightness).toBeLessThanOrEqual(0.6);
      expect(p.contrast).toBeGreaterThanOrEqual(0.8 - 1e-12);
      expect(p.contrast).toBeLessThanOrEqual(1.25 + 1e-12);
    }
    // rotations spread over the whole range, not just one end
    expect(Math.min(...ps.map((p) => p.rotate))).toBeLessThan(-9);
    expect(Math.max(...ps.map((p) => p.rotate))).toBeGreaterThan(9);
  });

  it('gives identity parameters when every magnitude is zero', () => {
    const ps = sampleAugParams(makeRng(1), noAugConfig, 50);
    for (const p of ps) expect({ ...p, zoomCenter: identityParams.zoomCenter }).toEqual(identityParams);
  });

  it('refuses an out-of-range config, naming every field', () => {
    expect(() =>
      sampleAugParams(makeRng(1), { ...defaultAugConfig, maxLighting: 1, pAffine: 2, minZoom: 1.2 }, 1),
    ).toThrow(/pAffine must be in \[0, 1\].*maxZoom must be in \[1.2, 10\].*maxLighting must be in \[0, 1\)/);
  });
});
