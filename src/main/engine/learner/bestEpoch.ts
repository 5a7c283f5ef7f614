/**
 * fastai's SaveModelCallback: after every epoch, if the monitored figure improved, keep a copy of
 * the weights; at the end the model gets the best epoch's weights back. The monitor is the valid
 * `error_rate` (lower is better) when the task reports it, else the valid loss, else (no validation
 * set) the train loss. The copy lives in host memory, not as tensors.
 */
import type * as tf from '@tensorflow/tfjs';
import { assignWeights, readWeights } from '../checkpoint/modelWeights';
import type { EpochRecord } from '../recorder/recorder';
import type { Callback } from './types';

export interface MonitoredMetric {
  name: string;
  value: number;
}

export interface BestEpoch {
  epoch: number;
  metric: MonitoredMetric;
  /** The epoch's valid loss: breaks a tie on error rate (common on small validation sets). */
  validLoss?: number | null;
}

/** The figure an epoch is judged by, or undefined when it has none that is finite. */
export function monitoredMetric(row: EpochRecord): MonitoredMetric | undefined {
  const errorRate = row.metrics.error_rate;
  if (errorRate !== undefined && Number.isFinite(errorRate)) return { name: 'error_rate', value: errorRate };
  if (row.validLoss !== null && Number.isFinite(row.validLoss)) {
    return { name: 'valid_loss', value: row.validLoss };
  }
  if (Number.isFinite(row.trainLoss)) return { name: 'train_loss', value: row.trainLoss };
  return undefined;
}

export class BestEpochKeeper {
  best: BestEpoch | null = null;
  /** A copy of the best epoch's weights (in `variables` order), taken before the model moves on. */
  private weights: Float32Array[] | null = null;
  /** The last finished epoch: the model holds its weights until the next epoch trains. */
  private current: number | null = null;

  constructor(private readonly variables: () => readonly tf.Variable[]) {}

  /** Judges each epoch after the recorder (and before checkpoints are written). */
  readonly callback: Callback = {
    name: 'bestEpoch',
    order: 12,
    beforeEpoch: async (learn) => {
      if (!learn.finding) await this.keepBeforeTraining();
    },
    afterEpoch: (learn) => {
      if (learn.finding) return;
      const row = learn.recorder.epochs.at(-1);
      if (row && row.epoch === learn.globalEpoch) this.consider(row);
    },
  };

  /** Judges a finished epoch whose weights the model holds now; true when it is the new best. */
  consider(row: EpochRecord): boolean {
    const metric = monitoredMetric(row);
    const best = this.best;
    const tieBroken =
      best !== null &&
      metric !== undefined &&
      metric.name === 'error_rate' &&
      metric.value === best.metric.value &&
      row.validLoss !== null &&
      Number.isFinite(row.validLoss) &&
      best.validLoss !== undefined &&
      best.validLoss !== null &&
      row.validLoss < best.validLoss;
    const improved = metric !== undefined && (best === null || metric.value < best.metric.value || tieBroken);
    if (improved) {
      this.best = { epoch: row.epoch, metric, validLoss: row.validLoss };
      this.weights = null;
    }
    this.current = row.epoch;
    return improved;
  }

  /** Copies the weights when the model holds the best epoch's and is about to train further. */
  async keepBeforeTraining(): Promise<void> {
    if (this.best !== null && this.weights === null && this.current === this.best.epoch) {
      this.weights = await readWeights(this.variables());
    }
  }

  /** The best epoch's weights when they differ from the last epoch's (what a checkpoint saves). */
  get separateBestWeights(): Float32Array[] | null {
    return this.best !== null && this.best.epoch !== this.current ? this.weights : null;
  }

  /** Puts the best epoch's weights back into the model; false when no epoch was judged. */
  restoreBest(): boolean {
    if (this.best === null) return false;
    if (this.weights !== null) assignWeights(this.variables(), this.weights);
    return true;
  }

  /** What a checkpoint saved: the best epoch, and its weights when they are not the model's. */
  restore(best: BestEpoch | null, currentEpoch: number, weights: Float32Array[] | null): void {
    if (best !== null && best.epoch !== currentEpoch && weights === null) {
      throw new Error(`the checkpoint names epoch ${best.epoch} as best but holds no weights for it`);
    }
    this.best = best;
    this.current = currentEpoch;
    this.weights = best !== null && best.epoch !== currentEpoch ? weights : null;
  }
}
