// Search by file name must fold case beyond ASCII (SQLite's LIKE only folds A–Z): "é" finds "É",
// "ÉCOLE" finds "école", "STRASSE" finds "Straße", and a name stored in NFD (as macOS writes it) is
// found by the NFC text a keyboard types. Projects made before the search key existed are migrated.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProject,
  openProject,
  type ProjectStore,
} from '../../../../../src/main/data/store/projectStore';
import { migrations } from '../../../../../src/main/data/store/schema';
import { plan, plannedItem, queryArgs, removeTempDirs, tempDir } from './storeFixtures';

const names = [
  'Élan/été.jpg',
  'école/ÉCOLE 1.jpg',
  'straße.jpg',
  'STRASSE 2.jpg',
  'ΟΔΟΣ.jpg',
  'cafe\u0301.jpg', // NFD, as on disk
  'plain/ascii.jpg',
  'Ünïcode/ÆSIR.png',
];

let store: ProjectStore;
const found = (search: string) => {
  const page = store.query(queryArgs({ search }));
  expect(page.total).toBe(page.items.length);
  return page.items.map((i) => i.path).sort();
};

beforeAll(() => {
  store = createProject(tempDir());
  store.applyImport(plan(names.map((n) => plannedItem(n))));
});

afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('search folds case and normalisation beyond ASCII', () => {
  it('finds é and É alike, in either normal form', () => {
    const withE = ['Élan/été.jpg', 'cafe\u0301.jpg', 'école/ÉCOLE 1.jpg'].sort();
    expect(found('é')).toEqual(withE);
    expect(found('É')).toEqual(withE);
    expect(found('e\u0301')).toEqual(withE);
    expect(found('café')).toEqual(['cafe\u0301.jpg']);
    expect(found('CAFÉ')).toEqual(['cafe\u0301.jpg']);
  });

  it('matches whole words across case: ÉCOLE ~ école, æsir ~ ÆSIR, ünï ~ Ünï', () => {
    expect(found('ÉCOLE')).toEqual(['école/ÉCOLE 1.jpg']);
    expect(found('école 1')).toEqual(['école/ÉCOLE 1.jpg']);
    expect(found('æsir')).toEqual(['Ünïcode/ÆSIR.png']);
    expect(found('üNÏ')).toEqual(['Ünïcode/ÆSIR.png']);
  });

  it('folds ß to ss and final sigma to sigma', () => {
    expect(found('strasse')).toEqual(['STRASSE 2.jpg', 'straße.jpg']);
    expect(found('STRAßE')).toEqual(['STRASSE 2.jpg', 'straße.jpg']);
    expect(found('οδοσ')).toEqual(['ΟΔΟΣ.jpg']);
    expect(found('οδος')).toEqual(['ΟΔΟΣ.jpg']);
  });

  it('keeps ASCII search as it was: case-insensitive, % and _ literal', () => {
    expect(found('ASCII')).toEqual(['plain/ascii.jpg']);
    expect(found('%')).toEqual([]);
    expect(found('_')).toEqual([]);
  });

  it('selects the same items through queryIds', () => {
    expect(store.queryIds(queryArgs({ search: 'É', sort: 'size' }))).toHaveLength(3);
  });
});

describe('a project made before the search key', () => {
  it('is migrated on open so its non-ASCII names are found', () => {
    const dir = tempDir();
    const db = new DatabaseSync(join(dir, 'project.sqlite'));
    db.exec(migrations[0]!.sql);
    db.exec('PRAGMA user_version = 1');
    const insert = db.prepare("INSERT INTO items (path, size, split, added_at) VALUES (?, 1, 'train', 0)");
    for (const name of ['Éclair.jpg', 'eclair.jpg', 'ÉTÉ/x.jpg']) insert.run(name);
    db.close();
    const old = openProject(dir);
    try {
      expect(old.query(queryArgs({ search: 'éclair' })).items.map((i) => i.path)).toEqual(['Éclair.jpg']);
      expect(old.query(queryArgs({ search: 'été' })).total).toBe(1);
    } finally {
      old.close();
    }
  });
});
