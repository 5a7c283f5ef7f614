/**
 * Messages between the data-parallel runner (rank 0, on the trainer thread) and its worker threads.
 * Bulk data — gradients — goes through the shared GradientExchange, not through messages; weights and
 * optimizer state travel as messages only at the start of a fit.
 */
import type { AugParams } from '../augment/augParams';
import type { ResolvedHyper } from '../optim/optimizer';
import type { OptimizerState } from '../optim/optimizerState';
import type { ExchangeLayout } from './gradientExchange';
import type { ReplicaSpec } from './replicaSpec';

export interface WorkerInit {
  rank: number;
  spec: ReplicaSpec;
}

/** What a worker reports once its replica is built: enough to check it matches rank 0's. */
export interface ReplicaReport {
  /** Shapes of `groupVariables().flat()`, in order. */
  shapes: number[][];
  /** FNV-1a of every weight's bits in `modelVariables` order: equal seeds, equal weights. */
  checksum: string;
  backend: string;
}

export type ToWorker =
  | { type: 'exchange'; buffer: SharedArrayBuffer; layout: ExchangeLayout }
  | {
      /** Rank 0's whole state, at the start of a fit. */
      type: 'sync';
      weights: Float32Array[];
      trainable: boolean[];
      /** Optimizer state with variables named by their index in `modelVariables` order. */
      optimizer: OptimizerState<Float32Array>;
      hypers: ResolvedHyper[];
    }
  | {
      type: 'step';
      step: number;
      pixels: Uint8Array;
      labels: Int32Array;
      count: number;
      augParams: AugParams[] | undefined;
      hypers: ResolvedHyper[];
      /** Rank 0's dropout generators at an epoch's first batch (the worker derives its own). */
      randomState: number[] | undefined;
    }
  /** `weights`: every variable but BatchNorm's running statistics (those are per rank). */
  | { type: 'checksum'; scope: 'all' | 'weights' }
  | { type: 'memory' };

export type FromWorker =
  | { type: 'ready'; report: ReplicaReport }
  | { type: 'synced'; checksum: string }
  | { type: 'checksum'; checksum: string }
  | { type: 'memory'; numTensors: number }
  | { type: 'error'; message: string; stack?: string };
