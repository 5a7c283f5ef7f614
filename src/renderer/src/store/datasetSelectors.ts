// Small selectors for the project, import and label slices. Each returns a stored reference or a
// primitive, so a component re-renders only when its piece changes.
import type { DatasetStats, ProjectSummary, RecentProject } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';
import type { ImportFlow } from './importReducers';
import type { ItemFilter, ItemsCache } from './itemQuery';
import type { LabelState } from './labelSlice';
import type { DeskfitState } from './types';

export const selectProject = (s: DeskfitState): ProjectSummary | null => s.project.current;
export const selectProjectDir = (s: DeskfitState): string | null => s.project.current?.dir ?? null;
export const selectProjectName = (s: DeskfitState): string | null => s.project.current?.name ?? null;
export const selectProjectLoaded = (s: DeskfitState): boolean => s.project.loaded;
export const selectProjectBusy = (s: DeskfitState): DeskfitState['project']['busy'] => s.project.busy;
export const selectProjectError = (s: DeskfitState): ErrorShape | null => s.project.error;
export const selectRecentProjects = (s: DeskfitState): RecentProject[] => s.project.recent;
export const selectStats = (s: DeskfitState): DatasetStats | null => s.project.current?.stats ?? null;
export const selectCanUndo = (s: DeskfitState): boolean => s.project.current?.canUndo ?? false;
export const selectCanRedo = (s: DeskfitState): boolean => s.project.current?.canRedo ?? false;
export const selectThumbnails = (s: DeskfitState): DeskfitState['project']['thumbnails'] =>
  s.project.thumbnails;
export const selectFilesRefreshing = (s: DeskfitState): DeskfitState['project']['refreshing'] =>
  s.project.refreshing;

export const selectImportFlow = (s: DeskfitState): ImportFlow => s.importFlow;

export const selectItemFilter = (s: DeskfitState): ItemFilter => s.label.filter;
export const selectItemsCache = (s: DeskfitState): ItemsCache => s.label.cache;
export const selectItemPages = (s: DeskfitState): ItemsCache['pages'] => s.label.cache.pages;
export const selectItemTotal = (s: DeskfitState): number | null => s.label.cache.total;
export const selectCacheKey = (s: DeskfitState): string => s.label.cache.key;
export const selectItemsError = (s: DeskfitState): ErrorShape | null => s.label.cache.error;
export const selectSelection = (s: DeskfitState): ReadonlySet<number> => s.label.selection;
export const selectSelectionSize = (s: DeskfitState): number => s.label.selection.size;
export const selectCurrentIndex = (s: DeskfitState): number => s.label.current;
export const selectAdvanceAfterLabel = (s: DeskfitState): boolean => s.label.advanceAfterLabel;
export const selectGridSize = (s: DeskfitState): DeskfitState['label']['gridSize'] => s.label.gridSize;
export const selectViewerOpen = (s: DeskfitState): boolean => s.label.viewerOpen;
export const selectPendingEdits = (s: DeskfitState): number => s.label.pendingEdits;
export const selectLastEdit = (s: DeskfitState): string | null => s.label.lastEdit;
export const selectEditError = (s: DeskfitState): ErrorShape | null => s.label.editError;
export const selectThumbEpoch = (s: DeskfitState): number => s.label.thumbEpoch;
export const selectGridLayout = (s: DeskfitState): LabelState['layout'] => s.label.layout;

/** Class names in the order number keys use: key 1 is the first. */
export const selectClassNames = (s: DeskfitState): readonly string[] =>
  classNamesOf(s.project.current?.stats);

const noClasses: readonly string[] = [];
let lastClasses: DatasetStats['classes'] | null = null;
let lastNames: readonly string[] = noClasses;
function classNamesOf(stats: DatasetStats | undefined): readonly string[] {
  if (stats === undefined) return noClasses;
  // Same reference while the names are the same (counts change on every edit; names rarely do).
  if (stats.classes === lastClasses) return lastNames;
  lastClasses = stats.classes;
  const names = stats.classes.map((c) => c.name);
  const same = names.length === lastNames.length && names.every((n, i) => n === lastNames[i]);
  if (!same) lastNames = names;
  return lastNames;
}
