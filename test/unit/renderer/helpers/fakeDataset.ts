// An in-memory project for the Datasets and Label pages: items with labels, splits and problems,
// answering the contract's project, item, label, class and undo requests as the service would.
import {
  DatasetStatsSchema,
  type DatasetStats,
  type EditResult,
  type Item,
  type ItemPage,
  type ItemQuery,
  type Problem,
  type ProjectSummary,
  type Split,
} from '../../../../src/shared/dataset';
import { DeskfitError } from '../../../../src/shared/errors';
import type { Handlers } from './fakeApi';

export interface ItemSeed {
  path: string;
  label?: string | null;
  split?: Split;
  problem?: Problem | null;
  excluded?: boolean;
  size?: number;
}

export function makeItem(id: number, seed: ItemSeed): Item {
  return {
    id,
    path: seed.path,
    hash: `h${id}`,
    size: seed.size ?? 1000 + id,
    width: 64,
    height: 48,
    split: seed.split ?? 'train',
    labels: seed.label == null ? [] : [seed.label],
    problem: seed.problem ?? null,
    excluded: seed.excluded ?? false,
    missing: false,
  };
}

/** `count` items "img-000.jpg"… labelled round-robin with `classes`, every 5th in valid. */
export function seedItems(count: number, classes: readonly string[] = ['cat', 'dog']): ItemSeed[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `img-${String(i).padStart(3, '0')}.jpg`,
    label: classes[i % classes.length] ?? null,
    split: i % 5 === 4 ? 'valid' : 'train',
  }));
}

interface Snapshot {
  items: Item[];
  classes: string[];
}

