/**
 * What the Label page asks `items:query` for, and the page cache that answers the grid. Pure, so the
 * paging arithmetic and the cache patching are tested without a UI.
 */
import type { Item, ItemQuery, Split, itemSortKeys } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';

/** Items per `items:query` page: a few screens of thumbnails. */
export const PAGE_SIZE = 300;

export type ItemSortKey = (typeof itemSortKeys)[number];
export type LabelFilter = { kind: 'any' } | { kind: 'unlabeled' } | { kind: 'class'; name: string };
export type TriState = 'all' | 'hide' | 'only';

export interface ItemFilter {
  split: 'all' | Split;
  label: LabelFilter;
  problems: TriState;
  excluded: TriState;
  /** Substring of the file path, as typed (trimmed before it is sent). */
  search: string;
  sort: ItemSortKey;
  descending: boolean;
}

export const defaultItemFilter: ItemFilter = {
  split: 'all',
  label: { kind: 'any' },
  problems: 'all',
  excluded: 'all',
  search: '',
  sort: 'path',
  descending: false,
};

export type ItemFilterQuery = Omit<ItemQuery, 'offset' | 'limit'>;

function triState(value: TriState): boolean | undefined {
  return value === 'all' ? undefined : value === 'only';
}

/** The filter as `items:query`/`items:ids` input (without paging); absent keys mean "any". */
export function filterToQuery(filter: ItemFilter): ItemFilterQuery {
  const query: ItemFilterQuery = { sort: filter.sort, descending: filter.descending };
  if (filter.split !== 'all') query.split = filter.split;
  if (filter.label.kind === 'unlabeled') query.unlabeled = true;
  if (filter.label.kind === 'class') query.label = filter.label.name;
  const problem = triState(filter.problems);
  if (problem !== undefined) query.problem = problem;
  const excluded = triState(filter.excluded);
  if (excluded !== undefined) query.excluded = excluded;
  const search = filter.search.trim();
  if (search !== '') query.search = search;
  return query;
}

/** Identifies a filter's result list (and so its cache) within one project. */
export function filterKey(projectDir: string | null, filter: ItemFilter): string {
  return JSON.stringify([projectDir, filterToQuery(filter)]);
}

export function isDefaultFilter(filter: ItemFilter): boolean {
  return JSON.stringify(filterToQuery(filter)) === JSON.stringify(filterToQuery(defaultItemFilter));
}

export interface CachedPage {
  /** The cache generation it was fetched in; older pages are shown until a fresher copy arrives. */
  gen: number;
  items: readonly Item[];
}

export interface ItemsCache {
  key: string;
  /** Bumped when the data may have changed (an edit, an import): pages of older gens are stale. */
  gen: number;
  /** Items matching the filter, once the first page has answered. */
  total: number | null;
  totalGen: number;
  pages: Readonly<Record<number, CachedPage>>;
  /** Page → the gen being fetched for it. */
  loading: Readonly<Record<number, number>>;
  error: ErrorShape | null;
}

export function emptyCache(key: string, gen = 0): ItemsCache {
  return { key, gen, total: null, totalGen: -1, pages: {}, loading: {}, error: null };
}

export const pageOf = (index: number): number => Math.floor(index / PAGE_SIZE);

/** Page numbers covering item indexes `start..end` (inclusive), clamped to `total`. */
export function pagesForRange(start: number, end: number, total: number | null): number[] {
  const last = total === null ? end : Math.min(end, total - 1);
  if (last < start || last < 0) return total === null && start === 0 ? [0] : [];
  const pages: number[] = [];
  for (let page = pageOf(Math.max(0, start)); page <= pageOf(last); page++) pages.push(page);
  return pages;
}

export function itemAt(pages: ItemsCache['pages'], index: number): Item | undefined {
  return pages[pageOf(index)]?.items[index % PAGE_SIZE];
}

/** Items `start..end` (inclusive) if every one is cached, else null. */
export function cachedRange(cache: ItemsCache, start: number, end: number): Item[] | null {
  const out: Item[] = [];
  for (let i = start; i <= end; i++) {
    const item = itemAt(cache.pages, i);
    if (item === undefined) return null;
    out.push(item);
  }
  return out;
}

/** Applies `patch` to every cached item whose id is in `ids`; untouched pages keep their identity. */
export function patchCachedItems(
  pages: ItemsCache['pages'],
  ids: ReadonlySet<number>,
  patch: (item: Item) => Item,
): ItemsCache['pages'] {
  let changed = false;
  const next: Record<number, CachedPage> = {};
  for (const [key, page] of Object.entries(pages)) {
    let items: Item[] | null = null;
    for (let i = 0; i < page.items.length; i++) {
      const item = page.items[i];
      if (item === undefined || !ids.has(item.id)) continue;
      items ??= page.items.slice();
      items[i] = patch(item);
    }
    next[Number(key)] = items === null ? page : { gen: page.gen, items };
    if (items !== null) changed = true;
  }
  return changed ? next : pages;
}

/** Keeps only the cached pages `keep` says yes to (e.g. the visible ones). */
export function keepPages(pages: ItemsCache['pages'], keep: (page: number) => boolean): ItemsCache['pages'] {
  const next: Record<number, CachedPage> = {};
  for (const [key, page] of Object.entries(pages)) if (keep(Number(key))) next[Number(key)] = page;
  return next;
}
