// The Label page: the filter, the page cache behind the virtualized grid, the current item and the
// selection, and the state of edits (an edit shows as done only once its reply has arrived).
import type { StateCreator } from 'zustand';
import type { Item, ItemPage } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';
import { defaultUiPreferences, type GridSize, type UiPreferences } from '../../../shared/preferences';
import {
  defaultItemFilter,
  emptyCache,
  filterKey,
  keepPages,
  pageOf,
  patchCachedItems,
  type ItemFilter,
  type ItemsCache,
} from './itemQuery';
import type { DeskfitState } from './types';

/** Pages kept in memory at most; the ones farthest from the view are dropped first. */
export const MAX_CACHED_PAGES = 40;

export interface LabelState {
  filter: ItemFilter;
  cache: ItemsCache;
  /** Item indexes the grid renders (with overscan), so a refresh fetches what is on screen. */
  visible: { start: number; end: number };
  /** What the grid shows per row and per screen, for arrow keys and Page Up/Down. */
  layout: { columns: number; rowsPerView: number };
  /** Selected item ids (not indexes: they survive refreshes and re-sorting). */
  selection: ReadonlySet<number>;
  /** Index, in the filter's order, of the item with the focus ring. */
  current: number;
  /** Where a Shift-click range starts. */
  anchor: number | null;
  viewerOpen: boolean;
  pendingEdits: number;
  /** The last acknowledged edit, in words ("Labelled 3 items as cat"). */
  lastEdit: string | null;
  editError: ErrorShape | null;
  /** Bumped to retry thumbnails that failed to load (e.g. made after the grid asked). */
  thumbEpoch: number;
  /** In the large view, labelling an image moves on to the next one (a stored preference). */
  advanceAfterLabel: boolean;
  /** How big the grid's thumbnails are (a stored preference). */
  gridSize: GridSize;
}

export interface LabelSlice {
  label: LabelState;
  filterChanged(filter: ItemFilter): void;
  pageRequested(page: number, gen: number): void;
  pageLoaded(key: string, gen: number, page: number, result: ItemPage): void;
  pageFailed(key: string, gen: number, page: number, error: ErrorShape): void;
  cacheInvalidated(): void;
  visibleRangeChanged(start: number, end: number): void;
  gridLayoutChanged(columns: number, rowsPerView: number): void;
  currentChanged(index: number): void;
  selectionChanged(selection: ReadonlySet<number>, anchor?: number | null): void;
  viewerToggled(open: boolean): void;
  editStarted(): void;
  editAcknowledged(description: string): void;
  editFailed(error: ErrorShape): void;
  editErrorDismissed(): void;
  /** An error that is not an edit's (e.g. Select all failed), shown in the same place. */
  labelErrorShown(error: ErrorShape): void;
  /** A short word in the status line that is not an edit ("No class has the key 5."). */
  labelNoticeShown(text: string): void;
  itemsPatched(ids: ReadonlySet<number>, patch: (item: Item) => Item): void;
  /** Preferences read from (or just given to) the service. */
  preferencesChanged(preferences: Partial<UiPreferences>): void;
}

export const emptySelection: ReadonlySet<number> = new Set<number>();

export const initialLabel: LabelState = {
  filter: defaultItemFilter,
  cache: emptyCache(filterKey(null, defaultItemFilter)),
  visible: { start: 0, end: 0 },
  layout: { columns: 1, rowsPerView: 1 },
  selection: emptySelection,
  current: 0,
  anchor: null,
  viewerOpen: false,
  pendingEdits: 0,
  lastEdit: null,
  editError: null,
  thumbEpoch: 0,
  advanceAfterLabel: defaultUiPreferences.advanceAfterLabel,
  gridSize: defaultUiPreferences.gridSize,
};

function clampIndex(index: number, total: number | null): number {
  if (total === null) return Math.max(0, index);
  return Math.max(0, Math.min(index, total - 1));
}

function withoutKey(record: Readonly<Record<number, number>>, key: number): Record<number, number> {
  const next = { ...record };
  delete next[key];
  return next;
}

/** Drops the pages farthest from the visible range once there are too many. */
function evict(pages: ItemsCache['pages'], visible: LabelState['visible']): ItemsCache['pages'] {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_CACHED_PAGES) return pages;
  const first = pageOf(visible.start);
  const last = pageOf(visible.end);
  const distance = (p: number) => (p < first ? first - p : p > last ? p - last : 0);
  const keep = new Set(keys.sort((a, b) => distance(a) - distance(b)).slice(0, MAX_CACHED_PAGES));
  return keepPages(pages, (p) => keep.has(p));
}

