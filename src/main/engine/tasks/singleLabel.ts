/**
 * Single-label image classification: softmax cross-entropy (optional label smoothing, for the training
 * and the validation loss alike), accuracy and error rate, probabilities as predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { accuracy, errorRate } from '../metrics/accuracy';
import { crossEntropyLoss, crossEntropyPerItem } from '../metrics/crossEntropyLoss';
import type { TaskKind } from './taskKind';

export function singleLabelTask(options: { labelSmoothing?: number } = {}): TaskKind {
  const labelSmoothing = options.labelSmoothing ?? 0;
  return {
    name: 'single-label',
    loss: (outputs, targets) =>
      crossEntropyLoss(outputs as tf.Tensor2D, targets as tf.Tensor1D, { labelSmoothing }),
    // The same loss per item, so valid loss and top losses are smoothed as fastai's are (its valid loss
    // uses the learner's loss function): train and valid loss stay comparable.
    itemLosses: (outputs, targets) =>
      crossEntropyPerItem(outputs as tf.Tensor2D, targets as tf.Tensor1D, { labelSmoothing }),
    decode: (outputs) => tf.softmax(outputs as tf.Tensor2D),
    metrics: (predictions, targets) => ({
      accuracy: accuracy(predictions, targets),
      error_rate: errorRate(predictions, targets),
    }),
  };
}
