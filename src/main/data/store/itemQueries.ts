/**
 * The browse queries: one WHERE clause built from the filter, one ORDER BY and one index per sort key
 * (so a page at any offset stays fast at 100,000 items), and the dataset counts. A page is fetched in
 * two steps: its ids from the index alone, then those rows.
 */
import type { SQLInputValue } from 'node:sqlite';
import type { DatasetStats, Item, ItemQueryArgs, SplitCounts } from '../../../shared/dataset';
import { labelsFromKey } from './changeSet';
import { itemColumns, itemFromRow, num, str, strOrNull } from './itemRows';
import { foldForSearch } from './searchKey';
import type { Prepare } from './statementCache';

/** No problem, not excluded, not missing: what training may use. `alias` qualifies the columns. */
export function usableCondition(alias = ''): string {
  const c = alias === '' ? '' : `${alias}.`;
  return `${c}problem_kind IS NULL AND ${c}excluded = 0 AND ${c}missing = 0`;
}

export type Filter = Pick<ItemQueryArgs, 'split' | 'label' | 'unlabeled' | 'problem' | 'excluded' | 'search'>;

/** `%`, `_` and the escape character itself match literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function whereClause(filter: Filter): { sql: string; params: SQLInputValue[] } {
  const terms: string[] = [];
  const params: SQLInputValue[] = [];
  if (filter.split !== undefined) {
    terms.push('split = ?');
    params.push(filter.split);
  }
  if (filter.label !== undefined) {
    terms.push('id IN (SELECT item_id FROM item_labels WHERE label = ?)');
    params.push(filter.label);
  }
  if (filter.unlabeled !== undefined)
    terms.push(filter.unlabeled ? 'label_key IS NULL' : 'label_key IS NOT NULL');
  // true: something is wrong with the file (a problem, or gone); false: usable for training.
  if (filter.problem !== undefined)
    terms.push(filter.problem ? '(problem_kind IS NOT NULL OR missing = 1)' : `(${usableCondition()})`);
  // Literals, not parameters, so the planner can use the partial indexes.
  if (filter.excluded !== undefined) terms.push(filter.excluded ? 'excluded = 1' : 'excluded = 0');
  if (filter.search !== undefined && filter.search !== '') {
    // LIKE folds A–Z only; a path with anything else is matched through its folded search_key.
    terms.push("coalesce(search_key, path) LIKE ? ESCAPE '\\'");
    params.push(likePattern(foldForSearch(filter.search)));
  }
  return { sql: terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '', params };
}

const sortColumns: Record<ItemQueryArgs['sort'], string[]> = {
  path: ['path'],
  label: ['label_key', 'path'],
  size: ['size', 'path'],
  width: ['width', 'path'],
  // Ids only grow, so id order is the order items were added in.
  added: ['id'],
};

/**
 * The index each sort walks. Named, not left to the planner: given `split = 'train'` and a size sort,
 * SQLite prefers to fetch the 75,000 train rows and sort them (hundreds of ms) over walking the size
 * index and skipping rows from the index alone (a few ms).
 */
const sortIndex: Record<ItemQueryArgs['sort'], string> = {
  path: 'INDEXED BY items_by_path',
  label: 'INDEXED BY items_by_label',
  size: 'INDEXED BY items_by_size',
  width: 'INDEXED BY items_by_width',
  added: 'NOT INDEXED',
};

export function orderClause(sort: ItemQueryArgs['sort'], descending: boolean): string {
  const direction = descending ? 'DESC' : 'ASC';
  return `ORDER BY ${sortColumns[sort].map((c) => `${c} ${direction}`).join(', ')}`;
}

/** SQL for the ids matching the query, in its order; `paged` adds offset and limit. */
export function idsQuery(query: ItemQueryArgs, paged: boolean): { sql: string; params: SQLInputValue[] } {
  const where = whereClause(query);
  const sql = `SELECT id FROM items ${sortIndex[query.sort]} ${where.sql} ${orderClause(query.sort, query.descending)}`;
  return paged
    ? { sql: `${sql} LIMIT ? OFFSET ?`, params: [...where.params, query.limit, query.offset] }
    : { sql, params: where.params };
}

export function matchingIds(prepare: Prepare, query: ItemQueryArgs, paged: boolean): number[] {
  const { sql, params } = idsQuery(query, paged);
  return prepare(sql)
    .all(...params)
    .map((row) => num(row, 'id'));
}

export function countMatching(prepare: Prepare, filter: Filter): number {
  const where = whereClause(filter);
  const row = prepare(`SELECT count(*) AS n FROM items ${where.sql}`).get(...where.params);
  return row === undefined ? 0 : num(row, 'n');
}

/** The items with these ids, in the order given. */
export function itemsByIds(prepare: Prepare, ids: readonly number[]): Item[] {
  const rows = prepare(`SELECT ${itemColumns} FROM items WHERE id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  );
  const byId = new Map(rows.map((row) => [num(row, 'id'), row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [itemFromRow(row)];
  });
}

const emptySplits = (): SplitCounts => ({ train: 0, valid: 0, test: 0 });

function isSplit(value: string): value is keyof SplitCounts {
  return value === 'train' || value === 'valid' || value === 'test';
}

export const statsSql = `SELECT label_key, split, excluded, missing, problem_kind IS NOT NULL AS problem, count(*) AS n
  FROM items GROUP BY label_key, split, excluded, missing, problem_kind`;

/**
 * Counts for the whole dataset in one scan of the covering index `items_stats`, grouped by everything
 * the counts depend on (a few hundred groups at most), then summed here. `classNames` gives the order
 * (and includes classes with no items).
 */
export function datasetStats(prepare: Prepare, classNames: readonly string[]): DatasetStats {
  const groups = prepare(statsSql).all();
  const stats: DatasetStats = {
    total: 0,
    usable: 0,
    bySplit: emptySplits(),
    classes: classNames.map((name) => ({ name, counts: emptySplits(), total: 0 })),
    unlabeled: 0,
    problems: 0,
    excluded: 0,
    missing: 0,
  };
  const byName = new Map(stats.classes.map((entry) => [entry.name, entry]));
  for (const group of groups) {
    const n = num(group, 'n');
    const split = str(group, 'split');
    const problem = num(group, 'problem') === 1;
    const excluded = num(group, 'excluded') === 1;
    const missing = num(group, 'missing') === 1;
    stats.total += n;
    if (problem) stats.problems += n;
    if (excluded) stats.excluded += n;
    if (missing) stats.missing += n;
    if (problem || excluded || missing || !isSplit(split)) continue;
    stats.usable += n;
    stats.bySplit[split] += n;
    const labels = labelsFromKey(strOrNull(group, 'label_key'));
    if (labels.length === 0) stats.unlabeled += n;
    for (const label of labels) {
      const entry = byName.get(label);
      if (entry === undefined) continue;
      entry.counts[split] += n;
      entry.total += n;
    }
  }
  return stats;
}
