/**
 * The task-kind seam: what differs between single-label, multi-label, regression, segmentation…
 * (loss, metrics, how outputs read as predictions) lives in a small object, so adding a kind never
 * touches the training loop.
 */
import type * as tf from '@tensorflow/tfjs';

export interface TaskKind {
  readonly name: string;
  /** Mean loss of a batch from the model's raw outputs and the targets. */
  loss(outputs: tf.Tensor, targets: tf.Tensor): tf.Scalar;
  /** Per-item losses (for top losses), same reduction-free form. */
  itemLosses(outputs: tf.Tensor, targets: tf.Tensor): tf.Tensor1D;
  /** Raw outputs → what a user reads (class probabilities for classification). */
  decode(outputs: tf.Tensor): tf.Tensor;
  /** Epoch metrics by fastai name, from decoded predictions (rows) and targets. */
  metrics(predictions: Float32Array[], targets: Int32Array): Record<string, number>;
}
