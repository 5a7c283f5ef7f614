/**
 * Brightness and contrast as fastai applies them, in logit space and per image:
 * y = σ((logit(x) + logit(b))·c), with x clamped to [1e-7, 1 − 1e-7] first. Images must be in
 * [0, 1] (augment before normalising, as fastai's Normalize runs after its augmentations).
 * Images whose parameters are neutral are passed through bit for bit. Per-image values broadcast
 * as [N, 1] against [N, H·W·C], the broadcast wasm does fast (a 4-D [N, 1, 1, 1] one is ~50× slower).
 */
import * as tf from '@tensorflow/tfjs';
import { hasLighting, type AugParams } from './augParams';

const CLAMP = 1e-7;

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** Applies each image's brightness and contrast; returns a new tensor. */
export function applyLighting(images: tf.Tensor4D, params: readonly AugParams[]): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  if (params.length !== n) throw new Error(`applyLighting: ${params.length} parameter sets for ${n} images`);
  const lit = params.map(hasLighting);
  if (!lit.some(Boolean)) return tf.clone(images);
  const column = (f: (p: AugParams, i: number) => number): tf.Tensor2D =>
    tf.tensor2d(Float32Array.from(params, f), [n, 1]);
  return tf.tidy(() => {
    const flat = tf.reshape(images, [n, h * w * c]);
    const x = tf.clipByValue(flat, CLAMP, 1 - CLAMP);
    const z = tf.log(tf.div(x, tf.sub(1, x)));
    // (z + logit b)·c = z·c + c·logit b
    const scale = column((p) => p.contrast);
    const shift = column((p) => p.contrast * logit(p.brightness));
    let y = tf.sigmoid(tf.add(tf.mul(z, scale), shift));
    if (!lit.every(Boolean)) {
      // Neutral images keep their exact input: x + m·(y − x) with m ∈ {0, 1}.
      y = tf.add(
        flat,
        tf.mul(
          tf.sub(y, flat),
          column((_, i) => (lit[i] ? 1 : 0)),
        ),
      );
    }
    return tf.reshape(y, [n, h, w, c]);
  });
}
