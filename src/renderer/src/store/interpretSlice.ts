/**
 * The Interpret page: the interpretation shown (of the run chosen in the runs slice), the `interpret`
 * job, the chosen confusion cell, and the relabel/exclude edits made from the page (marked on its images until another run is chosen).
 */
import type { StateCreator } from 'zustand';
import type { JobDone, JobFailed, JobProgress } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import { InterpretResultSchema, type InterpretResult } from '../../../shared/training';
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
  rememberEarly,
  takeEarly,
  type EarlyEnd,
  type JobFlow,
} from './interpretJobFlow';
import type { DeskfitState } from './types';

/** What an edit from the Interpret page changed on one item. */
export interface ItemMark {
  /** The label given (null: cleared); absent when only the exclusion changed. */
  label?: string | null;
  excluded?: boolean;
}

export type SavedState = 'unknown' | 'loading' | 'loaded' | 'none' | 'error';

export interface ConfusionCell {
  actual: number;
  predicted: number;
}

export interface InterpretState {
  /** The run whose interpretation `result` is. */
  runId: string | null;
  result: InterpretResult | null;
  /** Where the saved interpretation of `runId` stands (`none`: there is none yet). */
  saved: SavedState;
  loadError: ErrorShape | null;
  tta: boolean;
  job: JobFlow;
  early: EarlyEnd[];
  cell: ConfusionCell | null;
  marks: Readonly<Record<number, ItemMark>>;
  /** Items with an edit on its way. */
  pending: Readonly<Record<number, true>>;
  /** The last edit, in words. */
  notice: string | null;
  editError: ErrorShape | null;
}

export interface InterpretSlice {
  interpret: InterpretState;
  interpretationLoading(runId: string): void;
  interpretationLoaded(runId: string, result: InterpretResult | null): void;
  interpretationFailed(runId: string, error: ErrorShape): void;
  ttaChanged(tta: boolean): void;
  interpretStarting(): void;
  interpretStarted(jobId: string): void;
  interpretStartFailed(error: ErrorShape): void;
  interpretCancelling(): void;
  interpretCancelFailed(error: ErrorShape): void;
  interpretProgressed(progress: JobProgress): void;
  interpretJobDone(done: JobDone): void;
  interpretJobFailed(failed: JobFailed): void;
  /** The job finished while the connection was down: its result is read back from the saved file. */
  interpretEndedUnseen(jobId: string): void;
  confusionCellChosen(cell: ConfusionCell | null): void;
  reviewEditStarted(itemId: number): void;
  reviewEdited(itemId: number, mark: ItemMark, description: string): void;
  reviewEditFailed(itemId: number, error: ErrorShape): void;
  reviewErrorDismissed(): void;
}

export const initialInterpret: InterpretState = {
  runId: null,
  result: null,
  saved: 'unknown',
  loadError: null,
  tta: false,
  job: idleFlow,
  early: [],
  cell: null,
  marks: {},
  pending: {},
  notice: null,
  editError: null,
};

/** The interpretation for another run: nothing of the previous one carries over but the TTA choice. */
export function interpretFor(runId: string | null, previous: InterpretState): InterpretState {
  if (runId === previous.runId) return previous;
  return { ...initialInterpret, runId, tta: previous.tta, job: previous.job, early: previous.early };
}

function applyResult(state: InterpretState, done: JobDone): InterpretState {
  const parsed = InterpretResultSchema.safeParse(done.result);
  if (!parsed.success)
    return { ...state, job: flowFailed(state.job, badResult('interpretation', parsed.error.issues)) };
  const job = flowDone(state.job);
  const result = parsed.data;
  // The run picker is locked while the job runs, so this is the shown run's; guard anyway.
  if (state.runId !== null && result.runId !== state.runId) return { ...state, job };
  return { ...state, job, result, runId: result.runId, saved: 'loaded', loadError: null, cell: null };
}

function withoutKey<T>(record: Readonly<Record<number, T>>, key: number): Record<number, T> {
  const next = { ...record };
  delete next[key];
  return next;
}

