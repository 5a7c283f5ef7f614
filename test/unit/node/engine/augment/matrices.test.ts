import { describe, expect, it } from 'vitest';
import {
  aspectCorrected,
  compose,
  flipMatrix,
  IDENTITY,
  isIdentity,
  rotationMatrix,
  toPixelMatrix,
  zoomMatrix,
  type Mat3,
} from '../../../../../src/main/engine/augment/matrices';
import {
  CORNERS,
  perspectiveWarp,
  projectiveFromPoints,
  warpTargets,
} from '../../../../../src/main/engine/augment/perspective';
import { augmentationMatrix, identityParams } from '../../../../../src/main/engine/augment/augParams';

function expectMat(actual: Mat3, expected: number[]): void {
  expect(actual.length).toBe(9);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 12));
}

function apply(m: Mat3, x: number, y: number): [number, number] {
  const z = m[6] * x + m[7] * y + m[8];
  return [(m[0] * x + m[1] * y + m[2]) / z, (m[3] * x + m[4] * y + m[5]) / z];
}

describe('affine matrices (normalised coordinates, output → source)', () => {
  it('flip negates x', () => {
    expectMat(flipMatrix(), [-1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('rotation is [[cos, sin], [−sin, cos]], exact at quarter turns', () => {
    expect(rotationMatrix(90)).toEqual([0, 1, 0, -1, 0, 0, 0, 0, 1]);
    expect(rotationMatrix(-90)).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(rotationMatrix(180)).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    // cos 30° = √3/2, sin 30° = 1/2
    expectMat(rotationMatrix(30), [Math.sqrt(3) / 2, 0.5, 0, -0.5, Math.sqrt(3) / 2, 0, 0, 0, 1]);
  });

  it('zoom scales by 1/scale and shifts towards its centre so the window stays inside', () => {
    expectMat(zoomMatrix(2), [0.5, 0, 0, 0, 0.5, 0, 0, 0, 1]);
    // scale 1.25 → s = 0.8; centre at the right edge, top: (1 − 0.8)·(2·1 − 1) = 0.2, ·(2·0 − 1) = −0.2
    expectMat(zoomMatrix(1.25, 1, 0), [0.8, 0, 0.2, 0, 0.8, -0.2, 0, 0, 1]);
    // the corner of the output grid maps to the corner of the image: no padding needed
    expect(apply(zoomMatrix(1.25, 1, 0), 1, -1)).toEqual([1, -1]);
  });

  it('compose applies the last matrix first: flip · rot90 · zoom2', () => {
    // zoom halves, rot90 sends (x, y) to (y, −x), flip negates x: (x, y) → (−y/2, −x/2)
    expectMat(compose(flipMatrix(), rotationMatrix(90), zoomMatrix(2)), [0, -0.5, 0, -0.5, 0, 0, 0, 0, 1]);
    expect(isIdentity(compose())).toBe(true);
  });

  it('aspect correction scales the cross terms by (h − 1)/(w − 1)', () => {
    // h 3, w 5: r = 2/4 = 0.5
    expectMat(aspectCorrected(rotationMatrix(90), 3, 5), [0, 0.5, 0, -2, 0, 0, 0, 0, 1]);
    expect(aspectCorrected(rotationMatrix(90), 4, 4)).toEqual(rotationMatrix(90));
  });

  it('toPixelMatrix maps pixel centres: identity stays identity, flip on width 5 is x → 4 − x', () => {
    expectMat(toPixelMatrix(IDENTITY, 5, 7), [...IDENTITY]);
    expectMat(toPixelMatrix(flipMatrix(), 5, 5), [-1, 0, 4, 0, 1, 0, 0, 0, 1]);
    // a normalised shift of 1 on width 5 (pixel scale 2) is 2 pixels
    expectMat(toPixelMatrix([1, 0, 1, 0, 1, 0, 0, 0, 1], 5, 5), [1, 0, 2, 0, 1, 0, 0, 0, 1]);
    // a size-1 axis always samples its only pixel
    expect(apply(toPixelMatrix(IDENTITY, 1, 3), 2, 0)).toEqual([2, 0]);
  });
});

describe('perspective warp', () => {
  it('moves the corners by (x − x·y·h, y − x·y·v)', () => {
    expect(warpTargets(0.2, 0)).toEqual([
      [-1.2, -1],
      [-0.8, 1],
      [1.2, -1],
      [0.8, 1],
    ]);
  });

  it('matches the hand-solved matrix for h = 0.2: [[1, 0, 0], [0, 1, −0.2], [0, −0.2, 1]]', () => {
    // Solving a·1.2/(1 − g) = 1 and a·0.8/(1 + g) = 1 gives a = 1, g = −0.2; then e = −0.2, d = 1.
    expectMat(perspectiveWarp(0.2, 0), [1, 0, 0, 0, 1, -0.2, 0, -0.2, 1]);
    expectMat(perspectiveWarp(0, 0.2), [1, 0, -0.2, 0, 1, 0, -0.2, 0, 1]);
    expect(perspectiveWarp(0, 0)).toBe(IDENTITY);
  });

  it('sends each shifted corner to its true corner for any magnitudes', () => {
    const m = perspectiveWarp(0.13, -0.17);
    warpTargets(0.13, -0.17).forEach((p, i) => {
      const [x, y] = apply(m, p[0], p[1]);
      expect(x).toBeCloseTo(CORNERS[i]![0], 12);
      expect(y).toBeCloseTo(CORNERS[i]![1], 12);
    });
    expect(() => projectiveFromPoints(CORNERS, CORNERS.slice(0, 3))).toThrow(/4 point pairs/);
  });
});

describe('augmentationMatrix', () => {
  it('is the identity for neutral parameters', () => {
    expect(isIdentity(augmentationMatrix(identityParams, 8, 6))).toBe(true);
  });

  it('composes warp ∘ aspect(flip · rotate · zoom)', () => {
    const p = { ...identityParams, flip: true, rotate: 90, zoom: 2, warp: [0.2, 0] as const };
    const expected = compose(perspectiveWarp(0.2, 0), [0, -0.5, 0, -0.5, 0, 0, 0, 0, 1]);
    expectMat(augmentationMatrix(p, 4, 4), [...expected]);
  });
});
