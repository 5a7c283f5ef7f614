import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../../../src/main/data/store/projectStore';
import { plan, plannedItem, petsPlan, queryArgs, removeTempDirs, tempDir } from './storeFixtures';

afterEach(removeTempDirs);

function byPath(store: ReturnType<typeof createProject>) {
  return new Map(store.query(queryArgs()).items.map((item) => [item.path, item]));
}

describe('applyImport', () => {
  it('inserts every planned item with its split, labels and problem, and adds the classes in order', () => {
    const store = createProject(tempDir());
    const result = store.applyImport(petsPlan());
    expect(result).toEqual({ added: 10, updated: 0, missing: 0 });
    expect(store.classes()).toEqual(['cat', 'dog', 'bird']);
    const items = byPath(store);
    expect(items.get('cat/c3.jpg')).toMatchObject({
      labels: ['cat'],
      split: 'valid',
      problem: null,
      excluded: false,
      missing: false,
      hash: 'hash-of-cat/c3.jpg',
      size: 200,
      width: 20,
      height: 32,
    });
    expect(items.get('unsorted/u1.jpg')?.labels).toEqual([]);
    expect(items.get('cat/broken.jpg')?.problem).toEqual({
      kind: 'truncated',
      reason: 'cat/broken.jpg is truncated; re-export it.',
    });
    store.close();
  });

  it('adds classes used by labels even when the plan does not list them, after the listed ones', () => {
    const store = createProject(tempDir());
    store.applyImport(
      plan(
        [plannedItem('a.jpg', { labels: ['zebra', 'lion'] }), plannedItem('b.jpg', { labels: ['ant'] })],
        ['lion'],
      ),
    );
    expect(store.classes()).toEqual(['lion', 'zebra', 'ant']);
    expect(byPath(store).get('a.jpg')?.labels).toEqual(['lion', 'zebra']);
    store.close();
  });

  it('re-import adds new files, marks vanished ones missing, refreshes facts and keeps every label and split', () => {
    const store = createProject(tempDir());
    store.applyImport(petsPlan());
    const ids = byPath(store);
    // The user relabels, moves and excludes things after the first import.
    store.assignLabel([ids.get('cat/c1.jpg')!.id], 'dog');
    store.assignLabel([ids.get('unsorted/u1.jpg')!.id], 'bird');
    store.setSplit([ids.get('cat/c2.jpg')!.id], 'valid');
    store.setExcluded([ids.get('dog/d1.jpg')!.id], true);

    const second = petsPlan();
    second.items = second.items.filter((i) => i.path !== 'dog/d2.jpg' && i.path !== 'cat/broken.jpg');
    const c1 = second.items.find((i) => i.path === 'cat/c1.jpg')!;
    c1.hash = 'new-hash';
    c1.size = 12345;
    c1.problem = { kind: 'corrupt', reason: 'cat/c1.jpg no longer decodes.' };
    second.items.push(plannedItem('cat/c4.jpg', { labels: ['cat'], split: 'valid' }));
    second.items.push(plannedItem('horse/h1.jpg', { labels: ['horse'] }));
    second.classes.push('horse');

    expect(store.applyImport(second)).toEqual({ added: 2, updated: 8, missing: 2 });
    const items = byPath(store);
    expect(items.size).toBe(12);
    expect(items.get('cat/c1.jpg')).toMatchObject({
      labels: ['dog'],
      hash: 'new-hash',
      size: 12345,
      problem: { kind: 'corrupt' },
      missing: false,
    });
    expect(items.get('unsorted/u1.jpg')?.labels).toEqual(['bird']);
    expect(items.get('cat/c2.jpg')?.split).toBe('valid');
    expect(items.get('dog/d1.jpg')?.excluded).toBe(true);
    expect(items.get('dog/d2.jpg')).toMatchObject({ missing: true, labels: ['dog'], split: 'valid' });
    expect(items.get('cat/broken.jpg')).toMatchObject({ missing: true, labels: ['cat'] });
    expect(items.get('cat/c4.jpg')).toMatchObject({ labels: ['cat'], split: 'valid', missing: false });
    expect(store.classes()).toEqual(['cat', 'dog', 'bird', 'horse']);
    expect(store.stats()).toMatchObject({ total: 12, missing: 2, excluded: 1, problems: 2 });

    // The vanished file comes back: no longer missing, labels still there, problem refreshed.
    const third = petsPlan();
    third.items.push(
      plannedItem('cat/c4.jpg', { labels: ['cat'] }),
      plannedItem('horse/h1.jpg', { labels: ['horse'] }),
    );
    expect(store.applyImport(third)).toEqual({ added: 0, updated: 12, missing: 0 });
    expect(byPath(store).get('dog/d2.jpg')).toMatchObject({ missing: false, labels: ['dog'] });
    expect(byPath(store).get('cat/c1.jpg')?.problem).toBeNull();
    store.close();
  });

  it('keeps the undo history usable across an import', () => {
    const store = createProject(tempDir());
    store.applyImport(petsPlan());
    const c1 = byPath(store).get('cat/c1.jpg')!.id;
    store.assignLabel([c1], 'dog');
    store.applyImport(petsPlan());
    expect(store.undo()?.description).toContain('Labelled 1 item as dog');
    expect(store.getItem(c1)?.labels).toEqual(['cat']);
    store.close();
  });

  it('refuses a plan with a duplicate or escaping path or an unusable label, writing nothing', () => {
    const store = createProject(tempDir());
    expect(() => store.applyImport(plan([plannedItem('a.jpg'), plannedItem('a.jpg')]))).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('a.jpg') }),
    );
    expect(() => store.applyImport(plan([plannedItem('b.jpg', { labels: ['a/b'] })]))).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('b.jpg') }),
    );
    for (const path of ['../outside.jpg', '/etc/passwd', 'a/../../b.jpg', 'C:/x.jpg', ''])
      expect(() => store.applyImport(plan([plannedItem(path)])), path).toThrow(
        expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('stay inside it') }),
      );
    expect(store.stats().total).toBe(0);
    expect(store.classes()).toEqual([]);
    expect(store.dataRoot()).toBeNull();
    store.close();
  });
});
