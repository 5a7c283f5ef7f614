/**
 * The model registry: `createModel(arch, options)` builds any of deskfit's architectures with a
 * classifier head, and `customBody(path, options)` does the same on a user's TF.js Layers model.
 * Pretrained weights come only from local files (the nsfwjs package, or the user's folder); no
 * architecture is ever downloaded.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, type Rng } from '../random';
import { cloneBody } from './cloneBody';
import { DEFAULT_GROWTH_RATE, densenetBody } from './densenet';
import { wrapModel } from './deskfitModel';
import { fsModelHandler } from './fsModelHandler';
import { GraphBuilder } from './graphBuilder';
import { attachHead } from './head';
import { heNormalInit } from './heInit';
import { MOBILENET_V2_CUT, MOBILENET_V2_SPLIT, nsfwMobileNetV2Handler } from './nsfwMobileNet';
import { resnetBody } from './resnet';
import { simpleCnnBody } from './simpleCnn';
import {
  archNames,
  type ArchName,
  type CreateModelOptions,
  type DeskfitModel,
  type Normalization,
} from './types';

export interface CustomBodyOptions extends Omit<CreateModelOptions, 'width'> {
  /** Layer whose output is the body's feature map; default: the input of the last pooling layer. */
  cutAt?: string;
  /** First layer of the late group; default: the middle of the body. */
  splitAt?: string;
  /** Default: `imagenet` when pretrained, else `dataset`. */
  normalization?: Normalization;
}

const defaultWidth: Record<Exclude<ArchName, 'mobilenetv2'>, number> = {
  'simple-cnn': 8,
  resnet18: 64,
  resnet34: 64,
  densenet: DEFAULT_GROWTH_RATE,
};

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
}

function checkOptions(what: string, o: CreateModelOptions, minSize: number): void {
  check(
    Number.isInteger(o.inputSize) && o.inputSize >= minSize,
    `${what}: inputSize must be an integer ≥ ${minSize}; got ${String(o.inputSize)}`,
  );
  check(Number.isInteger(o.nClasses) && o.nClasses >= 1, `${what}: nClasses must be an integer ≥ 1`);
  if (o.seed !== undefined) check(Number.isInteger(o.seed), `${what}: seed must be an integer`);
  if (o.width !== undefined)
    check(Number.isInteger(o.width) && o.width >= 1, `${what}: width must be an integer ≥ 1`);
  if (o.dropout !== undefined) check(o.dropout >= 0 && o.dropout < 1, `${what}: dropout must be in [0, 1)`);
}

/** Disposes the weights of layers already built when construction fails half-way. */
function disposeBuilt(layers: readonly tf.layers.Layer[]): void {
  for (const layer of layers) {
    try {
      if (layer.built) layer.dispose();
    } catch {
      // Never built or used: nothing to free.
    }
  }
}

interface Finish {
  arch: ArchName | 'custom';
  options: CreateModelOptions;
  normalization: Normalization;
  frozen: boolean;
  /** Layers whose kernels get seeded He-normal values (the body too unless its weights were loaded). */
  initialise: (b: GraphBuilder) => tf.layers.Layer[];
}

function finish(b: GraphBuilder, input: tf.SymbolicTensor, features: tf.SymbolicTensor, rng: Rng, f: Finish) {
  try {
    const logits = attachHead(b, features, {
      kind: f.options.head ?? (f.arch === 'simple-cnn' ? 'simple' : 'fastai'),
      nClasses: f.options.nClasses,
      ps: f.options.dropout ?? 0.5,
      convClassifier: f.arch === 'simple-cnn',
      rng,
    });
    const model = tf.model({ inputs: input, outputs: logits, name: f.arch });
    heNormalInit(f.initialise(b), rng);
    return wrapModel({
      model,
      arch: f.arch,
      inputSize: f.options.inputSize,
      nClasses: f.options.nClasses,
      normalization: f.normalization,
      groups: b.groups,
      frozen: f.frozen,
    });
  } catch (err) {
    disposeBuilt(b.all());
    throw err;
  }
}

