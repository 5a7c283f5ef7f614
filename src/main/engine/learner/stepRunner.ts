/**
 * The seam between the Learner's loop and how one training step is computed. The Learner fires the
 * events and owns the schedule; a StepRunner does the forward pass, the backward pass and the
 * optimizer step. `localStepRunner` does all three on this thread; the data-parallel runner
 * (`../parallel/dataParallelRunner`) splits the batch over replicas in worker threads. A step is
 * two-phase so a callback can still cancel it after seeing the loss (the divergence guard does):
 * `apply()` steps every replica, `release()` frees the step and, when not applied, drops it.
 */
import * as tf from '@tensorflow/tfjs';
import type { AugParams } from '../augment/augParams';
import { batchTensors, normalizeBatch, type HostBatch } from '../data/batchLoader';
import type { Optimizer } from '../optim/optimizer';
import type { TaskKind } from '../tasks/taskKind';
import type { LearnerData, LearnerModel } from './types';

/** What computing a gradient needs: a Learner has all of it, and so does a replica in a worker. */
export interface GradientSource {
  readonly model: LearnerModel;
  readonly task: TaskKind;
  readonly data: Pick<LearnerData, 'size' | 'stats' | 'augment'>;
}

/** What a runner sees of the Learner (its optimizer, hyper-parameters and loop position). */
export interface StepHost extends GradientSource {
  readonly opt: Optimizer;
  /** Batch index within the epoch (0 = the epoch's first batch). */
  readonly iter: number;
}

export interface BatchStep {
  /** Mean loss over the whole batch (every replica's items). */
  readonly loss: number;
  /** Applies the optimizer step with the batch's gradients (on every replica). */
  apply(): Promise<void>;
  /** Frees the step's tensors; a step not applied is dropped everywhere. Safe to call twice. */
  release(): void;
}

export interface StepRunner {
  /** How steps are computed, for reports: `local` or `data-parallel ×2`. */
  readonly description: string;
  /** Called at the start of every fit, after `beforeFit`: replicas take rank 0's whole state. */
  beforeFit?(host: StepHost): Promise<void>;
  step(host: StepHost, batch: HostBatch, augParams: AugParams[] | undefined): Promise<BatchStep>;
  dispose?(): Promise<void>;
}

/** The trainable variables in `groupVariables()` order (the order gradients are exchanged in). */
export function trainableVariables(model: LearnerModel): tf.Variable[] {
  return model
    .groupVariables()
    .flat()
    .filter((v) => v.trainable);
}

/** Forward and backward on one batch: the mean loss and a gradient per trainable variable. */
export function batchGradients(
  source: GradientSource,
  batch: HostBatch,
  augParams: AugParams[] | undefined,
): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const { size, stats, augment } = source.data;
  const variables = trainableVariables(source.model);
  return tf.tidy(() => {
    const { x01, y } = batchTensors(batch, size);
    const augmented = augParams && augment ? augment(x01, augParams) : x01;
    const x = normalizeBatch(augmented, stats);
    return tf.variableGrads(
      () => source.task.loss(source.model.model.apply(x, { training: true }) as tf.Tensor, y),
      variables,
    );
  });
}

/** Every step on this thread, with the live backend: the Learner's default. */
export const localStepRunner: StepRunner = {
  description: 'local',
  async step(host, batch, augParams) {
    const { value, grads } = batchGradients(host, batch, augParams);
    let released = false;
    try {
      const loss = (await value.data())[0] ?? Number.NaN;
      return {
        loss,
        apply: async () => host.opt.step(grads),
        release: () => {
          if (released) return;
          released = true;
          tf.dispose([value, ...Object.values(grads)]);
        },
      };
    } catch (err) {
      tf.dispose([value, ...Object.values(grads)]);
      throw err;
    }
  },
};