export class FakeDataset {
  items: Item[];
  classes: string[];
  name = 'pets';
  readonly dir: string;
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];

  constructor(seeds: ItemSeed[], classes?: string[], dir = '/home/ana/pets.deskfit') {
    this.items = seeds.map((seed, i) => makeItem(i + 1, seed));
    this.classes = classes ?? [...new Set(this.items.flatMap((item) => item.labels))].sort();
    this.dir = dir;
  }

  stats(): DatasetStats {
    const count = (pred: (item: Item) => boolean) => this.items.filter(pred).length;
    const splitCounts = (pred: (item: Item) => boolean) => ({
      train: count((i) => pred(i) && i.split === 'train'),
      valid: count((i) => pred(i) && i.split === 'valid'),
      test: count((i) => pred(i) && i.split === 'test'),
    });
    return DatasetStatsSchema.parse({
      total: this.items.length,
      usable: count((i) => i.problem === null && !i.excluded && !i.missing),
      bySplit: splitCounts(() => true),
      classes: this.classes.map((name) => ({
        name,
        counts: splitCounts((i) => i.labels.includes(name)),
        total: count((i) => i.labels.includes(name)),
      })),
      unlabeled: count((i) => i.labels.length === 0),
      problems: count((i) => i.problem !== null),
      excluded: count((i) => i.excluded),
      missing: count((i) => i.missing),
    });
  }

  summary(): ProjectSummary {
    return {
      dir: this.dir,
      name: this.name,
      dataRoot: '/home/ana/pets',
      layout: 'folder-per-class',
      createdAt: 1_700_000_000_000,
      stats: this.stats(),
      canUndo: this.undoStack.length > 0,
      canRedo: this.redoStack.length > 0,
    };
  }

  matching(query: Omit<ItemQuery, 'offset' | 'limit'>): Item[] {
    const search = query.search?.toLowerCase();
    const out = this.items.filter(
      (i) =>
        (query.split === undefined || i.split === query.split) &&
        (query.label === undefined || i.labels.includes(query.label)) &&
        (query.unlabeled !== true || i.labels.length === 0) &&
        (query.problem === undefined || (i.problem !== null) === query.problem) &&
        (query.excluded === undefined || i.excluded === query.excluded) &&
        (search === undefined || i.path.toLowerCase().includes(search)),
    );
    const key = (i: Item): string | number =>
      ({ path: i.path, label: i.labels[0] ?? '', size: i.size, width: i.width ?? 0, added: i.id })[
        query.sort ?? 'path'
      ];
    out.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
    });
    if (query.descending === true) out.reverse();
    return out;
  }

  query(query: ItemQuery): ItemPage {
    const all = this.matching(query);
    const offset = query.offset ?? 0;
    return { total: all.length, offset, items: all.slice(offset, offset + (query.limit ?? 500)) };
  }

  private edit(description: string, apply: () => number): EditResult {
    const before: Snapshot = { items: this.items.map((i) => ({ ...i })), classes: [...this.classes] };
    const changed = apply();
    this.undoStack.push(before);
    this.redoStack = [];
    return this.result(description, changed);
  }

  private result(description: string, changed: number): EditResult {
    return {
      description,
      changed,
      stats: this.stats(),
      canUndo: this.undoStack.length > 0,
      canRedo: this.redoStack.length > 0,
    };
  }

  private update(ids: readonly number[], patch: (item: Item) => Item): number {
    const set = new Set(ids);
    let changed = 0;
    this.items = this.items.map((item) => {
      if (!set.has(item.id)) return item;
      changed++;
      return patch(item);
    });
    return changed;
  }

  handlers(): Handlers {
    return {
      'projects:current': () => this.summary(),
      'projects:recent': () => [{ dir: this.dir, name: this.name, openedAt: 1, exists: true }],
      'dataset:stats': () => this.stats(),
      'items:query': (q) => this.query(q),
      'items:ids': (q) => ({ ids: this.matching(q).map((i) => i.id) }),
      'labels:assign': ({ itemIds, label }) => {
        if (label !== null && !this.classes.includes(label)) this.classes.push(label);
        const verb = label === null ? 'Cleared the label of' : 'Labelled';
        return this.edit(
          `${verb} ${itemIds.length} item${itemIds.length === 1 ? '' : 's'}${label ? ` as ${label}` : ''}`,
          () => this.update(itemIds, (i) => ({ ...i, labels: label === null ? [] : [label] })),
        );
      },
      'items:setSplit': ({ itemIds, split }) =>
        this.edit(`Moved ${itemIds.length} items to ${split}`, () =>
          this.update(itemIds, (i) => ({ ...i, split })),
        ),
      'items:exclude': ({ itemIds, excluded }) =>
        this.edit(`${excluded ? 'Excluded' : 'Included'} ${itemIds.length} items`, () =>
          this.update(itemIds, (i) => ({ ...i, excluded })),
        ),
      'classes:add': ({ name }) => {
        if (this.classes.includes(name))
          throw new DeskfitError('CONFLICT', `There is already a class named ${name}.`);
        return this.edit(`Added the class ${name}`, () => {
          this.classes.push(name);
          return 0;
        });
      },
      'classes:rename': ({ from, to }) =>
        this.edit(`Renamed ${from} to ${to}`, () => {
          this.classes = this.classes.map((c) => (c === from ? to : c));
          return this.update(
            this.items.filter((i) => i.labels.includes(from)).map((i) => i.id),
            (i) => ({ ...i, labels: i.labels.map((l) => (l === from ? to : l)) }),
          );
        }),
      'classes:merge': ({ from, into }) =>
        this.edit(`Merged ${from.join(', ')} into ${into}`, () => {
          this.classes = this.classes.filter((c) => !from.includes(c));
          if (!this.classes.includes(into)) this.classes.push(into);
          return this.update(
            this.items.filter((i) => i.labels.some((l) => from.includes(l))).map((i) => i.id),
            (i) => ({ ...i, labels: [into] }),
          );
        }),
      'classes:delete': ({ name }) =>
        this.edit(`Deleted the class ${name}`, () => {
          this.classes = this.classes.filter((c) => c !== name);
          return this.update(
            this.items.filter((i) => i.labels.includes(name)).map((i) => i.id),
            (i) => ({ ...i, labels: [] }),
          );
        }),
      'edits:undo': () => {
        const snapshot = this.undoStack.pop();
        if (snapshot === undefined) return null;
        this.redoStack.push({ items: this.items, classes: this.classes });
        this.items = snapshot.items;
        this.classes = snapshot.classes;
        return this.result('Undid the last edit', 1);
      },
      'edits:redo': () => {
        const snapshot = this.redoStack.pop();
        if (snapshot === undefined) return null;
        this.undoStack.push({ items: this.items, classes: this.classes });
        this.items = snapshot.items;
        this.classes = snapshot.classes;
        return this.result('Redid the edit', 1);
      },
      'labels:exportCsv': ({ file }) => ({ file, rows: this.items.length }),
    };
  }
}

/** A promise the test settles by hand, to look at the UI while a request is in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(err: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
