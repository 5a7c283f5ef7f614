// The project's training runs (`runs:list`), the full records fetched for comparison (`runs:get`), and
// which two are overlaid.
import type { StateCreator } from 'zustand';
import type { ErrorShape } from '../../../shared/errors';
import type { RunRecord, RunSummary } from '../../../shared/training';
import type { DeskfitState } from './types';

export interface RunHistoryState {
  list: RunSummary[];
  loaded: boolean;
  loading: boolean;
  error: ErrorShape | null;
  /** Run ids chosen for the overlay, oldest choice first (two at most). */
  compare: string[];
  /** Full records fetched so far, by id. */
  records: Record<string, RunRecord>;
  recordErrors: Record<string, ErrorShape>;
}

export interface RunHistorySlice {
  runHistory: RunHistoryState;
  runHistoryLoading(): void;
  runHistoryLoaded(list: RunSummary[]): void;
  runHistoryFailed(error: ErrorShape): void;
  runHistoryCompareToggled(runId: string): void;
  runHistoryRecordLoaded(record: RunRecord): void;
  runHistoryRecordFailed(runId: string, error: ErrorShape): void;
  runHistoryProjectChanged(): void;
}

export const initialRunHistory: RunHistoryState = {
  list: [],
  loaded: false,
  loading: false,
  error: null,
  compare: [],
  records: {},
  recordErrors: {},
};

/** Adds a run to the comparison, dropping the earliest choice past two; a chosen run is removed. */
export function toggleCompare(compare: readonly string[], runId: string, max = 2): string[] {
  if (compare.includes(runId)) return compare.filter((id) => id !== runId);
  return [...compare, runId].slice(-max);
}

export const createRunHistorySlice: StateCreator<DeskfitState, [], [], RunHistorySlice> = (set) => {
  const update = (fn: (r: RunHistoryState) => Partial<RunHistoryState>) =>
    set((s) => ({ runHistory: { ...s.runHistory, ...fn(s.runHistory) } }));
  return {
    runHistory: initialRunHistory,
    runHistoryLoading: () => update(() => ({ loading: true, error: null })),
    runHistoryLoaded: (list) =>
      update((r) => {
        const ids = new Set(list.map((run) => run.id));
        // A record still running or just finished is fetched again when compared.
        const records = Object.fromEntries(
          Object.entries(r.records).filter(([id, rec]) => ids.has(id) && rec.status !== 'running'),
        );
        return {
          list,
          loaded: true,
          loading: false,
          error: null,
          compare: r.compare.filter((id) => ids.has(id)),
          records,
        };
      }),
    runHistoryFailed: (error) => update(() => ({ loading: false, error })),
    runHistoryCompareToggled: (runId) => update((r) => ({ compare: toggleCompare(r.compare, runId) })),
    runHistoryRecordLoaded: (record) =>
      update((r) => {
        const { [record.id]: _old, ...recordErrors } = r.recordErrors;
        return { records: { ...r.records, [record.id]: record }, recordErrors };
      }),
    runHistoryRecordFailed: (runId, error) =>
      update((r) => ({ recordErrors: { ...r.recordErrors, [runId]: error } })),
    runHistoryProjectChanged: () => update(() => initialRunHistory),
  };
};
