/**
 * A model replica as plain data, so a worker thread can build the same model, task and augmentation
 * as the trainer thread (functions and tensors cannot cross a thread boundary). A replica is built
 * from the same seed, so its initial weights equal rank 0's (the runner checks), and then takes rank
 * 0's whole state at the start of every fit.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../../shared/contract';
import type { PaddingMode } from '../augment/augConfig';
import { augmentBatch } from '../augment/augmentBatch';
import type { ChannelStats } from '../data/normalize';
import { learnerModel } from '../jobs/learnerModel';
import type { LearnerModel } from '../learner/types';
import type { GradientSource } from '../learner/stepRunner';
import { createModel } from '../models/createModel';
import type { ArchName, CreateModelOptions } from '../models/types';
import { singleLabelTask } from '../tasks/singleLabel';
import type { OptimizerKind } from '../optim/optimizerState';

export type ReplicaModelSpec =
  /** One of deskfit's architectures, as `createModel` builds it. */
  | { kind: 'arch'; arch: ArchName; options: CreateModelOptions }
  /**
   * A module whose export `exportName(...args)` returns a LearnerModel with `dispose()` (tests' small
   * models). `url` is a file URL of an ES module the worker can import (plain JavaScript).
   */
  | { kind: 'module'; url: string; exportName: string; args: unknown[] };

export interface ReplicaSpec {
  model: ReplicaModelSpec;
  task: { kind: 'single-label'; labelSmoothing: number };
  size: number;
  stats: ChannelStats;
  /** Augmentation's padding mode; null when training without augmentation. */
  augment: { padding: PaddingMode } | null;
  optimizer: OptimizerKind;
  wd: number;
  /** The backend every worker brings up (each thread has its own tfjs). */
  backend: Extract<BackendName, 'wasm' | 'cpu'>;
}

export interface Replica extends GradientSource {
  readonly model: LearnerModel & { dispose(): void };
}

/** The engine model as the Learner sees it, dropout generators included (as the train job does). */
async function buildModel(spec: ReplicaModelSpec): Promise<LearnerModel & { dispose(): void }> {
  if (spec.kind === 'arch') {
    const model = await createModel(spec.arch, spec.options);
    return {
      ...learnerModel(model),
      getRandomState: () => model.getRandomState(),
      setRandomState: (state) => model.setRandomState(state),
      dispose: () => model.dispose(),
    };
  }
  const mod = (await import(/* @vite-ignore */ spec.url)) as Record<string, unknown>;
  const build = mod[spec.exportName];
  if (typeof build !== 'function') {
    throw new Error(`replica model: ${spec.url} exports no function ${spec.exportName}`);
  }
  return (await (build as (...args: unknown[]) => unknown)(...spec.args)) as LearnerModel & {
    dispose(): void;
  };
}

export async function buildReplica(spec: ReplicaSpec): Promise<Replica> {
  const model = await buildModel(spec.model);
  const padding = spec.augment?.padding;
  return {
    model,
    task: singleLabelTask({ labelSmoothing: spec.task.labelSmoothing }),
    data: {
      size: spec.size,
      stats: spec.stats,
      ...(padding !== undefined
        ? {
            augment: (x01: tf.Tensor4D, p: Parameters<typeof augmentBatch>[1]) =>
              augmentBatch(x01, p, { padding }),
          }
        : {}),
    },
  };
}
