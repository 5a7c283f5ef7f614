import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import type { PaddingMode } from '../../../../../src/main/engine/augment/augConfig';
import { augmentBatch } from '../../../../../src/main/engine/augment/augmentBatch';
import { identityParams } from '../../../../../src/main/engine/augment/augParams';
import { IDENTITY, rotationMatrix, type Mat3 } from '../../../../../src/main/engine/augment/matrices';
import { resampleBatch } from '../../../../../src/main/engine/augment/resample';
import { reflectCoordinate } from '../../../../../src/main/engine/augment/samplingTaps';
import { plane, ramp, rows } from './augHelpers';

// The 5×5 ramp has pixel (r, c) = 5r + c. A normalised x-shift of t samples column c + 2t
// (pixel scale (5 − 1)/2 = 2). Expected images are written out by hand from PyTorch's
// grid_sample(align_corners=True) definitions of the three padding modes.

const shift = (t: number): Mat3 => [1, 0, t, 0, 1, 0, 0, 0, 1];

const SHIFT_RIGHT_2: Record<PaddingMode, (r: number) => number[]> = {
  // source columns 2, 3, 4, 5, 6
  zeros: (r) => [5 * r + 2, 5 * r + 3, 5 * r + 4, 0, 0],
  border: (r) => [5 * r + 2, 5 * r + 3, 5 * r + 4, 5 * r + 4, 5 * r + 4],
  // 5 reflects about 4 to 3, 6 to 2
  reflection: (r) => [5 * r + 2, 5 * r + 3, 5 * r + 4, 5 * r + 3, 5 * r + 2],
};

const SHIFT_LEFT_2_5: Record<PaddingMode, (r: number) => number[]> = {
  // source columns −2.5, −1.5, −0.5, 0.5, 1.5; −0.5 has one tap inside (weight ½ on column 0)
  zeros: (r) => [0, 0, 2.5 * r, 5 * r + 0.5, 5 * r + 1.5],
  border: (r) => [5 * r, 5 * r, 5 * r, 5 * r + 0.5, 5 * r + 1.5],
  // reflected about 0: 2.5, 1.5, 0.5, 0.5, 1.5
  reflection: (r) => [5 * r + 2.5, 5 * r + 1.5, 5 * r + 0.5, 5 * r + 0.5, 5 * r + 1.5],
};

let live = 'cpu';
beforeAll(async () => {
  live = (await initBackend()).backend;
});

describe('reflectCoordinate (align_corners=True)', () => {
  it('reflects about the first and last pixel centres, repeatedly', () => {
    expect([-4, -1, 0, 2, 4, 5, 8, 9.5].map((x) => reflectCoordinate(x, 5))).toEqual([
      4, 1, 0, 2, 4, 3, 0, 1.5,
    ]);
    expect(reflectCoordinate(3.7, 1)).toBe(0);
  });
});

describe.each(['live', 'cpu'])('resampleBatch on the %s backend', (which) => {
  beforeAll(async () => {
    await tf.setBackend(which === 'live' ? live : 'cpu');
  });

  function run(h: number, w: number, c: number, matrices: Mat3[], padding: PaddingMode): tf.Tensor4D {
    const x = ramp(matrices.length, h, w, c);
    const y = resampleBatch(x, matrices, padding);
    x.dispose();
    return y;
  }

  it.each(['zeros', 'border', 'reflection'] as const)('%s: shift by 2 px, pixel-exact', (padding) => {
    const y = run(5, 5, 1, [shift(1)], padding);
    expect(plane(y)).toEqual(rows(5, SHIFT_RIGHT_2[padding]));
    y.dispose();
  });

  it.each(['zeros', 'border', 'reflection'] as const)(
    '%s: shift by −2.5 px (bilinear at the edge)',
    (padding) => {
      const y = run(5, 5, 1, [shift(-1.25)], padding);
      expect(plane(y)).toEqual(rows(5, SHIFT_LEFT_2_5[padding]));
      y.dispose();
    },
  );

  it('reflection: zooming out by 3 reflects twice (columns and rows 4, 1, 2, 3, 0)', () => {
    const y = run(5, 5, 1, [[3, 0, 0, 0, 3, 0, 0, 0, 1]], 'reflection');
    const R = [4, 1, 2, 3, 0];
    expect(plane(y)).toEqual(rows(5, (r) => R.map((c) => 5 * R[r]! + c)));
    y.dispose();
  });

  it('rotates 90° exactly: out(r, c) = in(4 − c, r)', () => {
    const y = run(5, 5, 1, [rotationMatrix(90)], 'zeros');
    expect(plane(y)).toEqual(rows(5, (r) => [0, 1, 2, 3, 4].map((c) => 5 * (4 - c) + r)));
    y.dispose();
  });

  it('resamples each image with its own matrix, every channel (tfjs cpu transform does not)', () => {
    const y = run(3, 4, 2, [IDENTITY, [-1, 0, 0, 0, 1, 0, 0, 0, 1]], 'border');
    // image 1 = 100 + (r·4 + c)·2 + ch, flipped: column c reads column 3 − c
    for (const ch of [0, 1]) {
      expect(plane(y, 0, ch)).toEqual(rows(3, (r) => [0, 1, 2, 3].map((c) => (r * 4 + c) * 2 + ch)));
      expect(plane(y, 1, ch)).toEqual(
        rows(3, (r) => [0, 1, 2, 3].map((c) => 100 + (r * 4 + 3 - c) * 2 + ch)),
      );
    }
    y.dispose();
  });

  it('a quarter turn of a non-square image (3×5) is rigid: out(r, c) = in(3 − c, r + 1)', () => {
    const x = ramp(1, 3, 5, 1);
    const y = augmentBatch(x, [{ ...identityParams, rotate: 90 }], { padding: 'zeros' });
    // columns 0 and 4 read rows 3 and −1: outside, so zero
    expect(plane(y)).toEqual([
      [0, 11, 6, 1, 0],
      [0, 12, 7, 2, 0],
      [0, 13, 8, 3, 0],
    ]);
    tf.dispose([x, y]);
  });

  it('leaves no tensors behind', () => {
    const x = ramp(2, 6, 6, 3);
    const before = tf.memory().numTensors;
    const y = resampleBatch(x, [rotationMatrix(10), shift(0.3)], 'reflection');
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([x, y]);
  });
});
