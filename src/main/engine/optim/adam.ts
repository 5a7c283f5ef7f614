/**
 * Adam and AdamW as fastai builds them: damped averages `avg ← β₁·avg + (1−β₁)·g` and
 * `sqr ← β₂·sqr + (1−β₂)·g²`, debiased with the variable's own step count t:
 * `p ← p − lr · (avg/(1−β₁ᵗ)) / (√(sqr/(1−β₂ᵗ)) + eps)`. Note eps sits outside the square root
 * and defaults to 1e-5 (fastai), not PyTorch's 1e-8. β₁ is the scheduled momentum (`mom`).
 *
 * `Adam` applies weight decay as L2 (added to the gradient, as PyTorch's Adam does); `AdamW`
 * decouples it (`p *= 1 − lr·wd`, fastai's `Adam(decouple_wd=True)`, the Learner's default, with
 * wd 0.01 given in the param groups). A group's own `decouple` overrides either default.
 */
import * as tf from '@tensorflow/tfjs';
import { Optimizer, type OptimizerDefaults, type ResolvedHyper, type Slots } from './optimizer';
import type { ParamGroup } from './paramGroups';

export const adamDefaults: OptimizerDefaults = { mom: 0.9, sqrMom: 0.99, eps: 1e-5, decouple: false };
export const adamWDefaults: OptimizerDefaults = { ...adamDefaults, decouple: true };
/** fastai's default weight decay for Adam(W). */
export const ADAMW_WD = 0.01;

function adamDirection(grad: tf.Tensor, slots: Slots, h: ResolvedHyper): tf.Tensor {
  const avg = tf.add(tf.mul(slots.get('gradAvg'), h.mom), tf.mul(grad, 1 - h.mom));
  const sqr = tf.add(tf.mul(slots.get('sqrAvg'), h.sqrMom), tf.mul(tf.square(grad), 1 - h.sqrMom));
  slots.set('gradAvg', avg);
  slots.set('sqrAvg', sqr);
  const debias1 = 1 - h.mom ** slots.step;
  const debias2 = 1 - h.sqrMom ** slots.step;
  const denom = tf.add(tf.sqrt(tf.div(sqr, debias2)), h.eps);
  return tf.div(tf.div(avg, debias1), denom);
}

export class Adam extends Optimizer {
  readonly kind: 'adam' | 'adamw' = 'adam';

  constructor(groups: readonly ParamGroup[], defaults: Partial<OptimizerDefaults> = {}) {
    super(groups, { ...adamDefaults, ...defaults });
  }

  protected direction(grad: tf.Tensor, slots: Slots, h: ResolvedHyper): tf.Tensor {
    return adamDirection(grad, slots, h);
  }
}

export class AdamW extends Adam {
  override readonly kind = 'adamw';

  constructor(groups: readonly ParamGroup[], defaults: Partial<OptimizerDefaults> = {}) {
    super(groups, { ...adamWDefaults, ...defaults });
  }
}
