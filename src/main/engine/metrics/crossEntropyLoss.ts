/**
 * The training loss for single-label classification on tfjs: mean cross-entropy from logits, with optional
 * label smoothing (fastai's `LabelSmoothingCrossEntropy`, same formula as `crossEntropy.ts`). Built from
 * logSoftmax so it is stable for large logits and differentiable on every backend; everything but the
 * returned scalar is freed inside tf.tidy. Targets are not range-checked here (that would need a
 * synchronous read per batch): an out-of-range index silently contributes only the smoothing term.
 */
import * as tf from '@tensorflow/tfjs';
import { badMetricInput } from './predictionRows';

export interface CrossEntropyOptions {
  /** ε in [0, 1]; 0 (default) is plain cross-entropy, fastai's usual value is 0.1. */
  labelSmoothing?: number;
}

/** Per-item cross-entropy from logits (label-smoothed as the loss is), freed inside tf.tidy but the result. */
export function crossEntropyPerItem(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  { labelSmoothing = 0 }: CrossEntropyOptions = {},
): tf.Tensor1D {
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw badMetricInput(`label smoothing ε is ${labelSmoothing}, expected a number from 0 to 1.`);
  }
  const [nItems, nClasses] = logits.shape;
  if (nItems === 0) throw badMetricInput('cross-entropy: the batch is empty.');
  if (targets.shape[0] !== nItems) {
    throw badMetricInput(`cross-entropy: ${nItems} rows of logits but ${targets.shape[0]} targets.`);
  }
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.cast(targets, 'int32'), nClasses).toFloat();
    const weights =
      labelSmoothing === 0 ? oneHot : oneHot.mul(1 - labelSmoothing).add(labelSmoothing / nClasses);
    return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(weights, logProbs), 1));
  });
}

/** The mean of `crossEntropyPerItem`: the training loss. */
export function crossEntropyLoss(
  logits: tf.Tensor2D,
  targets: tf.Tensor1D,
  options: CrossEntropyOptions = {},
): tf.Scalar {
  return tf.tidy(() => tf.mean<tf.Scalar>(crossEntropyPerItem(logits, targets, options)));
}
