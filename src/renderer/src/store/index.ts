export { useDeskfitStore, resetDeskfitStore, type DeskfitStore } from './store';
export type { DeskfitState } from './types';
export * from './selectors';
export * from './actions';
export { bindStoreToApi, type BindOptions } from './bindStoreToApi';
export { downsample } from './series';
export {
  isSelftestActive,
  idleSelftest,
  type JobsState,
  type LossPoint,
  type SelftestPhase,
  type SelftestRun,
} from './jobsReducers';
export * from './datasetSelectors';
export * from './projectActions';
export * from './importActions';
export * from './labelActions';
export * from './preferenceActions';
export {
  PAGE_SIZE,
  defaultItemFilter,
  filterToQuery,
  isDefaultFilter,
  itemAt,
  type ItemFilter,
  type ItemSortKey,
  type LabelFilter,
  type TriState,
} from './itemQuery';
export { isImportActive, type ImportFlow, type ImportPhase } from './importReducers';
export * from './interpretActions';
export * from './exportActions';
export * from './interpretSelectors';
export { isFlowActive, flowFraction, type FlowPhase, type JobFlow } from './interpretJobFlow';
export { type ConfusionCell, type InterpretState, type ItemMark, type SavedState } from './interpretSlice';
export { defaultRunId, type RunsState } from './runsSlice';
export type {
  BatchSource,
  ModelExportState,
  PredictFlow,
  PredictTarget,
  PredictionsState,
  TryImage,
} from './exportSlice';
export * from './augmentActions';
export * from './trainActions';
export * from './runsActions';
export * from './trainSelectors';
export { bindTrainingEvents, type TrainingEventsOptions } from './trainingEvents';
export { isJobActive, type JobPhase, type LiveRun, type LrFinderRun } from './trainReducers';