function buildFromScratch(arch: Exclude<ArchName, 'mobilenetv2'>, o: CreateModelOptions): DeskfitModel {
  const rng = makeRng(o.seed ?? 0);
  const width = o.width ?? defaultWidth[arch];
  const b = new GraphBuilder();
  const input = tf.input({ shape: [o.inputSize, o.inputSize, 3], name: 'image' });
  let features: tf.SymbolicTensor;
  try {
    if (arch === 'simple-cnn') features = simpleCnnBody(b, input, o.inputSize, width);
    else if (arch === 'densenet') features = densenetBody(b, input, width);
    else features = resnetBody(b, input, arch, width);
  } catch (err) {
    disposeBuilt(b.all());
    throw err;
  }
  return finish(b, input, features, rng, {
    arch,
    options: o,
    normalization: 'dataset',
    frozen: false,
    initialise: (built) => built.all(),
  });
}

interface LoadedBodyOptions extends CustomBodyOptions {
  arch: 'mobilenetv2' | 'custom';
}

async function buildOnLoadedBody(handler: tf.io.IOHandler, o: LoadedBodyOptions): Promise<DeskfitModel> {
  const pretrained = o.pretrained ?? true;
  const rng = makeRng(o.seed ?? 0);
  const loaded = await tf.loadLayersModel(handler);
  const b = new GraphBuilder();
  let body: { input: tf.SymbolicTensor; features: tf.SymbolicTensor };
  try {
    body = cloneBody(loaded, b, {
      inputSize: o.inputSize,
      cutAt: o.cutAt,
      splitAt: o.splitAt,
      copyWeights: pretrained,
      rng,
    });
  } catch (err) {
    disposeBuilt(b.all());
    throw err;
  } finally {
    loaded.dispose();
  }
  return finish(b, body.input, body.features, rng, {
    arch: o.arch,
    options: o,
    normalization: o.normalization ?? (pretrained ? 'imagenet' : 'dataset'),
    frozen: pretrained,
    initialise: (built) => (pretrained ? built.groups.head : built.all()),
  });
}

/**
 * Builds `arch` for `inputSize`² RGB images and `nClasses` logits. Only mobilenetv2 is
 * pretrained (by default; from nsfwjs, offline) and it starts frozen, as fastai's cnn_learner
 * does; asking for pretrained weights for another architecture is an error, not a download.
 */
export async function createModel(arch: ArchName, options: CreateModelOptions): Promise<DeskfitModel> {
  check(
    archNames.includes(arch),
    `unknown architecture "${String(arch)}"; choose one of ${archNames.join(', ')}`,
  );
  checkOptions(arch, options, arch === 'mobilenetv2' ? 32 : 8);
  if (arch === 'mobilenetv2') {
    check(options.width === undefined, 'mobilenetv2: width cannot be changed on the pretrained body');
    return buildOnLoadedBody(nsfwMobileNetV2Handler(), {
      ...options,
      arch,
      cutAt: MOBILENET_V2_CUT,
      splitAt: MOBILENET_V2_SPLIT,
    });
  }
  if (options.pretrained === true) {
    throw new Error(
      `no pretrained ${arch} is available offline and deskfit does not download bodies; use ` +
        `mobilenetv2 (pretrained, bundled with nsfwjs), a custom body from a TF.js Layers model ` +
        `folder, or pretrained: false`,
    );
  }
  return buildFromScratch(arch, options);
}

/**
 * A model on the body of any TF.js Layers model on disk (`path`: model.json or its folder), cut
 * before its last pooling layer (or at `cutAt`), with the head for `nClasses`. Pretrained by
 * default: the loaded weights are kept and the model starts frozen.
 */
export async function customBody(path: string, options: CustomBodyOptions): Promise<DeskfitModel> {
  checkOptions(`custom body ${path}`, options, 8);
  return buildOnLoadedBody(fsModelHandler(path), { ...options, arch: 'custom' });
}
