/**
 * The renderer's one zustand store, made of typed slices. Components read it through the small
 * selectors in `selectors.ts`; the Api feeds it from outside React (`bindStoreToApi`).
 */
import { create, type StoreApi } from 'zustand';
import { createAppSlice } from './appSlice';
import { createAugmentSlice } from './augmentSlice';
import { createConnectionSlice } from './connectionSlice';
import { createExportSlice } from './exportSlice';
import { createImportSlice } from './importSlice';
import { createInterpretSlice } from './interpretSlice';
import { createJobsSlice } from './jobsSlice';
import { createLabelSlice } from './labelSlice';
import { createNavigationSlice } from './navigationSlice';
import { createProjectSlice } from './projectSlice';
import { createRunsSlice } from './runsSlice';
import { createTrainSlice } from './trainSlice';
import type { DeskfitState } from './types';

export type DeskfitStore = StoreApi<DeskfitState>;

export const useDeskfitStore = create<DeskfitState>()((...args) => ({
  ...createNavigationSlice(...args),
  ...createConnectionSlice(...args),
  ...createAppSlice(...args),
  ...createJobsSlice(...args),
  ...createProjectSlice(...args),
  ...createImportSlice(...args),
  ...createLabelSlice(...args),
  ...createAugmentSlice(...args),
  ...createTrainSlice(...args),
  ...createRunsSlice(...args),
  ...createInterpretSlice(...args),
  ...createExportSlice(...args),
}));

const initialState = useDeskfitStore.getState();

/** Puts the store back as it was at start-up (between tests). */
export function resetDeskfitStore(): void {
  useDeskfitStore.setState(initialState, true);
}
