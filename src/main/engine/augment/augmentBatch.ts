/**
 * The training-time augmentation entry points: one combined geometric transform and one resample
 * per image, then lighting, all batched on the backend. `previewAugmentations` runs the very same
 * path on copies of one image for the UI's augmentation lab. Validation and test batches must not
 * be passed here — the caller (the data pipeline) only augments training batches.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../random';
import type { AugConfig, PaddingMode } from './augConfig';
import { augmentationMatrix, sampleAugParams, type AugParams } from './augParams';
import { applyLighting } from './lighting';
import { isIdentity } from './matrices';
import { resampleBatch } from './resample';

export interface AugmentOptions {
  padding: PaddingMode;
}

/**
 * Augments a batch of float NHWC images in [0, 1] with per-image `params` (from `sampleAugParams`).
 * Returns a new tensor; the input is not disposed. Identity parameters return the input values
 * exactly.
 */
export function augmentBatch(
  images: tf.Tensor4D,
  params: readonly AugParams[],
  options: AugmentOptions,
): tf.Tensor4D {
  const [n, h, w] = images.shape;
  if (images.dtype !== 'float32') {
    throw new Error(`augmentBatch needs float32 images in [0, 1], got ${images.dtype}: divide by 255 first`);
  }
  if (params.length !== n) throw new Error(`augmentBatch: ${params.length} parameter sets for ${n} images`);
  const matrices = params.map((p) => augmentationMatrix(p, h, w));
  if (matrices.every((m) => isIdentity(m))) return applyLighting(images, params);
  const warped = resampleBatch(images, matrices, options.padding);
  const out = applyLighting(warped, params);
  warped.dispose();
  return out;
}

/**
 * `n` random variants of one HWC image in [0, 1] (seeded, so the lab can show the same set again),
 * through exactly the training code path. Returns an [n, H, W, C] tensor.
 */
export function previewAugmentations(
  image: tf.Tensor3D,
  n: number,
  config: AugConfig,
  seed: number,
): tf.Tensor4D {
  const params = sampleAugParams(makeRng(seed), config, n);
  const batch = tf.tidy(() => tf.gather(tf.expandDims(image, 0), tf.zeros([n], 'int32')) as tf.Tensor4D);
  const out = augmentBatch(batch, params, { padding: config.padding });
  batch.dispose();
  return out;
}
