/**
 * RMSProp as fastai defines it: `sqr ← β·sqr + (1−β)·g²` (damped), optionally a momentum average
 * `avg ← mom·avg + g` (undamped), then `p ← p − lr·(avg or g)/(√sqr + eps)`. No debiasing (that is
 * Adam's). fastai's defaults: sqr_mom 0.99, mom 0, eps 1e-8, decoupled weight decay.
 */
import * as tf from '@tensorflow/tfjs';
import { Optimizer, type OptimizerDefaults, type ResolvedHyper, type Slots } from './optimizer';
import type { ParamGroup } from './paramGroups';

export const rmsPropDefaults: OptimizerDefaults = { mom: 0, sqrMom: 0.99, eps: 1e-8, decouple: true };

export class RMSProp extends Optimizer {
  readonly kind = 'rmsprop';

  constructor(groups: readonly ParamGroup[], defaults: Partial<OptimizerDefaults> = {}) {
    super(groups, { ...rmsPropDefaults, ...defaults });
  }

  protected direction(grad: tf.Tensor, slots: Slots, h: ResolvedHyper): tf.Tensor {
    const sqr = tf.add(tf.mul(slots.get('sqrAvg'), h.sqrMom), tf.mul(tf.square(grad), 1 - h.sqrMom));
    slots.set('sqrAvg', sqr);
    let num = grad;
    if (h.mom !== 0 || slots.has('gradAvg')) {
      num = tf.add(tf.mul(slots.get('gradAvg'), h.mom), grad);
      slots.set('gradAvg', num);
    }
    return tf.div(num, tf.add(tf.sqrt(sqr), h.eps));
  }
}
