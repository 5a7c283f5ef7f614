/**
 * Runs a trained model on batches of training-size pixels the way validation does: 0..1, the
 * manifest's per-channel normalisation, the model in inference mode, softmax. With TTA, the same
 * batch also goes through the training augmentation (`sampleAugParams` + `augmentBatch`) `n` times
 * and the probabilities are combined as fastai does (tta.ts). One seeded RNG serves the whole run,
 * so the same inputs in the same order give the same TTA predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../augment/augmentBatch';
import { sampleAugParams } from '../augment/augParams';
import { normalizeBatch } from '../data/batchLoader';
import type { ChannelStats } from '../data/normalize';
import { makeRng, type Rng } from '../random';
import { ttaCombine, type TtaSettings } from './tta';

export interface BatchPrediction {
  /** `count × nClasses` probabilities, row-major. */
  probs: Float32Array;
  /**
   * Their natural logs: log-softmax of the logits without TTA (exact for tiny probabilities), else
   * the log of the combined probability, floored near the smallest normal float32 so a loss stays
   * finite (and JSON-safe).
   */
  logProbs: Float32Array;
  nClasses: number;
}

const smallestProbability = 1e-37;

export class Predictor {
  private readonly rng: Rng | undefined;

  constructor(
    private readonly model: tf.LayersModel,
    private readonly stats: ChannelStats,
    private readonly size: number,
    private readonly tta?: TtaSettings,
  ) {
    this.rng = tta ? makeRng(tta.seed) : undefined;
  }

  private logits(x01: tf.Tensor4D): tf.Tensor2D {
    return this.model.apply(normalizeBatch(x01, this.stats), { training: false }) as tf.Tensor2D;
  }

  async predict(pixels: Uint8Array, count: number): Promise<BatchPrediction> {
    const { size, tta, rng } = this;
    const [probs, logProbs] = tf.tidy(() => {
      const bytes = tf.tensor4d(pixels, [count, size, size, 3], 'int32');
      const x01 = tf.div(tf.cast(bytes, 'float32'), 255) as tf.Tensor4D;
      const logits = this.logits(x01);
      if (!tta || !rng) return [tf.softmax(logits), tf.logSoftmax(logits)];
      const plain = tf.softmax(logits) as tf.Tensor2D;
      const augmented = Array.from({ length: tta.n }, () => {
        const params = sampleAugParams(rng, tta.config, count);
        const x = augmentBatch(x01, params, { padding: tta.config.padding });
        return tf.softmax(this.logits(x)) as tf.Tensor2D;
      });
      const combined = ttaCombine(plain, augmented, tta.beta);
      return [combined, tf.log(tf.maximum(combined, smallestProbability))];
    });
    try {
      const [p, lp] = await Promise.all([probs.data(), logProbs.data()]);
      return {
        probs: p as Float32Array,
        logProbs: lp as Float32Array,
        nClasses: probs.shape[1] ?? 0,
      };
    } finally {
      tf.dispose([probs, logProbs]);
    }
  }
}
