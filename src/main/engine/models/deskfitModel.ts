/**
 * Wraps a built tfjs model and its layer groups into the DeskfitModel the Learner trains:
 * fastai's freeze (head and every BatchNorm trainable, train_bn=True) and unfreeze, parameter
 * groups for discriminative learning rates and weight-decay exemptions, dropout RNG state for
 * checkpoints, and one dispose for everything.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededDropout } from './seededDropout';
import {
  layerGroupNames,
  type ArchName,
  type DeskfitModel,
  type LayerGroupName,
  type ModelParam,
  type Normalization,
  type ParamGroup,
  type ParamKind,
} from './types';

export interface WrapModelArgs {
  model: tf.LayersModel;
  arch: ArchName | 'custom';
  inputSize: number;
  nClasses: number;
  normalization: Normalization;
  groups: Record<LayerGroupName, tf.layers.Layer[]>;
  /** Start frozen (fastai freezes a pretrained model when it makes the learner). */
  frozen: boolean;
}

export function isBatchNorm(layer: tf.layers.Layer): boolean {
  return layer.getClassName() === 'BatchNormalization';
}

function paramKind(layer: tf.layers.Layer, weightName: string): ParamKind {
  if (isBatchNorm(layer)) return 'batchnorm';
  return weightName.endsWith('/bias') ? 'bias' : 'weight';
}

/** Throws unless every layer of the model except inputs is in exactly one group. */
function checkGroupsCover(model: tf.LayersModel, groups: Record<LayerGroupName, tf.layers.Layer[]>): void {
  const grouped = new Set<tf.layers.Layer>();
  for (const name of layerGroupNames) {
    for (const layer of groups[name]) {
      if (grouped.has(layer)) throw new Error(`layer ${layer.name} is in two layer groups`);
      grouped.add(layer);
    }
  }
  const body = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const missing = body.filter((l) => !grouped.has(l)).map((l) => l.name);
  if (missing.length > 0 || grouped.size !== body.length) {
    throw new Error(`layer groups do not cover the model (ungrouped: ${missing.slice(0, 5).join(', ')})`);
  }
}

export function wrapModel(a: WrapModelArgs): DeskfitModel {
  checkGroupsCover(a.model, a.groups);
  const layerGroups = layerGroupNames.map((name) => ({ name, layers: a.groups[name] }));
  const dropouts = a.model.layers.filter((l): l is SeededDropout => l instanceof SeededDropout);
  let frozen = false;
  let disposed = false;

  const setFrozen = (freeze: boolean): void => {
    for (const group of layerGroups) {
      for (const layer of group.layers)
        layer.trainable = !freeze || group.name === 'head' || isBatchNorm(layer);
    }
    frozen = freeze;
  };

  const paramGroups = (): ParamGroup[] =>
    layerGroups.map((group) => ({
      name: group.name,
      params: group.layers.flatMap((layer) =>
        layer.trainableWeights.map((w): ModelParam => {
          const variable = w.read();
          if (!(variable instanceof tf.Variable)) throw new Error(`weight ${w.name} is not a tf.Variable`);
          return { variable, name: w.originalName, kind: paramKind(layer, w.originalName) };
        }),
      ),
    }));

  setFrozen(a.frozen);
  return {
    model: a.model,
    arch: a.arch,
    inputSize: a.inputSize,
    nClasses: a.nClasses,
    normalization: a.normalization,
    layerGroups,
    get frozen() {
      return frozen;
    },
    freeze: () => setFrozen(true),
    unfreeze: () => setFrozen(false),
    paramGroups,
    groupVariables: () => paramGroups().map((g) => g.params.map((p) => p.variable)),
    getRandomState: () => dropouts.map((d) => d.getState()),
    setRandomState: (state) => {
      if (state.length !== dropouts.length) {
        throw new Error(
          `random state has ${state.length} entries; this model has ${dropouts.length} dropout layers`,
        );
      }
      dropouts.forEach((d, i) => d.setState(state[i] ?? 0));
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      a.model.dispose();
    },
  };
}
