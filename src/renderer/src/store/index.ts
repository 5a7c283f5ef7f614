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
