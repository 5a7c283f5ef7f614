import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  openProject,
  type ProjectStore,
} from '../../../../../src/main/data/store/projectStore';
import { maxHistory } from '../../../../../src/main/data/store/editHistory';
import type { Split } from '../../../../../src/shared/dataset';
import { petsPlan, plan, plannedItem, queryArgs, removeTempDirs, snapshot, tempDir } from './storeFixtures';

afterEach(removeTempDirs);

function petsProject(dir = tempDir()): { store: ProjectStore; id: (path: string) => number } {
  const store = createProject(dir);
  store.applyImport(petsPlan());
  const ids = new Map(store.query(queryArgs()).items.map((i) => [i.path, i.id]));
  return { store, id: (path) => ids.get(path)! };
}

const labelsOf = (store: ProjectStore, id: number) => store.getItem(id)?.labels;

describe('assignLabel', () => {
  it('replaces the label, reports counts after commit, and undo/redo restore it', () => {
    const { store, id } = petsProject();
    const before = snapshot(store);
    const result = store.assignLabel([id('cat/c1.jpg'), id('unsorted/u1.jpg'), id('dog/d1.jpg')], 'dog');
    expect(result).toMatchObject({
      description: 'Labelled 2 items as dog',
      changed: 2,
      canUndo: true,
      canRedo: false,
    });
    expect(result.stats.classes.find((c) => c.name === 'dog')?.total).toBe(6);
    expect(labelsOf(store, id('cat/c1.jpg'))).toEqual(['dog']);
    const after = snapshot(store);
    const undone = store.undo();
    expect(undone).toMatchObject({
      description: 'Undid: Labelled 2 items as dog',
      changed: 2,
      canUndo: false,
      canRedo: true,
    });
    expect(snapshot(store)).toEqual(before);
    expect(store.redo()).toMatchObject({
      description: 'Redid: Labelled 2 items as dog',
      canUndo: true,
      canRedo: false,
    });
    expect(snapshot(store)).toEqual(after);
    store.close();
  });

  it('null clears labels; an unknown label becomes a class in the same edit, and undo removes it', () => {
    const { store, id } = petsProject();
    expect(store.assignLabel([id('cat/c1.jpg')], null).description).toBe('Cleared the label of 1 item');
    expect(labelsOf(store, id('cat/c1.jpg'))).toEqual([]);
    const added = store.assignLabel([id('cat/c1.jpg')], '  Maine Coon ');
    expect(added.description).toBe('Labelled 1 item as Maine Coon (new class)');
    expect(store.classes()).toEqual(['cat', 'dog', 'bird', 'Maine Coon']);
    store.undo();
    expect(store.classes()).toEqual(['cat', 'dog', 'bird']);
    expect(labelsOf(store, id('cat/c1.jpg'))).toEqual([]);
    store.close();
  });

  it('turns multi-label items single-label', () => {
    const store = createProject(tempDir());
    store.applyImport(plan([plannedItem('x.jpg', { labels: ['a', 'b'] })]));
    const [x] = store.queryIds(queryArgs());
    store.assignLabel([x!], 'c');
    expect(labelsOf(store, x!)).toEqual(['c']);
    store.undo();
    expect(labelsOf(store, x!)).toEqual(['a', 'b']);
    store.close();
  });

  it('refuses unknown ids by name and changes nothing', () => {
    const { store, id } = petsProject();
    const before = snapshot(store);
    const call = () => store.assignLabel([id('cat/c1.jpg'), 9001, 9002, 9003, 9004, 9005, 9006], 'newclass');
    expect(call).toThrow(
      expect.objectContaining({
        code: 'NOT_FOUND',
        message: expect.stringContaining('9001, 9002, 9003, 9004, 9005 (and 1 more)'),
      }),
    );
    expect(snapshot(store)).toEqual(before);
    expect(store.canUndo()).toBe(false);
    store.close();
  });

  it('refuses a bad class name', () => {
    const { store, id } = petsProject();
    expect(() => store.assignLabel([id('cat/c1.jpg')], 'a/b')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() => store.assignLabel([id('cat/c1.jpg')], '   ')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    store.close();
  });

  it('records nothing when nothing changes, and keeps the redo stack', () => {
    const { store, id } = petsProject();
    store.assignLabel([id('cat/c1.jpg')], 'dog');
    store.undo();
    const noop = store.assignLabel([id('cat/c1.jpg'), id('cat/c1.jpg')], 'cat');
    expect(noop).toMatchObject({ changed: 0, canUndo: false, canRedo: true });
    expect(store.assignLabel([], 'cat').changed).toBe(0);
    store.close();
  });
});

describe('setSplit and setExcluded', () => {
  it('moves items between splits and back', () => {
    const { store, id } = petsProject();
    const before = snapshot(store);
    const result = store.setSplit([id('cat/c1.jpg'), id('cat/c3.jpg'), id('unsorted/u2.jpg')], 'valid');
    expect(result).toMatchObject({ description: 'Moved 2 items to valid', changed: 2 });
    expect(result.stats.bySplit).toEqual({ train: 5, valid: 4, test: 0 });
    store.undo();
    expect(snapshot(store)).toEqual(before);
    store.close();
  });

  it('excludes and includes items, which leave and rejoin the usable counts', () => {
    const { store, id } = petsProject();
    const result = store.setExcluded([id('cat/c1.jpg'), id('cat/c2.jpg')], true);
    expect(result).toMatchObject({ description: 'Excluded 2 items', changed: 2 });
    expect(result.stats).toMatchObject({ usable: 7, excluded: 2 });
    expect(store.setExcluded([id('cat/c1.jpg')], false).stats).toMatchObject({ usable: 8, excluded: 1 });
    store.undo();
    store.undo();
    expect(store.stats()).toMatchObject({ usable: 9, excluded: 0 });
    store.close();
  });
});

describe('class edits', () => {
  it('adds a class at the end; a duplicate is a conflict', () => {
    const { store } = petsProject();
    expect(store.addClass('fish')).toMatchObject({ description: 'Added class fish', changed: 1 });
    expect(store.classes()).toEqual(['cat', 'dog', 'bird', 'fish']);
    expect(() => store.addClass('fish')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    store.undo();
    expect(store.classes()).toEqual(['cat', 'dog', 'bird']);
    store.close();
  });

  it('renames a class in place; items follow; renaming onto an existing class says to merge', () => {
    const { store, id } = petsProject();
    const before = snapshot(store);
    const result = store.renameClass('cat', 'kitten');
    expect(result).toMatchObject({ description: 'Renamed class cat to kitten', changed: 4 });
    expect(store.classes()).toEqual(['kitten', 'dog', 'bird']);
    expect(labelsOf(store, id('cat/c1.jpg'))).toEqual(['kitten']);
    expect(store.query(queryArgs({ label: 'kitten' })).total).toBe(4);
    expect(store.query(queryArgs({ label: 'cat' })).total).toBe(0);
    expect(() => store.renameClass('kitten', 'dog')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('merge') }),
    );
    expect(() => store.renameClass('nope', 'x')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(store.renameClass('kitten', 'kitten').changed).toBe(0);
    store.undo();
    expect(snapshot(store)).toEqual(before);
    store.close();
  });

  it('merges classes into an existing class', () => {
    const { store, id } = petsProject();
    const before = snapshot(store);
    const result = store.mergeClasses(['cat', 'bird'], 'dog');
    expect(result.description).toBe('Merged cat, bird into dog (4 items)');
    expect(store.classes()).toEqual(['dog']);
    expect(labelsOf(store, id('cat/c3.jpg'))).toEqual(['dog']);
    expect(result.stats.classes).toEqual([
      { name: 'dog', counts: { train: 5, valid: 2, test: 0 }, total: 7 },
    ]);
    store.undo();
    expect(snapshot(store)).toEqual(before);
    store.close();
  });

  it('merges into a new class, which takes the place of the first merged one', () => {
    const { store } = petsProject();
    const before = snapshot(store);
    store.mergeClasses(['dog', 'cat'], 'pet');
    expect(store.classes()).toEqual(['pet', 'bird']);
    expect(store.query(queryArgs({ label: 'pet' })).total).toBe(8);
    expect(() => store.mergeClasses(['pet'], 'pet')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() => store.mergeClasses(['ghost'], 'pet')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    store.undo();
    expect(snapshot(store)).toEqual(before);
    store.close();
  });

  it('merges multi-label items without duplicate tags', () => {
    const store = createProject(tempDir());
    store.applyImport(
      plan([plannedItem('x.jpg', { labels: ['a', 'b', 'c'] }), plannedItem('y.jpg', { labels: ['c'] })]),
    );
    const [x, y] = store.queryIds(queryArgs());
    store.mergeClasses(['a', 'b'], 'c');
    expect(labelsOf(store, x!)).toEqual(['c']);
    expect(labelsOf(store, y!)).toEqual(['c']);
    store.undo();
    expect(labelsOf(store, x!)).toEqual(['a', 'b', 'c']);
    store.close();
  });

  it('deletes a class; its items become unlabeled; undo brings both back in place', () => {
    const { store, id } = petsProject();
    const before = snapshot(store);
    const result = store.deleteClass('cat');
    expect(result.description).toBe('Deleted class cat (4 items now unlabeled)');
    expect(store.classes()).toEqual(['dog', 'bird']);
    expect(labelsOf(store, id('cat/c1.jpg'))).toEqual([]);
    expect(result.stats.unlabeled).toBe(5); // u1, u2 and the three usable cats
    expect(() => store.deleteClass('cat')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    store.undo();
    expect(snapshot(store)).toEqual(before);
    store.close();
  });
});

describe('counts after edits', () => {
  it('query totals and stats follow every edit, undo and redo (nothing served stale)', () => {
    const { store, id } = petsProject();
    const cats = () => store.query(queryArgs({ label: 'cat', limit: 1 })).total;
    const valid = () => store.query(queryArgs({ split: 'valid', limit: 1 })).total;
    // Four cats, three usable (one is broken).
    expect([cats(), valid(), store.stats().classes[0]?.total]).toEqual([4, 2, 3]);
    store.assignLabel([id('dog/d1.jpg')], 'cat');
    store.setSplit([id('cat/c1.jpg')], 'valid');
    expect([cats(), valid(), store.stats().classes[0]?.total]).toEqual([5, 3, 4]);
    store.undo();
    expect([cats(), valid(), store.stats().classes[0]?.counts]).toEqual([
      5,
      2,
      { train: 3, valid: 1, test: 0 },
    ]);
    store.redo();
    expect(valid()).toBe(3);
    store.close();
  });
});

describe('undo and redo', () => {
  it('return null when there is nothing to undo or redo', () => {
    const { store } = petsProject();
    expect(store.undo()).toBeNull();
    expect(store.redo()).toBeNull();
    expect(store.canUndo()).toBe(false);
    expect(store.canRedo()).toBe(false);
    store.close();
  });

  it('a new edit discards the redo stack', () => {
    const { store, id } = petsProject();
    store.addClass('fish');
    store.assignLabel([id('cat/c1.jpg')], 'fish');
    store.undo();
    expect(store.canRedo()).toBe(true);
    store.setSplit([id('cat/c2.jpg')], 'valid');
    expect(store.canRedo()).toBe(false);
    expect(store.redo()).toBeNull();
    store.close();
  });

  it('survive closing and reopening the project', () => {
    const dir = tempDir();
    const { store, id } = petsProject(dir);
    const initial = snapshot(store);
    store.assignLabel([id('cat/c1.jpg')], 'dog');
    store.renameClass('dog', 'hound');
    const final = snapshot(store);
    store.undo();
    const middle = snapshot(store);
    store.close();

    const reopened = openProject(dir);
    expect(snapshot(reopened)).toEqual(middle);
    expect(reopened.canUndo()).toBe(true);
    expect(reopened.canRedo()).toBe(true);
    reopened.redo();
    expect(snapshot(reopened)).toEqual(final);
    reopened.undo();
    reopened.undo();
    expect(snapshot(reopened)).toEqual(initial);
    reopened.close();
  });

  it('keeps at most maxHistory edits', () => {
    const { store, id } = petsProject();
    const c1 = id('cat/c1.jpg');
    for (let i = 0; i < maxHistory + 5; i++) store.setSplit([c1], i % 2 === 0 ? 'valid' : 'train');
    let undone = 0;
    while (store.undo()) undone++;
    expect(undone).toBe(maxHistory);
    store.close();
  });

  it('restores state exactly after random sequences of every edit kind (undo all, then redo all)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const splits: Split[] = ['train', 'valid', 'test'];
    for (let round = 0; round < 5; round++) {
      const store = createProject(tempDir());
      store.applyImport(
        plan(
          Array.from({ length: 40 }, (_, i) =>
            plannedItem(`img${i}.jpg`, {
              labels: i % 7 === 0 ? ['a', 'b'] : i % 3 === 0 ? [] : [pick(['a', 'b', 'c'])],
            }),
          ),
          ['a', 'b', 'c', 'd'],
        ),
      );
      const ids = store.queryIds(queryArgs());
      const some = () => ids.filter(() => random() < 0.3);
      const initial = snapshot(store);
      let edits = 0;
      for (let step = 0; step < 30; step++) {
        const classes = store.classes();
        const kind = Math.floor(random() * 8);
        try {
          if (kind === 0) store.assignLabel(some(), random() < 0.2 ? null : pick([...classes, `new${step}`]));
          else if (kind === 1) store.setSplit(some(), pick(splits));
          else if (kind === 2) store.setExcluded(some(), random() < 0.5);
          else if (kind === 3) store.addClass(`added${step}`);
          else if (kind === 4 && classes.length > 0) store.renameClass(pick(classes), `renamed${step}`);
          else if (kind === 5 && classes.length > 1)
            store.mergeClasses([pick(classes), pick(classes)], pick([...classes, `merged${step}`]));
          else if (kind === 6 && classes.length > 1) store.deleteClass(pick(classes));
          else if (kind === 7 && store.canUndo()) {
            store.undo();
            if (random() < 0.5) store.redo();
          }
        } catch (err) {
          // Merging a class into itself only is refused; anything else is a bug.
          if ((err as { code?: string }).code !== 'BAD_REQUEST') throw err;
        }
        edits++;
      }
      expect(edits).toBe(30);
      const final = snapshot(store);
      while (store.undo() !== null);
      expect(snapshot(store)).toEqual(initial);
      while (store.redo() !== null);
      expect(snapshot(store)).toEqual(final);
      store.close();
    }
  });
});
