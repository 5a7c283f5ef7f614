// The open project (name, folder, counts, undo state), the recent list, and thumbnail progress. One
// project is open at a time for the whole service; every window follows `project:changed`.
import type { StateCreator } from 'zustand';
import type { ProjectChanged } from '../../../shared/contract';
import type { DatasetStats, EditResult, ProjectSummary, RecentProject } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';
import { emptyCache, filterKey } from './itemQuery';
import { initialLabel, type LabelState } from './labelSlice';
import type { DeskfitState } from './types';

export type ProjectBusy = 'loading' | 'create' | 'open' | 'rename' | 'close';

export interface ProjectState {
  current: ProjectSummary | null;
  /** True once `projects:current` has answered, so "no project open" is known rather than guessed. */
  loaded: boolean;
  recent: RecentProject[];
  busy: ProjectBusy | null;
  error: ErrorShape | null;
  /** Thumbnails made in the background so far, while some are still to make. */
  thumbnails: { done: number; total: number } | null;
  /** Files edited since import being read again before a job starts (done of total), while it lasts. */
  refreshing: { done: number; total: number } | null;
}

export interface ProjectSlice {
  project: ProjectState;
  projectBusy(busy: ProjectBusy): void;
  projectLoaded(summary: ProjectSummary | null): void;
  projectFailed(error: ErrorShape): void;
  projectErrorDismissed(): void;
  recentLoaded(recent: RecentProject[]): void;
  projectChanged(event: ProjectChanged): void;
  projectEdited(result: EditResult): void;
  thumbnailsProgressed(progress: { done: number; total: number }): void;
  filesRefreshProgressed(progress: { done: number; total: number }): void;
}

export const initialProject: ProjectState = {
  current: null,
  loaded: false,
  recent: [],
  busy: null,
  error: null,
  thumbnails: null,
  refreshing: null,
};

/** The Label page's state for a project that just became current (or none): nothing carried over. */
function labelFor(dir: string | null, previous: LabelState): LabelState {
  return {
    ...initialLabel,
    filter: previous.filter,
    advanceAfterLabel: previous.advanceAfterLabel,
    gridSize: previous.gridSize,
    cache: emptyCache(filterKey(dir, previous.filter), 0),
  };
}

function withStats(current: ProjectSummary, stats: DatasetStats): ProjectSummary {
  return { ...current, stats };
}

export const createProjectSlice: StateCreator<DeskfitState, [], [], ProjectSlice> = (set) => ({
  project: initialProject,
  projectBusy: (busy) => set((s) => ({ project: { ...s.project, busy, error: null } })),
  projectLoaded: (summary) =>
    set((s) => {
      const project = { ...s.project, current: summary, loaded: true, busy: null, error: null };
      const previousDir = s.project.current?.dir ?? null;
      const dir = summary?.dir ?? null;
      if (previousDir === dir) return { project };
      return { project: { ...project, thumbnails: null, refreshing: null }, label: labelFor(dir, s.label) };
    }),
  projectFailed: (error) => set((s) => ({ project: { ...s.project, busy: null, error } })),
  projectErrorDismissed: () => set((s) => ({ project: { ...s.project, error: null } })),
  recentLoaded: (recent) => set((s) => ({ project: { ...s.project, recent } })),
  projectChanged: (event) =>
    set((s) => {
      const current = s.project.current;
      if (current === null || current.dir !== event.dir) return {};
      if (event.reason === 'close' || event.stats === null) {
        return {
          project: { ...s.project, current: null, thumbnails: null, refreshing: null },
          label: labelFor(null, s.label),
        };
      }
      return { project: { ...s.project, current: withStats(current, event.stats) } };
    }),
  projectEdited: (result) =>
    set((s) => {
      const current = s.project.current;
      if (current === null) return {};
      const next = { ...withStats(current, result.stats), canUndo: result.canUndo, canRedo: result.canRedo };
      return { project: { ...s.project, current: next } };
    }),
  filesRefreshProgressed: ({ done, total }) =>
    set((s) => ({ project: { ...s.project, refreshing: done >= total ? null : { done, total } } })),
  thumbnailsProgressed: ({ done, total }) =>
    set((s) => {
      const finished = done >= total;
      const project = { ...s.project, thumbnails: finished ? null : { done, total } };
      // When a batch of thumbnails is finished, images that failed while it ran are worth another try.
      if (finished && s.project.thumbnails !== null) {
        return { project, label: { ...s.label, thumbEpoch: s.label.thumbEpoch + 1 } };
      }
      return { project };
    }),
});
