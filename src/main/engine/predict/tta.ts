/**
 * Test-time augmentation as fastai's `Learner.tta`: predict `n` times with the training
 * augmentation, average those probabilities, then move from that average towards the plain
 * (unaugmented) prediction by `beta` — `torch.lerp(aug_preds, preds, beta)`, i.e.
 * (1 − β)·mean(augmented) + β·plain. fastai's defaults: n = 4, β = 0.25.
 */
import * as tf from '@tensorflow/tfjs';
import type { AugConfig } from '../augment/augConfig';

export interface TtaSettings {
  /** The training augmentation. */
  config: AugConfig;
  /** Augmented passes. */
  n: number;
  /** Weight of the plain prediction. */
  beta: number;
  /** Seeds the augmentation draws, so a TTA result can be reproduced. */
  seed: number;
}

export const ttaDefaults = { n: 4, beta: 0.25 } as const;

/** lerp(mean(augmented), plain, beta) on probability rows. Does not dispose its inputs. */
export function ttaCombine(plain: tf.Tensor2D, augmented: readonly tf.Tensor2D[], beta: number): tf.Tensor2D {
  if (augmented.length === 0) throw new Error('ttaCombine needs at least one augmented prediction');
  if (!(beta >= 0 && beta <= 1)) throw new Error(`ttaCombine: beta must be in [0, 1], got ${beta}`);
  return tf.tidy(() => {
    const mean = tf.mean(tf.stack(augmented as tf.Tensor2D[]), 0) as tf.Tensor2D;
    return tf.add(mean, tf.mul(tf.sub(plain, mean), beta)) as tf.Tensor2D;
  });
}
