/**
 * SGD, optionally with momentum, as fastai builds it (`average_grad` without dampening, then
 * `momentum_step`): `avg ← mom·avg + g`, `p ← p − lr·avg`. This is PyTorch's SGD momentum with
 * dampening 0 (not the damped average `(1−mom)·g` that Adam keeps). With `mom = 0` and no
 * average yet it is plain SGD. fastai's defaults: no momentum, decoupled weight decay.
 */
import * as tf from '@tensorflow/tfjs';
import { Optimizer, type OptimizerDefaults, type ResolvedHyper, type Slots } from './optimizer';
import type { ParamGroup } from './paramGroups';

export const sgdDefaults: OptimizerDefaults = { mom: 0, sqrMom: 0.99, eps: 1e-5, decouple: true };

export class SGD extends Optimizer {
  readonly kind = 'sgd';

  constructor(groups: readonly ParamGroup[], defaults: Partial<OptimizerDefaults> = {}) {
    super(groups, { ...sgdDefaults, ...defaults });
  }

  protected direction(grad: tf.Tensor, slots: Slots, h: ResolvedHyper): tf.Tensor {
    // A momentum schedule may pass through 0; once an average exists it keeps being used.
    if (h.mom === 0 && !slots.has('gradAvg')) return grad;
    const avg = tf.add(tf.mul(slots.get('gradAvg'), h.mom), grad);
    slots.set('gradAvg', avg);
    return avg;
  }
}
