import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLabelCsv, splitLabelCell } from '../../../../../src/main/data/store/labelCsv';
import { createProject } from '../../../../../src/main/data/store/projectStore';
import { petsPlan, plan, plannedItem, queryArgs, removeTempDirs, snapshot, tempDir } from './storeFixtures';

afterEach(removeTempDirs);

const awkward = [
  plannedItem('plain/a.jpg', { labels: ['cat'] }),
  plannedItem('commas/b, c.jpg', { labels: ['cat'], split: 'valid' }),
  plannedItem('quotes/say "cheese".jpg', { labels: ['golden retriever'] }),
  plannedItem('unicode/Ünïcødé 猫 🐱.jpg', { labels: ['chat noir'] }),
  plannedItem('multi/m.jpg', { labels: ['sky', 'tree'], split: 'valid' }),
  plannedItem('unlabeled/u.jpg'),
  plannedItem('test/t.jpg', { labels: ['cat'], split: 'test' }),
  plannedItem('bad/x.jpg', { labels: ['cat'], problem: { kind: 'corrupt', reason: 'bad' } }),
];

describe('exportCsv', () => {
  it('writes name,label,is_valid for labelled usable train and valid items, quoting per RFC 4180', () => {
    const store = createProject(tempDir());
    store.applyImport(plan(awkward));
    const { text, rows } = store.exportCsv();
    expect(rows).toBe(5);
    expect(text.split('\n')[0]).toBe('name,label,is_valid');
    expect(text).toContain('"commas/b, c.jpg",cat,True');
    expect(text).toContain('"quotes/say ""cheese"".jpg",golden retriever,False');
    expect(text).toContain('multi/m.jpg,sky tree,True');
    // What fastai (pandas) would read back.
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toEqual([
      { name: 'commas/b, c.jpg', label: 'cat', is_valid: 'True' },
      { name: 'multi/m.jpg', label: 'sky tree', is_valid: 'True' },
      { name: 'plain/a.jpg', label: 'cat', is_valid: 'False' },
      { name: 'quotes/say "cheese".jpg', label: 'golden retriever', is_valid: 'False' },
      { name: 'unicode/Ünïcødé 猫 🐱.jpg', label: 'chat noir', is_valid: 'False' },
    ]);
    store.close();
  });
});

describe('importCsv', () => {
  it('round trip: export, change labels and splits, import, everything is back as exported', () => {
    const store = createProject(tempDir());
    store.applyImport(plan(awkward));
    const exported = store.exportCsv().text;
    const before = snapshot(store);
    const exportedIds = (['train', 'valid'] as const).flatMap((split) =>
      store.queryIds(queryArgs({ split, problem: false, unlabeled: false })),
    );
    store.assignLabel(exportedIds, 'dog');
    store.setSplit(store.queryIds(queryArgs({ split: 'valid' })), 'train');
    expect(snapshot(store)).not.toEqual(before);

    const { edit, unmatched } = store.importCsv(exported);
    expect(unmatched).toEqual([]);
    expect(edit.description).toMatch(/^Imported labels from a CSV \(\d+ items changed\)$/);
    const after = snapshot(store) as { classes: string[] };
    // "dog" stays a class (the import does not delete classes); every item is as exported.
    expect({ ...after, classes: after.classes.filter((c) => c !== 'dog') }).toEqual({
      ...(before as object),
      stats: expect.anything(),
    });
    expect(store.exportCsv().text).toBe(exported);
    store.close();
  });

  it('is one undoable edit that adds unknown classes, and reports names it did not find', () => {
    const store = createProject(tempDir());
    store.applyImport(petsPlan());
    const before = snapshot(store);
    const csv = [
      'name,label',
      'cat/c1.jpg,lynx',
      '"Dog/Big Dog.PNG",cat',
      'nowhere/z.jpg,cat',
      './unsorted/u1.jpg,dog',
      'unsorted/u2.jpg,',
    ].join('\r\n');
    const { edit, unmatched } = store.importCsv(csv);
    expect(unmatched).toEqual(['nowhere/z.jpg']);
    expect(edit.changed).toBe(3);
    expect(store.classes()).toEqual(['cat', 'dog', 'bird', 'lynx']);
    const labels = new Map(store.query(queryArgs()).items.map((i) => [i.path, i.labels]));
    expect(labels.get('cat/c1.jpg')).toEqual(['lynx']);
    expect(labels.get('Dog/Big Dog.PNG')).toEqual(['cat']);
    expect(labels.get('unsorted/u1.jpg')).toEqual(['dog']);
    expect(store.undo()?.description).toContain('Imported labels from a CSV');
    expect(snapshot(store)).toEqual(before);
    store.close();
  });

  it('applies is_valid in any of its spellings', () => {
    const store = createProject(tempDir());
    store.applyImport(
      plan(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => plannedItem(`${n}.jpg`, { split: 'test' }))),
    );
    store.importCsv(
      'name,label,is_valid\na.jpg,x,True\nb.jpg,x,false\nc.jpg,x,1\nd.jpg,x,0\ne.jpg,x,TRUE\nf.jpg,x,False\n',
    );
    const splits = store.query(queryArgs()).items.map((i) => i.split);
    expect(splits).toEqual(['valid', 'train', 'valid', 'train', 'valid', 'train']);
    store.close();
  });

  it('refuses a bad is_valid or header, naming the line or the columns, and changes nothing', () => {
    const store = createProject(tempDir());
    store.applyImport(petsPlan());
    const before = snapshot(store);
    expect(() => store.importCsv('name,label,is_valid\ncat/c1.jpg,dog,True\ncat/c2.jpg,dog,maybe\n')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message: expect.stringContaining('Line 3') }),
    );
    expect(() => store.importCsv('file_name;class\na;b\n')).toThrow(
      expect.objectContaining({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('expected columns name and label'),
      }),
    );
    expect(() => store.importCsv('')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => store.importCsv('name,label\n"unterminated,cat\n')).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(snapshot(store)).toEqual(before);
    expect(store.canUndo()).toBe(false);
    store.close();
  });

  it('reads a BOM, and keeps a known class with a space whole', () => {
    const rows = parseLabelCsv(
      '\uFEFFname,label\na.jpg,golden retriever\nb.jpg,sky tree\n',
      new Set(['golden retriever']),
    );
    expect(rows).toEqual([
      { name: 'a.jpg', labels: ['golden retriever'], line: 2 },
      { name: 'b.jpg', labels: ['sky', 'tree'], line: 3 },
    ]);
    expect(splitLabelCell('  ', new Set())).toEqual([]);
  });
});
