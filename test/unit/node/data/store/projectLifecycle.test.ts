import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWriteFailure } from '../../../../../src/main/data/store/projectDatabase';
import { createProject, openProject } from '../../../../../src/main/data/store/projectStore';
import { latestSchemaVersion } from '../../../../../src/main/data/store/schema';
import { petsPlan, removeTempDirs, tempDir } from './storeFixtures';

afterEach(removeTempDirs);

function pragma(file: string, name: string): unknown {
  const db = new DatabaseSync(file);
  try {
    return db.prepare(`PRAGMA ${name}`).get()?.[name];
  } finally {
    db.close();
  }
}

describe('createProject / openProject', () => {
  it('creates the folder with its parents, a WAL database and a cache folder', () => {
    const dir = join(tempDir(), 'nested', 'deeper', 'pets');
    const store = createProject(dir, { name: 'Pets' });
    expect(store.dir).toBe(dir);
    expect(store.cacheDir).toBe(join(dir, 'cache'));
    expect(existsSync(join(dir, 'project.sqlite'))).toBe(true);
    expect(existsSync(store.cacheDir)).toBe(true);
    expect(store.name()).toBe('Pets');
    expect(store.createdAt()).toBeGreaterThan(Date.now() - 60_000);
    expect(store.dataRoot()).toBeNull();
    expect(store.layout()).toBeNull();
    expect(store.classes()).toEqual([]);
    store.close();
    expect(pragma(join(dir, 'project.sqlite'), 'journal_mode')).toBe('wal');
    expect(pragma(join(dir, 'project.sqlite'), 'user_version')).toBe(latestSchemaVersion);
  });

  it('names a project after its folder by default, and keeps a rename across reopen', () => {
    const dir = join(tempDir(), 'my-flowers');
    const store = createProject(dir);
    expect(store.name()).toBe('my-flowers');
    store.rename('  Flowers 2025 ');
    expect(store.name()).toBe('Flowers 2025');
    expect(() => store.rename('   ')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    const createdAt = store.createdAt();
    store.close();
    const again = openProject(dir);
    expect(again.name()).toBe('Flowers 2025');
    expect(again.createdAt()).toBe(createdAt);
    again.close();
  });

  it('refuses to create over an existing project', () => {
    const dir = tempDir();
    createProject(dir).close();
    expect(() => createProject(dir)).toThrow(
      expect.objectContaining({
        code: 'PROJECT_EXISTS',
        message: expect.stringContaining('Open it instead'),
      }),
    );
  });

  it('refuses to open a folder without a project, saying what to do', () => {
    const dir = tempDir();
    expect(() => openProject(dir)).toThrow(
      expect.objectContaining({
        code: 'NOT_A_PROJECT',
        message: expect.stringMatching(/Create a project there/),
      }),
    );
    expect(() => openProject(join(dir, 'does-not-exist'))).toThrow(
      expect.objectContaining({ code: 'NOT_A_PROJECT' }),
    );
    expect(existsSync(join(dir, 'project.sqlite'))).toBe(false);
  });

  it('refuses a project.sqlite that is not a database, or an empty one', () => {
    const garbage = tempDir();
    writeFileSync(
      join(garbage, 'project.sqlite'),
      'this is not sqlite, just text that is long enough to matter',
    );
    expect(() => openProject(garbage)).toThrow(expect.objectContaining({ code: 'NOT_A_PROJECT' }));
    const empty = tempDir();
    new DatabaseSync(join(empty, 'project.sqlite')).close();
    expect(() => openProject(empty)).toThrow(expect.objectContaining({ code: 'NOT_A_PROJECT' }));
  });

  it('refuses a database from a newer deskfit and leaves it untouched', () => {
    const dir = tempDir();
    createProject(dir).close();
    const file = join(dir, 'project.sqlite');
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${latestSchemaVersion + 1}`);
    db.close();
    expect(() => openProject(dir)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_TOO_NEW', message: expect.stringContaining('Update deskfit') }),
    );
    expect(pragma(file, 'user_version')).toBe(latestSchemaVersion + 1);
    // The refused open released its lock: a plain connection can write.
    const after = new DatabaseSync(file, { timeout: 0 });
    expect(() => after.exec('PRAGMA user_version = 1')).not.toThrow();
    after.close();
  });

  it('gives PROJECT_LOCKED naming the holder when the project is already open in this process', () => {
    const dir = tempDir();
    const store = createProject(dir);
    expect(() => openProject(dir)).toThrow(
      expect.objectContaining({
        code: 'PROJECT_LOCKED',
        message: expect.stringContaining(`pid ${process.pid}`),
      }),
    );
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    store.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    const again = openProject(dir);
    again.close();
  });

  it('close is idempotent and later calls say the project is closed', () => {
    const store = createProject(tempDir());
    store.close();
    expect(() => store.close()).not.toThrow();
    expect(() => store.stats()).toThrow(expect.objectContaining({ code: 'PROJECT_CLOSED' }));
  });

  it('recreates a deleted cache folder on open', () => {
    const dir = tempDir();
    const store = createProject(dir);
    store.close();
    rmSync(join(dir, 'cache'), { recursive: true });
    openProject(dir).close();
    expect(existsSync(join(dir, 'cache'))).toBe(true);
  });

  it('refuses to create a project where a file is in the way', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'occupied'), 'x');
    expect(() => createProject(join(dir, 'occupied'))).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
  });
});

describe('settings and meta', () => {
  it('stores JSON settings that survive reopen; undefined removes one', () => {
    const dir = tempDir();
    const store = createProject(dir);
    store.setSetting('train', { epochs: 5, lr: 0.003, arch: 'resnet-ish' });
    store.setSetting('flag', true);
    store.setSetting('gone', 1);
    store.setSetting('gone', undefined);
    store.close();
    const again = openProject(dir);
    expect(again.getSetting('train')).toEqual({ epochs: 5, lr: 0.003, arch: 'resnet-ish' });
    expect(again.getSetting<boolean>('flag')).toBe(true);
    expect(again.getSetting('gone')).toBeUndefined();
    expect(again.getSetting('never-set')).toBeUndefined();
    again.close();
  });

  it('records the data root and layout of the import, and resolves item files under the root', () => {
    const dir = tempDir();
    const root = join(tempDir(), 'pets');
    mkdirSync(root);
    const store = createProject(dir);
    store.applyImport(petsPlan(root));
    expect(store.dataRoot()).toBe(root);
    expect(store.layout()).toBe('folder-per-class');
    const id = store.queryIds({
      sort: 'path',
      descending: false,
      offset: 0,
      limit: 1,
      search: 'Big Dog',
    })[0]!;
    expect(store.itemFile(id)).toBe(join(root, 'Dog', 'Big Dog.PNG'));
    expect(store.itemFile(999_999)).toBeUndefined();
    store.close();
  });

  it('has no item file before anything is imported', () => {
    const store = createProject(tempDir());
    expect(store.itemFile(1)).toBeUndefined();
    store.close();
  });
});

describe('write failures', () => {
  function sqliteError(setup: (db: DatabaseSync) => void, write: string): unknown {
    const db = new DatabaseSync(join(tempDir(), 'scratch.sqlite'));
    try {
      db.exec('CREATE TABLE t (x TEXT)');
      setup(db);
      db.exec(write);
    } catch (err) {
      return err;
    } finally {
      db.close();
    }
    throw new Error('the write did not fail');
  }

  it('a full disk becomes DISK_FULL saying nothing changed and what to do', () => {
    const err = sqliteError(
      (db) => db.exec('PRAGMA max_page_count = 2'),
      'INSERT INTO t SELECT hex(randomblob(500)) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n)',
    );
    expect(describeWriteFailure(err, '/p')).toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringMatching(/in \/p is full; nothing was changed\. Free some space/),
    });
  });

  it('a read-only database becomes WRITE_FAILED; other errors pass through', () => {
    const err = sqliteError((db) => db.exec('PRAGMA query_only = ON'), "INSERT INTO t VALUES ('x')");
    expect(describeWriteFailure(err, '/p')).toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringMatching(/in \/p cannot be written \(.+\); nothing was changed\. Check that/),
    });
    expect(
      describeWriteFailure(
        sqliteError(() => undefined, 'INSERT INTO nowhere VALUES (1)'),
        '/p',
      ),
    ).toBeUndefined();
    expect(describeWriteFailure(new Error('boom'), '/p')).toBeUndefined();
  });
});
