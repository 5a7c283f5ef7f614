// The browse queries must stay index walks at any size: each page reads one covering index in sort
// order (no table lookups, no sort), and the counts read one covering index. Checked on the query
// plans, which do not depend on the machine's speed (scale.test.ts measures the times).
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsQuery, statsSql } from '../../../../../src/main/data/store/itemQueries';
import { createProject } from '../../../../../src/main/data/store/projectStore';
import { itemSortKeys, type ItemQueryArgs } from '../../../../../src/shared/dataset';
import { petsPlan, queryArgs, removeTempDirs, tempDir } from './storeFixtures';

let db: DatabaseSync;

beforeAll(() => {
  const dir = tempDir();
  const store = createProject(dir);
  store.applyImport(petsPlan());
  store.close();
  db = new DatabaseSync(join(dir, 'project.sqlite'));
});

afterAll(() => {
  db.close();
  removeTempDirs();
});

function plan(sql: string, params: readonly (string | number)[] = []): string {
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((row) => String(row['detail']))
    .join(' | ');
}

const filters: Partial<ItemQueryArgs>[] = [
  {},
  { split: 'valid' },
  { label: 'cat' },
  { unlabeled: true },
  { problem: true },
  { problem: false },
  { excluded: true },
  { search: 'dog' },
  { split: 'train', label: 'dog', problem: false, excluded: false, search: 'd' },
];

describe('query plans', () => {
  it.each(itemSortKeys)(
    'a page sorted by %s walks its covering index for every filter, without sorting',
    (sort) => {
      for (const filter of filters)
        for (const descending of [false, true]) {
          const { sql, params } = idsQuery(queryArgs({ ...filter, sort, descending }), true);
          const shape = plan(sql, params as (string | number)[]);
          expect(shape, sql).not.toContain('TEMP B-TREE');
          if (sort === 'added') expect(shape, sql).toMatch(/^SCAN items( |$)/);
          else
            expect(shape, sql).toMatch(
              new RegExp(`^(SCAN|SEARCH) items USING COVERING INDEX items_by_${sort}`),
            );
        }
    },
  );

  it('the counts are one covering index scan', () => {
    expect(plan(statsSql)).toBe('SCAN items USING COVERING INDEX items_stats');
  });
});
