/**
 * The one resample per image, on the backend for the whole batch: up to four row gathers from the
 * flattened NHWC batch and a weighted sum. Built from the ops that are fast on wasm — `gatherND`
 * (about 10× faster than `gather` there), same-shape multiplies and `addN` — and none of the slow
 * ones (StridedSlice, innermost-axis transposes, Tile, broadcasting a [M, 1] weight over channels).
 * Weights 0 and 1 reproduce pixels bit for bit, so integer shifts, flips and quarter turns are exact.
 */
import * as tf from '@tensorflow/tfjs';
import type { PaddingMode } from './augConfig';
import { toPixelMatrix, type Mat3 } from './matrices';
import { samplingTaps } from './samplingTaps';

/**
 * Resamples image n of `images` (NHWC, float) through `matrices[n]` (normalised coordinates,
 * output → source) with bilinear interpolation and `padding`. Returns a new tensor.
 */
export function resampleBatch(
  images: tf.Tensor4D,
  matrices: readonly Mat3[],
  padding: PaddingMode,
): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  if (matrices.length !== n) throw new Error(`resampleBatch: ${matrices.length} matrices for ${n} images`);
  const taps = samplingTaps(
    matrices.map((m) => toPixelMatrix(m, h, w)),
    h,
    w,
    padding,
    c,
  );
  const pixels = n * h * w;
  return tf.tidy(() => {
    const flat = tf.reshape(images, [pixels, c]);
    const terms: tf.Tensor[] = [];
    taps.index.forEach((index, k) => {
      if (!taps.used[k]) return;
      const rows = tf.gatherND(flat, tf.tensor2d(index, [pixels, 1], 'int32'));
      terms.push(tf.mul(rows, tf.tensor2d(taps.weight[k]!, [pixels, c])));
    });
    const sum = terms.length === 0 ? tf.zerosLike(flat) : terms.length === 1 ? terms[0]! : tf.addN(terms);
    return tf.reshape(sum, [n, h, w, c]);
  });
}
