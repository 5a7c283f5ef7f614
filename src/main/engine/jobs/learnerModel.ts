/**
 * Adapts an engine model to what the Learner needs: every variable of each layer group (frozen ones
 * included, so one optimizer covers the whole fine-tune; the Learner only steps trainable ones).
 */
import type * as tf from '@tensorflow/tfjs';
import type { LearnerModel } from '../learner/types';
import type { DeskfitModel } from '../models/types';

export function learnerModel(m: DeskfitModel): LearnerModel {
  const variables = m.layerGroups.map((group) =>
    group.layers.flatMap((layer) => layer.weights.map((w) => w.read() as tf.Variable)),
  );
  return {
    model: m.model,
    groupVariables: () => variables,
    freeze: () => m.freeze(),
    unfreeze: () => m.unfreeze(),
  };
}
