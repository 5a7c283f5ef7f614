/**
 * Takes the body of a loaded TF.js Layers model: finds where its features end (the input of its
 * last pooling layer, as fastai's create_body cuts before the last pool, or a named layer), and
 * rebuilds the layers up to there on a new input of the training size, each layer recreated from
 * its config with the loaded weights copied in. Rebuilding (rather than reusing the loaded graph)
 * lets us change the input size, drop the old classifier, and swap in this folder's fast layers
 * (FastBatchNorm with momentum 0.9 as fastai fine-tunes, LeanConv2D, CappedRelu, SeededDropout);
 * the loaded model can then be disposed whole. Flat graphs only: a layer used twice (shared
 * weights) is refused, and a layer's call arguments (e.g. a fixed `training`) are not carried over.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { CappedRelu } from './cappedRelu';
import { FastBatchNorm } from './fastBatchNorm';
import type { GraphBuilder } from './graphBuilder';
import { LeanConv2D } from './leanConv2d';
import { SeededDropout } from './seededDropout';

const POOL_CLASS = /Pooling[123]D$/;

function singleTensor(value: tf.SymbolicTensor | tf.SymbolicTensor[], what: string): tf.SymbolicTensor {
  if (Array.isArray(value)) {
    if (value.length === 1 && value[0] !== undefined) return value[0];
    throw new Error(`${what} has ${value.length} tensors; a body needs one feature map`);
  }
  return value;
}

/** The feature map the body ends at: `cutAt`'s output, else the input of the last pooling layer. */
export function findCut(model: tf.LayersModel, cutAt?: string): tf.SymbolicTensor {
  if (cutAt !== undefined) {
    const layer = model.layers.find((l) => l.name === cutAt);
    if (layer === undefined) {
      const names = model.layers.map((l) => l.name);
      throw new Error(
        `no layer named "${cutAt}" in the model; its last layers are ${names.slice(-8).join(', ')}`,
      );
    }
    const out = singleTensor(layer.output, `layer ${cutAt}`);
    if (out.rank !== 4) throw new Error(`layer ${cutAt} gives rank ${out.rank}; cut at a 4-d feature map`);
    return out;
  }
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i];
    if (layer === undefined || !POOL_CLASS.test(layer.getClassName())) continue;
    const input = singleTensor(layer.input, `pooling layer ${layer.name}`);
    if (input.rank === 4) return input;
  }
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const out = model.layers[i]?.output;
    if (out !== undefined && !Array.isArray(out) && out.rank === 4) return out;
  }
  throw new Error('the model has no 4-d feature map to use as a body (is it an image model?)');
}

/** Layers the cut tensor depends on, in the model's (topological) order. */
function ancestors(model: tf.LayersModel, cut: tf.SymbolicTensor): tf.layers.Layer[] {
  const needed = new Map<tf.layers.Layer, number>();
  const stack: tf.SymbolicTensor[] = [cut];
  while (stack.length > 0) {
    const t = stack.pop();
    if (t === undefined) break;
    const seen = needed.get(t.sourceLayer);
    if (seen !== undefined) {
      if (seen !== t.nodeIndex)
        throw new Error(`layer ${t.sourceLayer.name} is shared; deskfit needs a flat model`);
      continue;
    }
    needed.set(t.sourceLayer, t.nodeIndex);
    const node = t.sourceLayer.inboundNodes[t.nodeIndex];
    if (node !== undefined) stack.push(...node.inputTensors);
  }
  return model.layers.filter((l) => needed.has(l));
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** A fresh layer like `layer` (same name and config, no weights yet), fast versions where we have them. */
function recreate(layer: tf.layers.Layer, inputRank: number, rng: Rng): tf.layers.Layer {
  const className = layer.getClassName();
  const config = layer.getConfig();
  if (className === 'BatchNormalization') {
    const axis = numberOr(config['axis'], -1);
    if (axis === -1 || axis === inputRank - 1) {
      return new FastBatchNorm({
        name: layer.name,
        epsilon: numberOr(config['epsilon'], 1e-3),
        center: config['center'] !== false,
        scale: config['scale'] !== false,
      });
    }
  }
  if (className === 'ReLU' && typeof config['maxValue'] === 'number') {
    return new CappedRelu({ name: layer.name, maxValue: config['maxValue'] });
  }
  if (className === 'Conv2D') {
    const lean = LeanConv2D.fromStockConfig(layer.name, config);
    if (lean !== undefined) return lean;
  }
  if (className === 'Dropout' && config['noiseShape'] == null) {
    return new SeededDropout({ name: layer.name, rate: numberOr(config['rate'], 0), seed: rng.int(2 ** 32) });
  }
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined)
    throw new Error(`layer ${layer.name} is a ${className}, which this tfjs cannot rebuild`);
  const [cls, fromConfig] = entry;
  const made = fromConfig(cls, config);
  if (!(made instanceof tf.layers.Layer))
    throw new Error(`rebuilding ${layer.name} (${className}) gave no layer`);
  return made;
}

