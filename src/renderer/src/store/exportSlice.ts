/**
 * The Export page: exporting the chosen run's model folder, predicting a batch (the test split or a
 * folder) into a grid and a CSV, and the "Try it" drop zone's own small `predict` jobs. Both kinds
 * of prediction are `predict` jobs; each flow recognises its own by job id.
 */
import type { StateCreator } from 'zustand';
import type { JobDone, JobFailed, JobProgress } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import { PredictResultSchema, type PredictResult } from '../../../shared/training';
import {
  badResult,
  endsFlow,
  flowCancelFailed,
  flowCancelling,
  flowDone,
  flowFailed,
  flowProgressed,
  flowStartFailed,
  flowStarted,
  flowStarting,
  idleFlow,
  isFlowActive,
  rememberEarly,
  takeEarly,
  type EarlyEnd,
  type JobFlow,
} from './interpretJobFlow';
import type { DeskfitState } from './types';

export interface ModelExportState {
  busy: boolean;
  result: { dir: string; files: string[] } | null;
  error: ErrorShape | null;
}

export type BatchSource = { kind: 'test' } | { kind: 'folder'; path: string };

/** An image dropped on "Try it": its name and a URL the page can show it from. */
export interface TryImage {
  name: string;
  preview: string;
}

export interface PredictFlow {
  flow: JobFlow;
  result: PredictResult | null;
}

export interface PredictionsState {
  batch: PredictFlow & { source: BatchSource | null; csv: string | null };
  tryIt: PredictFlow & { images: TryImage[] };
  early: EarlyEnd[];
}

export type PredictTarget = 'batch' | 'tryIt';

export interface ExportSlice {
  modelExport: ModelExportState;
  predictions: PredictionsState;
  modelExportStarted(): void;
  modelExportDone(result: { dir: string; files: string[] }): void;
  modelExportFailed(error: ErrorShape): void;
  batchPredictStarting(source: BatchSource, csv: string | null): void;
  tryPredictStarting(images: TryImage[]): void;
  predictStarted(target: PredictTarget, jobId: string): void;
  predictStartFailed(target: PredictTarget, error: ErrorShape): void;
  predictCancelling(target: PredictTarget): void;
  predictCancelFailed(target: PredictTarget, error: ErrorShape): void;
  predictProgressed(progress: JobProgress): void;
  predictJobDone(done: JobDone): void;
  predictJobFailed(failed: JobFailed): void;
  exportReset(): void;
}

const emptyFlow: PredictFlow = { flow: idleFlow, result: null };

export const initialModelExport: ModelExportState = { busy: false, result: null, error: null };
export const initialPredictions: PredictionsState = {
  batch: { ...emptyFlow, source: null, csv: null },
  tryIt: { ...emptyFlow, images: [] },
  early: [],
};

function withResult<T extends PredictFlow>(target: T, result: unknown): T {
  const parsed = PredictResultSchema.safeParse(result);
  if (!parsed.success)
    return { ...target, flow: flowFailed(target.flow, badResult('prediction', parsed.error.issues)) };
  return { ...target, flow: flowDone(target.flow), result: parsed.data };
}

function ended<T extends PredictFlow>(target: T, end: EarlyEnd): T {
  if ('error' in end) return { ...target, flow: flowFailed(target.flow, end.error) };
  return withResult(target, end.result);
}

function update(
  state: PredictionsState,
  target: PredictTarget,
  change: (flow: PredictFlow) => PredictFlow,
): PredictionsState {
  return target === 'batch'
    ? { ...state, batch: { ...state.batch, ...change(state.batch) } }
    : { ...state, tryIt: { ...state.tryIt, ...change(state.tryIt) } };
}

/** Which flow a terminal event ends, if any. */
function targetOf(state: PredictionsState, jobId: string): PredictTarget | null {
  if (endsFlow(state.batch.flow, jobId)) return 'batch';
  if (endsFlow(state.tryIt.flow, jobId)) return 'tryIt';
  return null;
}

function awaitingStart(state: PredictionsState): boolean {
  return state.batch.flow.phase === 'starting' || state.tryIt.flow.phase === 'starting';
}

export const createExportSlice: StateCreator<DeskfitState, [], [], ExportSlice> = (set) => ({
  modelExport: initialModelExport,
  predictions: initialPredictions,

  modelExportStarted: () => set({ modelExport: { busy: true, result: null, error: null } }),
  modelExportDone: (result) => set({ modelExport: { busy: false, result, error: null } }),
  modelExportFailed: (error) => set({ modelExport: { busy: false, result: null, error } }),

  batchPredictStarting: (source, csv) =>
    set((s) => ({
      predictions: { ...s.predictions, batch: { flow: flowStarting(), result: null, source, csv } },
    })),
  tryPredictStarting: (images) =>
    set((s) => ({
      predictions: { ...s.predictions, tryIt: { flow: flowStarting(), result: null, images } },
    })),
  predictStarted: (target, jobId) =>
    set((s) => {
      let state = update(s.predictions, target, (f) => ({ ...f, flow: flowStarted(f.flow, jobId) }));
      const { end, rest } = takeEarly(state.early, jobId);
      if (end !== undefined) state = { ...update(state, target, (f) => ended(f, end)), early: rest };
      return { predictions: state };
    }),
  predictStartFailed: (target, error) =>
    set((s) => ({
      predictions: update(s.predictions, target, (f) => ({ ...f, flow: flowStartFailed(f.flow, error) })),
    })),
  predictCancelling: (target) =>
    set((s) => ({
      predictions: update(s.predictions, target, (f) => ({ ...f, flow: flowCancelling(f.flow) })),
    })),
  predictCancelFailed: (target, error) =>
    set((s) => ({
      predictions: update(s.predictions, target, (f) => ({ ...f, flow: flowCancelFailed(f.flow, error) })),
    })),
  predictProgressed: (progress) =>
    set((s) => {
      if (progress.kind !== 'predict') return {};
      const { batch, tryIt } = s.predictions;
      if (batch.flow.jobId === progress.jobId && isFlowActive(batch.flow.phase)) {
        return {
          predictions: update(s.predictions, 'batch', (f) => ({
            ...f,
            flow: flowProgressed(f.flow, progress),
          })),
        };
      }
      if (tryIt.flow.jobId === progress.jobId && isFlowActive(tryIt.flow.phase)) {
        return {
          predictions: update(s.predictions, 'tryIt', (f) => ({
            ...f,
            flow: flowProgressed(f.flow, progress),
          })),
        };
      }
      return {};
    }),
  predictJobDone: (done) =>
    set((s) => {
      if (done.kind !== 'predict') return {};
      const target = targetOf(s.predictions, done.jobId);
      if (target !== null)
        return { predictions: update(s.predictions, target, (f) => withResult(f, done.result)) };
      if (!awaitingStart(s.predictions)) return {};
      const early = rememberEarly(s.predictions.early, { jobId: done.jobId, result: done.result });
      return { predictions: { ...s.predictions, early } };
    }),
  predictJobFailed: (failed) =>
    set((s) => {
      if (failed.kind !== 'predict') return {};
      const target = targetOf(s.predictions, failed.jobId);
      if (target !== null) {
        return {
          predictions: update(s.predictions, target, (f) => ({
            ...f,
            flow: flowFailed(f.flow, failed.error),
          })),
        };
      }
      if (!awaitingStart(s.predictions)) return {};
      const early = rememberEarly(s.predictions.early, { jobId: failed.jobId, error: failed.error });
      return { predictions: { ...s.predictions, early } };
    }),
  exportReset: () => set({ modelExport: initialModelExport, predictions: initialPredictions }),
});
