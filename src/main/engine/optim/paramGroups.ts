/**
 * Parameter groups: the unit our optimizers step with one set of hyper-parameters. A model is cut
 * into layer groups (early body, late body, head) for discriminative learning rates, and each layer
 * group is split again so that BatchNorm scales/offsets and biases get no weight decay (fastai's
 * `wd_bn_bias=False`). Grouping is by tfjs variable name, so it works for any Layers model.
 */
import type * as tf from '@tensorflow/tfjs';

/** Hyper-parameters one group steps with; a scheduler changes `lr` and `mom` every batch. */
export interface GroupHyper {
  lr: number;
  /** Momentum (SGD, RMSProp) or β₁ (Adam). */
  mom?: number;
  /** β₂ (Adam) or the squared-gradient decay (RMSProp). */
  sqrMom?: number;
  eps?: number;
  /** Weight decay; 0 turns it off for the group. */
  wd: number;
  /** true: decoupled decay `p *= 1 − lr·wd`; false: L2 `grad += wd·p`. Default per optimizer. */
  decouple?: boolean;
}

export interface ParamGroup extends GroupHyper {
  params: tf.Variable[];
  /** Index of the model layer group this param group came from (for discriminative LRs). */
  layer?: number;
}

/** The values `setHyper` may change. */
export type HyperUpdate = Partial<GroupHyper>;

const NO_DECAY_SUFFIX = /\/(bias|gamma|beta)(_\d+)?$/;
const MOVING_STAT_SUFFIX = /\/moving_(mean|variance)(_\d+)?$/;

/** Default no-decay test: tfjs Layers names biases `…/bias` and BatchNorm's scale/offset `…/gamma`, `…/beta`. */
export function isNormOrBias(variable: tf.Variable): boolean {
  return NO_DECAY_SUFFIX.test(variable.name);
}

/** BatchNorm running statistics are updated by the layer itself, never by an optimizer. */
export function isMovingStatistic(variable: tf.Variable): boolean {
  return MOVING_STAT_SUFFIX.test(variable.name);
}

export interface SplitVariables {
  decay: tf.Variable[];
  noDecay: tf.Variable[];
}

/**
 * Splits variables into those that take weight decay and those that do not (BatchNorm and bias by
 * default). Moving statistics are dropped. Variables are not filtered by `trainable`: a frozen
 * layer's variables stay in their group and are simply not stepped while they get no gradient.
 */
export function splitParamGroups(
  variables: readonly tf.Variable[],
  isNoDecay: (v: tf.Variable) => boolean = isNormOrBias,
): SplitVariables {
  const out: SplitVariables = { decay: [], noDecay: [] };
  for (const v of variables) {
    if (isMovingStatistic(v)) continue;
    (isNoDecay(v) ? out.noDecay : out.decay).push(v);
  }
  return out;
}

/**
 * Param groups for a model cut into layer groups: for layer group `i`, group `2i` takes `hyper.wd`
 * and group `2i+1` (BatchNorm and bias) takes none. Each group records its `layer`, so a scheduler
 * sets a discriminative LR with `groups.forEach((g, k) => opt.setHyper(k, { lr: lrs[g.layer] }))`.
 */
export function layerParamGroups(
  layers: readonly (readonly tf.Variable[])[],
  hyper: GroupHyper,
  isNoDecay: (v: tf.Variable) => boolean = isNormOrBias,
): ParamGroup[] {
  return layers.flatMap((variables, layer) => {
    const { decay, noDecay } = splitParamGroups(variables, isNoDecay);
    return [
      { ...hyper, params: decay, layer },
      { ...hyper, wd: 0, params: noDecay, layer },
    ];
  });
}
