// Small selectors for the Augment and Train slices: each returns a stored reference or a
// primitive, so a component re-renders only when its piece changes.
import { isJobActive } from './trainReducers';
import type { DeskfitState } from './types';

export const selectAugment = (s: DeskfitState): DeskfitState['augment'] => s.augment;
export const selectAugSettings = (s: DeskfitState): DeskfitState['augment']['settings'] => s.augment.settings;
export const selectAugmentPreview = (s: DeskfitState): DeskfitState['augment']['preview'] =>
  s.augment.preview;
export const selectAugmentItem = (s: DeskfitState): DeskfitState['augment']['item'] => s.augment.item;
export const selectAugmentCandidates = (s: DeskfitState): DeskfitState['augment']['candidates'] =>
  s.augment.candidates;
export const selectAugmentSave = (s: DeskfitState): DeskfitState['augment']['save'] => s.augment.save;

export const selectTrainForm = (s: DeskfitState): DeskfitState['train']['form'] => s.train.form;
export const selectSweep = (s: DeskfitState): DeskfitState['train']['sweep'] => s.train.sweep;
export const selectLrFinder = (s: DeskfitState): DeskfitState['train']['lrFinder'] => s.train.lrFinder;
export const selectLiveRun = (s: DeskfitState): DeskfitState['train']['run'] => s.train.run;
export const selectSavedTraining = (s: DeskfitState): DeskfitState['train']['saved'] => s.train.saved;

/** True while the LR finder or training runs (settings are locked, the other job waits). */
export const selectTrainingBusy = (s: DeskfitState): boolean =>
  isJobActive(s.train.run.phase) || isJobActive(s.train.lrFinder.phase);