export interface CloneBodyOptions {
  inputSize: number;
  cutAt?: string;
  /** First layer of the `late` group; default: the middle layer of the body. */
  splitAt?: string;
  /** Copy the loaded weights (pretrained) or leave the new layers to be initialised. */
  copyWeights: boolean;
  rng: Rng;
}

/** Rebuilds the body of `model` into `b` (groups early/late) on a new input; returns input and features. */
export function cloneBody(
  model: tf.LayersModel,
  b: GraphBuilder,
  o: CloneBodyOptions,
): { input: tf.SymbolicTensor; features: tf.SymbolicTensor } {
  const cut = findCut(model, o.cutAt);
  const layers = ancestors(model, cut);
  const inputs = layers.filter((l) => l.getClassName() === 'InputLayer');
  const oldInput = inputs[0]?.output;
  if (inputs.length !== 1 || oldInput === undefined || Array.isArray(oldInput)) {
    throw new Error(`the body must have exactly one input; it has ${inputs.length}`);
  }
  const channels = oldInput.shape[3];
  if (oldInput.rank !== 4 || channels !== 3) {
    throw new Error(
      `the body's input is [${oldInput.shape.join(', ')}]; deskfit feeds RGB images [batch, h, w, 3]`,
    );
  }
  const input = tf.input({ shape: [o.inputSize, o.inputSize, 3], name: inputs[0]?.name ?? 'image' });
  const mapped = new Map<number, tf.SymbolicTensor>([[oldInput.id, input]]);
  const body = layers.filter((l) => l.getClassName() !== 'InputLayer');
  const splitIndex =
    o.splitAt === undefined ? Math.floor(body.length / 2) : body.findIndex((l) => l.name === o.splitAt);
  if (splitIndex < 0)
    throw new Error(`no layer named "${o.splitAt ?? ''}" in the body to split the groups at`);
  body.forEach((layer, i) => {
    const node = layer.inboundNodes[0];
    if (layer.inboundNodes.length !== 1 || node === undefined) {
      throw new Error(
        `layer ${layer.name} is used ${layer.inboundNodes.length} times; deskfit needs a flat model`,
      );
    }
    const ins = node.inputTensors.map((t) => {
      const m = mapped.get(t.id);
      if (m === undefined) throw new Error(`layer ${layer.name}: an input was not rebuilt before it`);
      return m;
    });
    const first = ins[0];
    if (first === undefined) throw new Error(`layer ${layer.name} has no inputs`);
    b.group = i < splitIndex ? 'early' : 'late';
    const copy = recreate(layer, first.rank, o.rng);
    const out = b.add(copy, ins.length === 1 ? first : ins);
    if (o.copyWeights) copy.setWeights(layer.getWeights());
    const oldOut = node.outputTensors[0];
    if (node.outputTensors.length !== 1 || oldOut === undefined) {
      throw new Error(
        `layer ${layer.name} has ${node.outputTensors.length} outputs; deskfit needs one per layer`,
      );
    }
    mapped.set(oldOut.id, out);
  });
  const features = mapped.get(cut.id);
  if (features === undefined) throw new Error('the cut feature map was not rebuilt');
  return { input, features };
}