type LabelSet = (fn: (label: LabelState) => Partial<LabelState>) => void;

export const createLabelSlice: StateCreator<DeskfitState, [], [], LabelSlice> = (set) => {
  const update: LabelSet = (fn) => set((s) => ({ label: { ...s.label, ...fn(s.label) } }));
  return {
    label: initialLabel,
    filterChanged: (filter) =>
      set((s) => ({
        label: {
          ...s.label,
          filter,
          cache: emptyCache(filterKey(s.project.current?.dir ?? null, filter), s.label.cache.gen + 1),
          visible: { start: 0, end: 0 },
          selection: emptySelection,
          current: 0,
          anchor: null,
          viewerOpen: false,
        },
      })),
    pageRequested: (page, gen) =>
      update((l) => ({ cache: { ...l.cache, loading: { ...l.cache.loading, [page]: gen } } })),
    pageLoaded: (key, gen, page, result) =>
      update((l) => {
        const cache = l.cache;
        if (cache.key !== key) return {};
        const loading = cache.loading[page] === gen ? withoutKey(cache.loading, page) : cache.loading;
        const existing = cache.pages[page];
        const fresher = existing === undefined || existing.gen <= gen;
        const pages = fresher
          ? evict({ ...cache.pages, [page]: { gen, items: result.items } }, l.visible)
          : cache.pages;
        const totalIsNewer = gen >= cache.totalGen;
        const total = totalIsNewer ? result.total : cache.total;
        return {
          cache: {
            ...cache,
            pages,
            loading,
            total,
            totalGen: totalIsNewer ? gen : cache.totalGen,
            error: null,
          },
          current: total === 0 ? 0 : clampIndex(l.current, total),
        };
      }),
    pageFailed: (key, gen, page, error) =>
      update((l) => {
        if (l.cache.key !== key) return {};
        const loading = l.cache.loading[page] === gen ? withoutKey(l.cache.loading, page) : l.cache.loading;
        return { cache: { ...l.cache, loading, error } };
      }),
    cacheInvalidated: () =>
      update((l) => {
        // Keep what is on screen (shown until the fresh copy arrives); forget the rest.
        const first = pageOf(l.visible.start);
        const last = pageOf(l.visible.end);
        const pages = keepPages(l.cache.pages, (p) => p >= first && p <= last);
        return { cache: { ...l.cache, gen: l.cache.gen + 1, pages } };
      }),
    visibleRangeChanged: (start, end) =>
      update((l) => (l.visible.start === start && l.visible.end === end ? {} : { visible: { start, end } })),
    gridLayoutChanged: (columns, rowsPerView) =>
      update((l) =>
        l.layout.columns === columns && l.layout.rowsPerView === rowsPerView
          ? {}
          : { layout: { columns, rowsPerView } },
      ),
    currentChanged: (index) => update((l) => ({ current: clampIndex(index, l.cache.total) })),
    selectionChanged: (selection, anchor) =>
      update((l) => ({ selection, anchor: anchor === undefined ? l.anchor : anchor })),
    viewerToggled: (open) => update(() => ({ viewerOpen: open })),
    preferencesChanged: (preferences) =>
      update((l) => ({
        advanceAfterLabel: preferences.advanceAfterLabel ?? l.advanceAfterLabel,
        gridSize: preferences.gridSize ?? l.gridSize,
      })),
    editStarted: () => update((l) => ({ pendingEdits: l.pendingEdits + 1, editError: null })),
    editAcknowledged: (description) =>
      update((l) => ({ pendingEdits: Math.max(0, l.pendingEdits - 1), lastEdit: description })),
    editFailed: (error) =>
      update((l) => ({ pendingEdits: Math.max(0, l.pendingEdits - 1), editError: error })),
    editErrorDismissed: () => update(() => ({ editError: null })),
    labelErrorShown: (error) => update(() => ({ editError: error })),
    labelNoticeShown: (text) => update(() => ({ lastEdit: text })),
    itemsPatched: (ids, patch) =>
      update((l) => {
        const pages = patchCachedItems(l.cache.pages, ids, patch);
        return pages === l.cache.pages ? {} : { cache: { ...l.cache, pages } };
      }),
  };
};
