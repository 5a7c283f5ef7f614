/**
 * Test helpers for augmentation: ramp images with known pixel values and read-back of a batch as
 * nested rows, so expectations can be written out by hand.
 */
import * as tf from '@tensorflow/tfjs';

/** [n, h, w, c] with pixel (b, r, col, ch) = b·100 + (r·w + col)·c + ch: every value distinct. */
export function ramp(n: number, h: number, w: number, c = 1): tf.Tensor4D {
  const values = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h * w * c; i++) values[b * h * w * c + i] = b * 100 + i;
  }
  return tf.tensor4d(values, [n, h, w, c]);
}

/** Image `b`, channel `ch` of a batch as rows of numbers. */
export function plane(t: tf.Tensor4D, b = 0, ch = 0): number[][] {
  const [, h, w, c] = t.shape;
  const v = t.dataSync();
  return Array.from({ length: h }, (_, r) =>
    Array.from({ length: w }, (_, col) => v[((b * h + r) * w + col) * c + ch] ?? NaN),
  );
}

/** Row r of the 5×5 ramp is [5r, …, 5r + 4]: build an expected image row by row. */
export function rows(h: number, f: (r: number) => number[]): number[][] {
  return Array.from({ length: h }, (_, r) => f(r));
}
