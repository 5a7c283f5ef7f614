/**
 * The Label page's conversations with the service: fetch pages of items as the grid shows them,
 * select (click, Shift-click, Ctrl+A through `items:ids`), and edit. An edit changes what the grid
 * shows only once its reply arrives; a failed edit leaves everything as it was and says why.
 */
import { maxItemIdsPerRequest, type Api } from '../../../shared/contract';
import type { EditResult, Item, Split } from '../../../shared/dataset';
import { toErrorShape, type ErrorShape } from '../../../shared/errors';
import {
  PAGE_SIZE,
  cachedRange,
  defaultItemFilter,
  filterToQuery,
  itemAt,
  pagesForRange,
  type ItemFilter,
  type LabelFilter,
} from './itemQuery';
import { emptySelection } from './labelSlice';
import { useDeskfitStore, type DeskfitStore } from './store';
import type { DeskfitState } from './types';

// ---- pages ------------------------------------------------------------------------------------

async function fetchPage(api: Api, store: DeskfitStore, page: number): Promise<void> {
  const { cache, filter } = store.getState().label;
  const { key, gen } = cache;
  store.getState().pageRequested(page, gen);
  try {
    const result = await api.invoke('items:query', {
      ...filterToQuery(filter),
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    store.getState().pageLoaded(key, gen, page, result);
  } catch (err) {
    store.getState().pageFailed(key, gen, page, toErrorShape(err));
  }
}

/** Fetches the pages holding items `start..end` that are missing or stale (and not on their way). */
export async function ensureItems(
  api: Api,
  start: number,
  end: number,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const { label, project } = store.getState();
  if (project.current === null) return;
  const { cache } = label;
  const wanted = pagesForRange(start, end, cache.total).filter(
    (page) => cache.pages[page]?.gen !== cache.gen && cache.loading[page] !== cache.gen,
  );
  await Promise.all(wanted.map((page) => fetchPage(api, store, page)));
}

/** The grid rendered items `start..end`: remember the range and fetch what it lacks. */
export function showItems(api: Api, start: number, end: number, store: DeskfitStore = useDeskfitStore): void {
  store.getState().visibleRangeChanged(start, end);
  void ensureItems(api, start, end, store);
}

/**
 * The data may have changed (an edit, undo, an import, another window): refetch what is on screen,
 * showing the old copy until the new one arrives, and forget the rest.
 */
export async function revalidateItems(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { cache, visible } = store.getState().label;
  if (cache.total === null && Object.keys(cache.pages).length === 0) return; // nothing shown yet
  store.getState().cacheInvalidated();
  await ensureItems(api, visible.start, visible.end, store);
}

/** Changes the filter: the view starts again at the top with nothing selected. */
export function setItemFilter(
  api: Api,
  change: Partial<ItemFilter>,
  store: DeskfitStore = useDeskfitStore,
): void {
  const filter = { ...store.getState().label.filter, ...change };
  store.getState().filterChanged(filter);
  void ensureItems(api, 0, 0, store);
}

export function resetItemFilter(api: Api, store: DeskfitStore = useDeskfitStore): void {
  store.getState().filterChanged(defaultItemFilter);
  void ensureItems(api, 0, 0, store);
}

// ---- current item and selection -----------------------------------------------------------------

export function currentItem(state: DeskfitState): Item | undefined {
  return itemAt(state.label.cache.pages, state.label.current);
}

/** Selects items `from..to` (either order): from the cache when it holds them all, else `items:ids`. */
export async function selectRange(
  api: Api,
  from: number,
  to: number,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const lo = Math.max(0, Math.min(from, to));
  const hi = Math.max(from, to);
  const { cache, filter } = store.getState().label;
  const cached = cachedRange(cache, lo, hi);
  if (cached !== null) {
    store.getState().selectionChanged(new Set(cached.map((item) => item.id)));
    return;
  }
  try {
    const { ids } = await api.invoke('items:ids', filterToQuery(filter));
    if (store.getState().label.cache.key !== cache.key) return; // the filter changed meanwhile
    store.getState().selectionChanged(new Set(ids.slice(lo, hi + 1)));
  } catch (err) {
    store.getState().labelErrorShown(withContext('Could not select those images', toErrorShape(err)));
  }
}

export interface ClickModifiers {
  /** Shift: select the range from the anchor. */
  range: boolean;
  /** Ctrl or Cmd: add or remove this one. */
  toggle: boolean;
}

export function clickItem(
  api: Api,
  index: number,
  modifiers: ClickModifiers,
  store: DeskfitStore = useDeskfitStore,
): void {
  const state = store.getState();
  const { anchor, current, selection, cache } = state.label;
  const item = itemAt(cache.pages, index);
  state.currentChanged(index);
  if (modifiers.range) {
    void selectRange(api, anchor ?? current, index, store);
    return;
  }
  if (modifiers.toggle) {
    const next = new Set(selection);
    if (item !== undefined) {
      if (next.has(item.id)) next.delete(item.id);
      else next.add(item.id);
    }
    state.selectionChanged(next, index);
    return;
  }
  state.selectionChanged(item === undefined ? emptySelection : new Set([item.id]), index);
}

export type MoveMode = 'select' | 'extend' | 'keep';

/**
 * Moves the focus ring to `index` (clamped). `select` makes it the only selected item (as a file
 * manager does, so number keys then label what the ring shows), `extend` selects from the anchor,
 * `keep` leaves the selection alone (Ctrl+arrow).
 */
export function moveCurrent(
  api: Api,
  index: number,
  mode: MoveMode,
  store: DeskfitStore = useDeskfitStore,
): void {
  const state = store.getState();
  const total = state.label.cache.total ?? 0;
  if (total === 0) return;
  const previous = state.label.current;
  const next = Math.max(0, Math.min(index, total - 1));
  state.currentChanged(next);
  if (mode === 'keep') return;
  if (mode === 'extend') {
    const anchor = state.label.anchor ?? previous;
    store.getState().selectionChanged(store.getState().label.selection, anchor);
    void selectRange(api, anchor, next, store);
    return;
  }
  const item = itemAt(state.label.cache.pages, next);
  store.getState().selectionChanged(item === undefined ? emptySelection : new Set([item.id]), next);
  if (item === undefined) void ensureItems(api, next, next, store);
}

export function toggleCurrentSelected(store: DeskfitStore = useDeskfitStore): void {
  const state = store.getState();
  const item = currentItem(state);
  if (item === undefined) return;
  const next = new Set(state.label.selection);
  if (next.has(item.id)) next.delete(item.id);
  else next.add(item.id);
  state.selectionChanged(next, state.label.current);
}

export async function selectAllInFilter(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { cache, filter } = store.getState().label;
  try {
    const { ids } = await api.invoke('items:ids', filterToQuery(filter));
    if (store.getState().label.cache.key !== cache.key) return;
    store.getState().selectionChanged(new Set(ids));
  } catch (err) {
    store.getState().labelErrorShown(withContext('Could not select all images', toErrorShape(err)));
  }
}

export function clearSelection(store: DeskfitStore = useDeskfitStore): void {
  store.getState().selectionChanged(emptySelection, null);
}

export function setViewerOpen(open: boolean, store: DeskfitStore = useDeskfitStore): void {
  if (open && currentItem(store.getState()) === undefined) return;
  store.getState().viewerToggled(open);
}

// ---- edits ------------------------------------------------------------------------------------

function withContext(context: string, error: ErrorShape): ErrorShape {
  return { ...error, message: `${context}: ${error.message}` };
}

/** What an edit applies to: the selection, or the current item when nothing is selected. */
export function editTargets(state: DeskfitState, currentOnly = false): number[] {
  if (!currentOnly && state.label.selection.size > 0) return [...state.label.selection];
  const item = currentItem(state);
  return item === undefined ? [] : [item.id];
}

/** A random id naming a selection sent in parts (works outside secure contexts too). */
function newSelectionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `sel-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Sends an edit of `itemIds`. A selection bigger than one request may carry (Select all over a large
 * filter) is staged in parts first and the edit names it, so the service applies it all in one
 * transaction: one acknowledgement, one undo step.
 */
async function sendEdit<T>(
  api: Api,
  itemIds: readonly number[],
  send: (target: { itemIds: number[]; selectionId?: string }) => Promise<T>,
): Promise<T> {
  if (itemIds.length <= maxItemIdsPerRequest) return send({ itemIds: [...itemIds] });
  const selectionId = newSelectionId();
  let start = 0;
  for (; itemIds.length - start > maxItemIdsPerRequest; start += maxItemIdsPerRequest) {
    const part = itemIds.slice(start, start + maxItemIdsPerRequest);
    await api.invoke('items:stageIds', { selectionId, itemIds: part });
  }
  return send({ itemIds: itemIds.slice(start), selectionId });
}

interface EditPatch {
  ids: ReadonlySet<number>;
  apply: (item: Item) => Item;
}

/**
 * Runs one edit. Nothing changes on screen until the reply: then the counts and undo state come from
 * its result, the cached items are patched (when we know how), and what is on screen is refetched
 * (items may now fall outside the filter).
 */
async function runEdit(
  api: Api,
  store: DeskfitStore,
  what: string,
  call: () => Promise<EditResult | null>,
  patch?: EditPatch,
): Promise<EditResult | null> {
  store.getState().editStarted();
  try {
    const result = await call();
    if (result === null) {
      store.getState().editAcknowledged(`Nothing to ${what}.`);
      return null;
    }
    store.getState().projectEdited(result);
    if (patch !== undefined) store.getState().itemsPatched(patch.ids, patch.apply);
    store.getState().editAcknowledged(result.description);
    void revalidateItems(api, store);
    return result;
  } catch (err) {
    store.getState().editFailed(withContext(`Could not ${what}`, toErrorShape(err)));
    return null;
  }
}

/** Labels the selection (or, with `currentOnly`, the current item); true once the edit is saved. */
export async function assignLabel(
  api: Api,
  label: string | null,
  options: { currentOnly?: boolean } = {},
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  const itemIds = editTargets(store.getState(), options.currentOnly);
  if (itemIds.length === 0) return false;
  const labels = label === null ? [] : [label];
  const result = await runEdit(
    api,
    store,
    label === null ? 'clear the label' : `label as ${label}`,
    () => sendEdit(api, itemIds, (target) => api.invoke('labels:assign', { ...target, label })),
    { ids: new Set(itemIds), apply: (item) => ({ ...item, labels }) },
  );
  return result !== null;
}

/** True when an item labelled `label` no longer matches the label filter (it leaves the list). */
function leavesLabelFilter(filter: LabelFilter, label: string): boolean {
  return filter.kind === 'unlabeled' || (filter.kind === 'class' && filter.name !== label);
}

/**
 * The large view's labelling: labels the image it shows and, when "next after labelling" is on and
 * the edit was saved, shows the next image. An image that leaves the filter (labelling in
 * "Unlabeled") makes room for the next one at the same place, so the view stays there.
 */
export async function labelCurrentImage(
  api: Api,
  label: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const before = store.getState().label;
  const index = before.current;
  const saved = await assignLabel(api, label, { currentOnly: true }, store);
  const after = store.getState().label;
  // Only when saved, still on, and the user has not moved on by hand meanwhile.
  if (!saved || !after.advanceAfterLabel || !after.viewerOpen || after.current !== index) return;
  moveCurrent(api, leavesLabelFilter(before.filter.label, label) ? index : index + 1, 'select', store);
}

export async function moveToSplit(
  api: Api,
  split: Split,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const itemIds = editTargets(store.getState());
  if (itemIds.length === 0) return;
  await runEdit(
    api,
    store,
    `move to ${split}`,
    () => sendEdit(api, itemIds, (target) => api.invoke('items:setSplit', { ...target, split })),
    { ids: new Set(itemIds), apply: (item) => ({ ...item, split }) },
  );
}

export async function setExcluded(
  api: Api,
  excluded: boolean,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const itemIds = editTargets(store.getState());
  if (itemIds.length === 0) return;
  await runEdit(
    api,
    store,
    excluded ? 'exclude' : 'include',
    () => sendEdit(api, itemIds, (target) => api.invoke('items:exclude', { ...target, excluded })),
    {
      ids: new Set(itemIds),
      apply: (item) => ({ ...item, excluded }),
    },
  );
}

export async function undoEdit(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  await runEdit(api, store, 'undo', () => api.invoke('edits:undo', {}));
}

export async function redoEdit(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  await runEdit(api, store, 'redo', () => api.invoke('edits:redo', {}));
}

/** After a class is renamed, merged or deleted, a filter on its old name follows it. */
function followClassFilter(api: Api, store: DeskfitStore, from: readonly string[], to: string | null): void {
  const { label } = store.getState().label.filter;
  if (label.kind !== 'class' || !from.includes(label.name)) return;
  setItemFilter(api, { label: to === null ? { kind: 'any' } : { kind: 'class', name: to } }, store);
}

export async function addClass(
  api: Api,
  name: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  return (
    (await runEdit(api, store, `add the class ${name}`, () => api.invoke('classes:add', { name }))) !== null
  );
}

export async function renameClass(
  api: Api,
  from: string,
  to: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  const result = await runEdit(api, store, `rename ${from}`, () =>
    api.invoke('classes:rename', { from, to }),
  );
  if (result !== null) followClassFilter(api, store, [from], to);
  return result !== null;
}

export async function mergeClasses(
  api: Api,
  from: readonly string[],
  into: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  const sources = from.filter((name) => name !== into);
  const result = await runEdit(api, store, `merge into ${into}`, () =>
    api.invoke('classes:merge', { from: sources, into }),
  );
  if (result !== null) followClassFilter(api, store, sources, into);
  return result !== null;
}

export async function deleteClass(
  api: Api,
  name: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  const result = await runEdit(api, store, `delete ${name}`, () => api.invoke('classes:delete', { name }));
  if (result !== null) followClassFilter(api, store, [name], null);
  return result !== null;
}

export type CsvOutcome<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };

export async function exportLabelsCsv(
  api: Api,
  file: string,
): Promise<CsvOutcome<{ file: string; rows: number }>> {
  try {
    return { ok: true, value: await api.invoke('labels:exportCsv', { file }) };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}

export async function importLabelsCsv(
  api: Api,
  file: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<CsvOutcome<{ description: string; changed: number; unmatched: string[] }>> {
  store.getState().editStarted();
  try {
    const { edit, unmatched } = await api.invoke('labels:importCsv', { file });
    store.getState().projectEdited(edit);
    store.getState().editAcknowledged(edit.description);
    void revalidateItems(api, store);
    return { ok: true, value: { description: edit.description, changed: edit.changed, unmatched } };
  } catch (err) {
    const error = toErrorShape(err);
    store.getState().editFailed(withContext('Could not import the labels CSV', error));
    return { ok: false, error };
  }
}
