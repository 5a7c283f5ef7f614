/**
 * The open project's training runs (`runs:list`), read by the Train page's run history and by the
 * Interpret and Export pages: one list per project, the run those two pages work on, and the full
 * records (`runs:get`) of the runs the history overlays.
 */
import type { StateCreator } from 'zustand';
import type { ErrorShape } from '../../../shared/errors';
import type { RunRecord, RunSummary } from '../../../shared/training';
import { interpretFor } from './interpretSlice';
import type { DeskfitState } from './types';

export interface RunsState {
  /** The open project's runs, newest first; null until listed. */
  list: RunSummary[] | null;
  /** The project the list belongs to. */
  projectDir: string | null;
  loading: boolean;
  error: ErrorShape | null;
  /** The run the Interpret and Export pages use. */
  chosen: string | null;
  /** Run ids chosen for the run history's overlay, oldest choice first (two at most). */
  compare: string[];
  /** Full records fetched so far, by id. */
  records: Record<string, RunRecord>;
  recordErrors: Record<string, ErrorShape>;
}

export interface RunsSlice {
  runs: RunsState;
  runsLoading(projectDir: string): void;
  runsLoaded(projectDir: string, list: RunSummary[]): void;
  runsFailed(projectDir: string, error: ErrorShape): void;
  runsReset(): void;
  runChosen(runId: string | null): void;
  runCompareToggled(runId: string): void;
  runRecordLoaded(record: RunRecord): void;
  runRecordFailed(runId: string, error: ErrorShape): void;
}

export const initialRuns: RunsState = {
  list: null,
  projectDir: null,
  loading: false,
  error: null,
  chosen: null,
  compare: [],
  records: {},
  recordErrors: {},
};

/** The run a page starts on: the newest with a saved model, else the newest. */
export function defaultRunId(list: readonly RunSummary[]): string | null {
  return (list.find((r) => r.modelDir !== null) ?? list[0])?.id ?? null;
}

/** Adds a run to the comparison, dropping the earliest choice past two; a chosen run is removed. */
export function toggleCompare(compare: readonly string[], runId: string, max = 2): string[] {
  if (compare.includes(runId)) return compare.filter((id) => id !== runId);
  return [...compare, runId].slice(-max);
}

export const createRunsSlice: StateCreator<DeskfitState, [], [], RunsSlice> = (set) => {
  const update = (fn: (r: RunsState) => Partial<RunsState>) =>
    set((s) => ({ runs: { ...s.runs, ...fn(s.runs) } }));
  return {
    runs: initialRuns,

    runsLoading: (projectDir) =>
      set((s) => ({
        runs:
          s.runs.projectDir === projectDir
            ? { ...s.runs, loading: true, error: null }
            : { ...initialRuns, projectDir, loading: true },
      })),
    runsLoaded: (projectDir, list) =>
      set((s) => {
        if (s.runs.projectDir !== projectDir) return {};
        const ids = new Set(list.map((run) => run.id));
        const keep = s.runs.chosen !== null && ids.has(s.runs.chosen);
        const chosen = keep ? s.runs.chosen : defaultRunId(list);
        // A record still running or just finished is fetched again when compared.
        const records = Object.fromEntries(
          Object.entries(s.runs.records).filter(([id, rec]) => ids.has(id) && rec.status !== 'running'),
        );
        return {
          runs: {
            ...s.runs,
            list,
            loading: false,
            error: null,
            chosen,
            compare: s.runs.compare.filter((id) => ids.has(id)),
            records,
          },
          interpret: interpretFor(chosen, s.interpret),
        };
      }),
    runsFailed: (projectDir, error) =>
      set((s) => (s.runs.projectDir === projectDir ? { runs: { ...s.runs, loading: false, error } } : {})),
    runsReset: () => set((s) => ({ runs: initialRuns, interpret: interpretFor(null, s.interpret) })),
    runChosen: (runId) =>
      set((s) => ({ runs: { ...s.runs, chosen: runId }, interpret: interpretFor(runId, s.interpret) })),

    runCompareToggled: (runId) => update((r) => ({ compare: toggleCompare(r.compare, runId) })),
    runRecordLoaded: (record) =>
      update((r) => {
        const { [record.id]: _old, ...recordErrors } = r.recordErrors;
        return { records: { ...r.records, [record.id]: record }, recordErrors };
      }),
    runRecordFailed: (runId, error) =>
      update((r) => ({ recordErrors: { ...r.recordErrors, [runId]: error } })),
  };
};
