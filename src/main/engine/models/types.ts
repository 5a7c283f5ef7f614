/**
 * The model seam between the architectures (this folder) and the Learner: what every model —
 * built here, pretrained from nsfwjs or brought by the user — looks like to the training loop.
 * Layer groups give discriminative learning rates; parameter groups are what an optimizer steps.
 */
import type * as tf from '@tensorflow/tfjs';

export const archNames = ['simple-cnn', 'resnet18', 'resnet34', 'densenet', 'mobilenetv2'] as const;
export type ArchName = (typeof archNames)[number];

/** fastai's three-way split: early body, late body, head (e.g. `slice(lr/100, lr)` spreads over them). */
export const layerGroupNames = ['early', 'late', 'head'] as const;
export type LayerGroupName = (typeof layerGroupNames)[number];

export interface LayerGroup {
  name: LayerGroupName;
  layers: tf.layers.Layer[];
}

/** What an optimizer needs to know about a parameter: BatchNorm and bias get no weight decay by default. */
export type ParamKind = 'weight' | 'bias' | 'batchnorm';

export interface ModelParam {
  /** The live variable; `tf.variableGrads(f, vars)` and `variable.assign(...)` act on the model directly. */
  variable: tf.Variable;
  /** Stable name in saved models, e.g. `stage1_0_conv1/kernel`. */
  name: string;
  kind: ParamKind;
}

export interface ParamGroup {
  name: LayerGroupName;
  params: ModelParam[];
}

/** Input statistics the data pipeline applies: ImageNet's for a pretrained body, the dataset's otherwise. */
export type Normalization = 'imagenet' | 'dataset';

/**
 * `fastai`: concat pool → BN → dropout → linear 512 → ReLU → BN → dropout → linear (create_head).
 * `simple`: for simple-cnn, a last stride-2 conv to the classes then a global mean (the course's
 * simple CNN); for other bodies, global mean → linear (torchvision's classifier).
 */
export type HeadKind = 'fastai' | 'simple';

export interface CreateModelOptions {
  /** Square input side in pixels (images are NHWC, 3 channels). */
  inputSize: number;
  nClasses: number;
  /** Use pretrained weights; only mobilenetv2 has them (offline, from nsfwjs). Default: true for mobilenetv2. */
  pretrained?: boolean;
  /** Seeds weight initialisation and dropout masks. Default 0. */
  seed?: number;
  /** Base channels: resnet 64, simple-cnn 8, densenet growth rate 12. Smaller values make fast tests. */
  width?: number;
  /** Default `simple` for simple-cnn, `fastai` for every other body. */
  head?: HeadKind;
  /** fastai's `ps`: the last dropout of the fastai head; the one before it gets half. Default 0.5. */
  dropout?: number;
}

export interface DeskfitModel {
  /**
   * NHWC float32 images (already normalised) in, logits out (no softmax: the loss applies it).
   * Train with `model.apply(x, { training: true })`: BatchNorm then uses batch statistics and
   * updates its moving ones (also while frozen, as fastai's train_bn), and dropout drops. Predict
   * with `model.predict(x)`. Snapshots for lr_find or checkpoints must take `model.getWeights()`
   * (moving statistics included) plus `getRandomState()`.
   */
  readonly model: tf.LayersModel;
  readonly arch: ArchName | 'custom';
  readonly inputSize: number;
  readonly nClasses: number;
  readonly normalization: Normalization;
  /** Every layer except the input, each in exactly one group, in early → late → head order. */
  readonly layerGroups: LayerGroup[];
  /** True after `freeze()` (pretrained models start frozen, as fastai's cnn_learner does). */
  readonly frozen: boolean;
  /** Train only the head and every BatchNorm layer (fastai's `freeze` with `train_bn=True`). */
  freeze(): void;
  unfreeze(): void;
  /**
   * The trainable parameters of each layer group, early → late → head (frozen ones left out).
   * A Learner passes `paramGroups().flatMap((g) => g.params.map((p) => p.variable))` to
   * `tf.variableGrads`, steps group i with its own learning rate, and reads `kind` to skip weight
   * decay on BatchNorm and bias. Call it again after freeze/unfreeze.
   */
  paramGroups(): ParamGroup[];
  /** `paramGroups()` as bare variables, one array per group. */
  groupVariables(): tf.Variable[][];
  /** Dropout mask generator state, for checkpoints; restoring it replays the same masks. */
  getRandomState(): number[];
  setRandomState(state: readonly number[]): void;
  dispose(): void;
}
