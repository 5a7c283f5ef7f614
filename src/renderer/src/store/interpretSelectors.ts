// Small selectors for the runs (Train, Interpret and Export pages) and the Interpret and Export pages.
// Each returns a stored reference or a primitive.
import type { RunSummary } from '../../../shared/training';
import type { ModelExportState, PredictionsState } from './exportSlice';
import type { InterpretState } from './interpretSlice';
import type { RunsState } from './runsSlice';
import type { DeskfitState } from './types';

export const selectRuns = (s: DeskfitState): RunsState => s.runs;
export const selectChosenRunId = (s: DeskfitState): string | null => s.runs.chosen;
export const selectChosenRun = (s: DeskfitState): RunSummary | null =>
  s.runs.list?.find((r) => r.id === s.runs.chosen) ?? null;
export const selectInterpret = (s: DeskfitState): InterpretState => s.interpret;
export const selectModelExport = (s: DeskfitState): ModelExportState => s.modelExport;
export const selectPredictions = (s: DeskfitState): PredictionsState => s.predictions;
