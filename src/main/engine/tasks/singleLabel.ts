/**
 * Single-label image classification: softmax cross-entropy (optional label smoothing), accuracy and
 * error rate, probabilities as predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { accuracy, errorRate } from '../metrics/accuracy';
import { crossEntropyLoss } from '../metrics/crossEntropyLoss';
import type { TaskKind } from './taskKind';

export function singleLabelTask(options: { labelSmoothing?: number } = {}): TaskKind {
  const labelSmoothing = options.labelSmoothing ?? 0;
  return {
    name: 'single-label',
    loss: (outputs, targets) =>
      crossEntropyLoss(outputs as tf.Tensor2D, targets as tf.Tensor1D, { labelSmoothing }),
    itemLosses: (outputs, targets) =>
      tf.tidy(() => {
        const logp = tf.logSoftmax(outputs as tf.Tensor2D);
        const oneHot = tf.oneHot(tf.cast(targets, 'int32') as tf.Tensor1D, outputs.shape[1]!);
        return tf.neg(tf.sum(tf.mul(logp, oneHot), 1)) as tf.Tensor1D;
      }),
    decode: (outputs) => tf.softmax(outputs as tf.Tensor2D),
    metrics: (predictions, targets) => ({
      accuracy: accuracy(predictions, targets),
      error_rate: errorRate(predictions, targets),
    }),
  };
}
