/**
 * What a Learner is built from: a model cut into layer groups, the data (train and valid batch
 * loaders with their image size and normalisation), a task kind, and callbacks.
 */
import type * as tf from '@tensorflow/tfjs';
import type { AugParams } from '../augment/augParams';
import type { BatchLoader } from '../data/batchLoader';
import type { ChannelStats } from '../data/normalize';
import type { Rng } from '../random';
import type { Learner } from './learner';
import type { LearnerEvent } from './events';

export interface LearnerModel {
  model: tf.LayersModel;
  /** Every optimisable variable, per layer group (early body, late body, head), earliest first. */
  groupVariables(): tf.Variable[][];
  /** Train only the head (and BatchNorm), as fastai's freeze. */
  freeze?(): void;
  unfreeze?(): void;
  /** Dropout generator states (one integer per dropout layer), saved and restored by checkpoints. */
  getRandomState?(): number[];
  setRandomState?(state: readonly number[]): void;
}

export interface LearnerData {
  train: BatchLoader;
  valid: BatchLoader;
  /** Side of the square training images. */
  size: number;
  stats: ChannelStats;
  /** Per-image augmentation parameters for a training batch; absent → no augmentation. */
  sampleAugmentation?: (rng: Rng, batchSize: number) => AugParams[];
  /** Applies sampled parameters to a 0..1 batch (before normalisation). */
  augment?: (x01: tf.Tensor4D, params: AugParams[]) => tf.Tensor4D;
}

/** A callback reacts to any of the Learner's events; `order` sorts callbacks (lower first). */
export type Callback = { readonly name: string; readonly order?: number } & Partial<
  Record<LearnerEvent, (learn: Learner) => void | Promise<void>>
>;

/** How a fit ended, for the UI, the CLI and the run record. */
export type FitOutcome =
  { status: 'completed' } | { status: 'cancelled'; reason: string } | { status: 'diverged'; reason: string };
