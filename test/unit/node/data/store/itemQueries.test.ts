import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { likePattern } from '../../../../../src/main/data/store/itemQueries';
import { createProject, type ProjectStore } from '../../../../../src/main/data/store/projectStore';
import { petsPlan, queryArgs, removeTempDirs, tempDir } from './storeFixtures';

let store: ProjectStore;
const paths = (overrides: Parameters<typeof queryArgs>[0]) =>
  store.query(queryArgs(overrides)).items.map((i) => i.path);

beforeAll(() => {
  store = createProject(tempDir());
  store.applyImport(petsPlan());
  // One excluded cat, one missing dog (vanished at a re-import).
  store.setExcluded(store.queryIds(queryArgs({ search: 'c2' })), true);
  const again = petsPlan();
  again.items = again.items.filter((i) => i.path !== 'dog/d1.jpg');
  store.applyImport(again);
});

afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('query filters', () => {
  it('lists everything by path by default, with the total', () => {
    const page = store.query(queryArgs());
    expect(page.total).toBe(10);
    expect(page.offset).toBe(0);
    expect(page.items.map((i) => i.path)).toEqual([
      'Dog/Big Dog.PNG',
      'cat/broken.jpg',
      'cat/c1.jpg',
      'cat/c2.jpg',
      'cat/c3.jpg',
      'dog/d1.jpg',
      'dog/d2.jpg',
      'dog/d_3%.jpg',
      'unsorted/u1.jpg',
      'unsorted/u2.jpg',
    ]);
  });

  it('filters by split, label and unlabeled', () => {
    expect(paths({ split: 'valid' })).toEqual(['cat/c3.jpg', 'dog/d2.jpg']);
    expect(paths({ split: 'test' })).toEqual(['unsorted/u2.jpg']);
    expect(paths({ label: 'cat' })).toEqual(['cat/broken.jpg', 'cat/c1.jpg', 'cat/c2.jpg', 'cat/c3.jpg']);
    expect(paths({ label: 'bird' })).toEqual([]);
    expect(paths({ unlabeled: true })).toEqual(['unsorted/u1.jpg', 'unsorted/u2.jpg']);
    expect(paths({ unlabeled: false })).toHaveLength(8);
    expect(paths({ label: 'dog', split: 'train' })).toEqual([
      'Dog/Big Dog.PNG',
      'dog/d1.jpg',
      'dog/d_3%.jpg',
    ]);
  });

  it('filters problems (problem or missing) against usable items, and excluded ones', () => {
    expect(paths({ problem: true })).toEqual(['cat/broken.jpg', 'dog/d1.jpg']);
    expect(paths({ problem: false })).not.toContain('cat/c2.jpg');
    expect(paths({ problem: false })).toHaveLength(7);
    expect(paths({ excluded: true })).toEqual(['cat/c2.jpg']);
    expect(paths({ excluded: false })).toHaveLength(9);
  });

  it('searches paths case-insensitively, with % and _ taken literally', () => {
    expect(paths({ search: 'DOG' })).toEqual(['Dog/Big Dog.PNG', 'dog/d1.jpg', 'dog/d2.jpg', 'dog/d_3%.jpg']);
    expect(paths({ search: 'big dog' })).toEqual(['Dog/Big Dog.PNG']);
    expect(paths({ search: '%' })).toEqual(['dog/d_3%.jpg']);
    expect(paths({ search: 'd_' })).toEqual(['dog/d_3%.jpg']);
    expect(paths({ search: '_' })).toEqual(['dog/d_3%.jpg']);
    expect(paths({ search: '\\' })).toEqual([]);
    expect(paths({ search: '' })).toHaveLength(10);
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('query sort and paging', () => {
  it('sorts by size, width and added order, both ways', () => {
    expect(paths({ sort: 'size' })[0]).toBe('cat/broken.jpg');
    expect(paths({ sort: 'size', descending: true })[0]).toBe('Dog/Big Dog.PNG');
    expect(paths({ sort: 'width', split: 'valid' })).toEqual(['cat/c3.jpg', 'dog/d2.jpg']);
    expect(paths({ sort: 'width', split: 'valid', descending: true })).toEqual(['dog/d2.jpg', 'cat/c3.jpg']);
    expect(paths({ sort: 'added' })[0]).toBe('cat/c1.jpg');
    expect(paths({ sort: 'added', descending: true })[0]).toBe('Dog/Big Dog.PNG');
  });

  it('sorts by label, unlabeled first, path within a label', () => {
    expect(paths({ sort: 'label' })).toEqual([
      'unsorted/u1.jpg',
      'unsorted/u2.jpg',
      'cat/broken.jpg',
      'cat/c1.jpg',
      'cat/c2.jpg',
      'cat/c3.jpg',
      'Dog/Big Dog.PNG',
      'dog/d1.jpg',
      'dog/d2.jpg',
      'dog/d_3%.jpg',
    ]);
    expect(paths({ sort: 'label', descending: true })[0]).toBe('dog/d_3%.jpg');
  });

  it('pages with offset and limit, counting the whole filter', () => {
    const all = paths({ sort: 'size' });
    const page = store.query(queryArgs({ sort: 'size', offset: 3, limit: 4 }));
    expect(page.total).toBe(10);
    expect(page.offset).toBe(3);
    expect(page.items.map((i) => i.path)).toEqual(all.slice(3, 7));
    expect(store.query(queryArgs({ offset: 50 })).items).toEqual([]);
    expect(store.query(queryArgs({ label: 'dog', limit: 1 })).total).toBe(4);
  });

  it('queryIds returns every matching id in sort order, ignoring paging', () => {
    const ids = store.queryIds(queryArgs({ label: 'dog', sort: 'size', limit: 1, offset: 2 }));
    expect(ids.map((id) => store.getItem(id)?.path)).toEqual([
      'dog/d2.jpg',
      'dog/d1.jpg',
      'dog/d_3%.jpg',
      'Dog/Big Dog.PNG',
    ]);
  });

  it('getItem returns undefined for an unknown id', () => {
    expect(store.getItem(424242)).toBeUndefined();
  });
});

describe('stats', () => {
  it('counts usable items by split and class, and problems, exclusions and missing files apart', () => {
    expect(store.stats()).toEqual({
      total: 10,
      // Not usable: broken (problem), c2 (excluded), d1 (missing).
      usable: 7,
      bySplit: { train: 4, valid: 2, test: 1 },
      classes: [
        { name: 'cat', counts: { train: 1, valid: 1, test: 0 }, total: 2 },
        { name: 'dog', counts: { train: 2, valid: 1, test: 0 }, total: 3 },
        { name: 'bird', counts: { train: 0, valid: 0, test: 0 }, total: 0 },
      ],
      unlabeled: 2,
      problems: 1,
      excluded: 1,
      missing: 1,
    });
  });

  it('is all zeros for an empty project', () => {
    const empty = createProject(tempDir());
    expect(empty.stats()).toEqual({
      total: 0,
      usable: 0,
      bySplit: { train: 0, valid: 0, test: 0 },
      classes: [],
      unlabeled: 0,
      problems: 0,
      excluded: 0,
      missing: 0,
    });
    empty.close();
  });
});
