// The Augment page's state: the settings being tuned, the image they are tried on (and a few to choose
// from), the preview grid, and whether the settings were saved for training.
import type { StateCreator } from 'zustand';
import type { JobDone, JobFailed } from '../../../shared/contract';
import type { Item } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';
import { defaultAugSettings, type AugSettings } from '../../../shared/training';
import {
  idlePreview,
  previewJobDone,
  previewJobFailed,
  previewRequested,
  previewStartFailed,
  previewStarted,
  type PreviewState,
} from './augmentReducers';
import type { DeskfitState } from './types';

export interface AugmentCandidates {
  items: Item[];
  /** Usable items matching the class filter. */
  total: number | null;
  loading: boolean;
  error: ErrorShape | null;
}

export interface AugmentState {
  settings: AugSettings;
  /** True once the user changed a setting (saved settings then no longer overwrite it). */
  touched: boolean;
  /** The image the previews use. */
  item: { id: number; path: string } | null;
  /** Restrict the choice of image to one class (null: any). */
  classFilter: string | null;
  candidates: AugmentCandidates;
  /** Variants per preview, their size in pixels, and the seed of their random draws. */
  n: number;
  size: number;
  seed: number;
  preview: PreviewState;
  save: { phase: 'idle' | 'saving' | 'saved' | 'failed'; error: ErrorShape | null };
}

export interface AugmentSlice {
  augment: AugmentState;
  augmentSettingsChanged(settings: AugSettings): void;
  augmentSettingsLoaded(settings: AugSettings): void;
  augmentItemChosen(item: { id: number; path: string } | null): void;
  augmentClassFilterChanged(label: string | null): void;
  augmentCandidatesLoading(): void;
  augmentCandidatesLoaded(items: Item[], total: number): void;
  augmentCandidatesFailed(error: ErrorShape): void;
  augmentPreviewOptionsChanged(options: Partial<Pick<AugmentState, 'n' | 'size' | 'seed'>>): void;
  augmentPreviewRequested(seq: number): void;
  augmentPreviewStarted(seq: number, jobId: string): void;
  augmentPreviewStartFailed(seq: number, error: ErrorShape): void;
  augmentJobDone(done: JobDone): void;
  augmentJobFailed(failed: JobFailed): void;
  augmentSaving(): void;
  augmentSaved(): void;
  augmentSaveFailed(error: ErrorShape): void;
  /** Another project: nothing carries over. */
  augmentProjectChanged(): void;
}

export const initialAugment: AugmentState = {
  settings: defaultAugSettings,
  touched: false,
  item: null,
  classFilter: null,
  candidates: { items: [], total: null, loading: false, error: null },
  n: 8,
  size: 160,
  seed: 0,
  preview: idlePreview,
  save: { phase: 'idle', error: null },
};

export const createAugmentSlice: StateCreator<DeskfitState, [], [], AugmentSlice> = (set) => {
  const update = (fn: (a: AugmentState) => Partial<AugmentState>) =>
    set((s) => ({ augment: { ...s.augment, ...fn(s.augment) } }));
  return {
    augment: initialAugment,
    augmentSettingsChanged: (settings) =>
      update((a) => ({
        settings,
        touched: true,
        save: a.save.phase === 'saving' ? a.save : { phase: 'idle', error: null },
      })),
    augmentSettingsLoaded: (settings) => update((a) => (a.touched ? {} : { settings })),
    augmentItemChosen: (item) => update(() => ({ item })),
    augmentClassFilterChanged: (classFilter) => update(() => ({ classFilter })),
    augmentCandidatesLoading: () =>
      update((a) => ({ candidates: { ...a.candidates, loading: true, error: null } })),
    augmentCandidatesLoaded: (items, total) =>
      update(() => ({ candidates: { items, total, loading: false, error: null } })),
    augmentCandidatesFailed: (error) =>
      update((a) => ({ candidates: { ...a.candidates, loading: false, error } })),
    augmentPreviewOptionsChanged: (options) => update(() => options),
    augmentPreviewRequested: (seq) => update((a) => ({ preview: previewRequested(a.preview, seq) })),
    augmentPreviewStarted: (seq, jobId) =>
      update((a) => ({ preview: previewStarted(a.preview, seq, jobId) })),
    augmentPreviewStartFailed: (seq, error) =>
      update((a) => ({ preview: previewStartFailed(a.preview, seq, error) })),
    augmentJobDone: (done) => update((a) => ({ preview: previewJobDone(a.preview, done) })),
    augmentJobFailed: (failed) => update((a) => ({ preview: previewJobFailed(a.preview, failed) })),
    augmentSaving: () => update(() => ({ save: { phase: 'saving', error: null } })),
    augmentSaved: () => update(() => ({ save: { phase: 'saved', error: null } })),
    augmentSaveFailed: (error) => update(() => ({ save: { phase: 'failed', error } })),
    augmentProjectChanged: () =>
      update((a) => ({ ...initialAugment, preview: { ...idlePreview, seq: a.preview.seq } })),
  };
};