export const createInterpretSlice: StateCreator<DeskfitState, [], [], InterpretSlice> = (set) => ({
  interpret: initialInterpret,

  interpretationLoading: (runId) =>
    set((s) =>
      s.interpret.runId === runId ? { interpret: { ...s.interpret, saved: 'loading', loadError: null } } : {},
    ),
  interpretationLoaded: (runId, result) =>
    set((s) => {
      if (s.interpret.runId !== runId) return {};
      // A fresh result from a job that finished meanwhile wins over the saved one.
      if (result === null && s.interpret.result !== null)
        return { interpret: { ...s.interpret, saved: 'loaded' } };
      return {
        interpret: {
          ...s.interpret,
          result: result ?? s.interpret.result,
          saved: result === null ? 'none' : 'loaded',
          loadError: null,
        },
      };
    }),
  interpretationFailed: (runId, error) =>
    set((s) =>
      s.interpret.runId === runId ? { interpret: { ...s.interpret, saved: 'error', loadError: error } } : {},
    ),
  ttaChanged: (tta) => set((s) => ({ interpret: { ...s.interpret, tta } })),

  interpretStarting: () => set((s) => ({ interpret: { ...s.interpret, job: flowStarting() } })),
  interpretStarted: (jobId) =>
    set((s) => {
      const started = { ...s.interpret, job: flowStarted(s.interpret.job, jobId) };
      const { end, rest } = takeEarly(s.interpret.early, jobId);
      if (end === undefined) return { interpret: started };
      const state = { ...started, early: rest };
      if ('error' in end) return { interpret: { ...state, job: flowFailed(state.job, end.error) } };
      return { interpret: applyResult(state, { jobId, kind: 'interpret', result: end.result }) };
    }),
  interpretStartFailed: (error) =>
    set((s) => ({ interpret: { ...s.interpret, job: flowStartFailed(s.interpret.job, error) } })),
  interpretCancelling: () =>
    set((s) => ({ interpret: { ...s.interpret, job: flowCancelling(s.interpret.job) } })),
  interpretCancelFailed: (error) =>
    set((s) => ({ interpret: { ...s.interpret, job: flowCancelFailed(s.interpret.job, error) } })),
  interpretProgressed: (progress) =>
    set((s) => {
      const job = flowProgressed(s.interpret.job, progress);
      return job === s.interpret.job ? {} : { interpret: { ...s.interpret, job } };
    }),
  interpretJobDone: (done) =>
    set((s) => {
      if (done.kind !== 'interpret') return {};
      const state = s.interpret;
      if (endsFlow(state.job, done.jobId)) return { interpret: applyResult(state, done) };
      if (state.job.phase === 'starting') {
        return {
          interpret: {
            ...state,
            early: rememberEarly(state.early, { jobId: done.jobId, result: done.result }),
          },
        };
      }
      return {};
    }),
  interpretJobFailed: (failed) =>
    set((s) => {
      if (failed.kind !== 'interpret') return {};
      const state = s.interpret;
      if (endsFlow(state.job, failed.jobId))
        return { interpret: { ...state, job: flowFailed(state.job, failed.error) } };
      if (state.job.phase === 'starting') {
        return {
          interpret: {
            ...state,
            early: rememberEarly(state.early, { jobId: failed.jobId, error: failed.error }),
          },
        };
      }
      return {};
    }),

  interpretEndedUnseen: (jobId) =>
    set((s) =>
      endsFlow(s.interpret.job, jobId)
        ? { interpret: { ...s.interpret, job: flowDone(s.interpret.job) } }
        : {},
    ),

  confusionCellChosen: (cell) => set((s) => ({ interpret: { ...s.interpret, cell } })),
  reviewEditStarted: (itemId) =>
    set((s) => ({
      interpret: { ...s.interpret, pending: { ...s.interpret.pending, [itemId]: true }, editError: null },
    })),
  reviewEdited: (itemId, mark, description) =>
    set((s) => ({
      interpret: {
        ...s.interpret,
        pending: withoutKey(s.interpret.pending, itemId),
        marks: { ...s.interpret.marks, [itemId]: { ...s.interpret.marks[itemId], ...mark } },
        notice: description,
      },
    })),
  reviewEditFailed: (itemId, error) =>
    set((s) => ({
      interpret: { ...s.interpret, pending: withoutKey(s.interpret.pending, itemId), editError: error },
    })),
  reviewErrorDismissed: () => set((s) => ({ interpret: { ...s.interpret, editError: null } })),
});
