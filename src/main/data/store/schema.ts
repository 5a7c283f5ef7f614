/**
 * The project database's schema, as an ordered list of migrations. `PRAGMA user_version` records how
 * many have run; opening runs the missing ones in one transaction, and refuses a database written by a
 * newer deskfit rather than guessing at tables it does not know.
 */
import type { DatabaseSync } from 'node:sqlite';
import { DeskfitError } from '../../../shared/errors';
import { searchKeyOf } from './searchKey';

interface Migration {
  /** What the migration is for, kept for whoever reads the history. */
  why: string;
  sql: string;
  /** Work SQL alone cannot do (runs after `sql`, in the same transaction). */
  run?: (db: DatabaseSync) => void;
}

/** Fills `search_key` for every item whose path needs one (see searchKey.ts). */
function fillSearchKeys(db: DatabaseSync): void {
  const update = db.prepare('UPDATE items SET search_key = ? WHERE id = ?');
  // Paths with a byte outside printable ASCII: the only ones that can need a key.
  const rows = db.prepare("SELECT id, path FROM items WHERE path GLOB '*[^ -~]*'").all();
  for (const row of rows) {
    const key = searchKeyOf(String(row['path']));
    if (key !== null) update.run(key, Number(row['id']));
  }
}

/**
 * Indexes serve the browse queries at 100,000 items. Each sort key has one index in its sort order
 * that also holds every filterable column, so a page is one walk along one index with no table
 * lookups and no sort, whatever the filter (the queries name the index, see itemQueries.ts).
 * `items_stats` does the same for the counts; the partial indexes count problems and exclusions.
 * Labels live twice on purpose: `item_labels` is the truth and the index for "items having label X",
 * `items.label_key` is a denormalised copy (sorted labels joined by U+001F, which class names cannot
 * contain) so a page of items, the label sort and the "unlabeled" filter need no join.
 * Edits hold the forward and inverse change sets as JSON; `undone = 1` rows form the redo stack.
 */
export const migrations: readonly Migration[] = [
  {
    why: 'initial schema: meta, settings, items, classes, labels, edit history',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        hash TEXT,
        size INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        split TEXT NOT NULL CHECK (split IN ('train', 'valid', 'test')),
        problem_kind TEXT,
        problem_reason TEXT,
        excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
        missing INTEGER NOT NULL DEFAULT 0 CHECK (missing IN (0, 1)),
        added_at INTEGER NOT NULL,
        label_key TEXT
      );
      CREATE INDEX items_by_path ON items (path, split, label_key, excluded, missing, problem_kind);
      CREATE INDEX items_by_label ON items (label_key, path, split, excluded, missing, problem_kind);
      CREATE INDEX items_by_size ON items (size, path, split, label_key, excluded, missing, problem_kind);
      CREATE INDEX items_by_width ON items (width, path, split, label_key, excluded, missing, problem_kind);
      CREATE INDEX items_stats ON items (label_key, split, excluded, missing, problem_kind);
      CREATE INDEX items_trouble ON items (path) WHERE problem_kind IS NOT NULL OR missing = 1;
      CREATE INDEX items_excluded ON items (path) WHERE excluded = 1;
      CREATE TABLE classes (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE item_labels (
        item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        label TEXT NOT NULL REFERENCES classes (name),
        PRIMARY KEY (item_id, label)
      ) WITHOUT ROWID;
      CREATE INDEX item_labels_label ON item_labels (label, item_id);
      CREATE TABLE edits (
        id INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        forward TEXT NOT NULL,
        inverse TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX edits_undone ON edits (undone, id);
    `,
  },
  {
    why:
      'search folds case beyond ASCII: items.search_key (the folded path, NULL for plain ASCII), ' +
      'added to every sort index so a search stays a covering index walk',
    sql: `
      ALTER TABLE items ADD COLUMN search_key TEXT;
      DROP INDEX items_by_path;
      DROP INDEX items_by_label;
      DROP INDEX items_by_size;
      DROP INDEX items_by_width;
      CREATE INDEX items_by_path ON items (path, split, label_key, excluded, missing, problem_kind, search_key);
      CREATE INDEX items_by_label ON items (label_key, path, split, excluded, missing, problem_kind, search_key);
      CREATE INDEX items_by_size ON items (size, path, split, label_key, excluded, missing, problem_kind, search_key);
      CREATE INDEX items_by_width ON items (width, path, split, label_key, excluded, missing, problem_kind, search_key);
    `,
    run: fillSearchKeys,
  },
  {
    why:
      'items.mtime_ms: the modification time of the file when its facts were read, so a file edited ' +
      'after import is noticed (with its size) and checked again; NULL for items imported before',
    sql: `ALTER TABLE items ADD COLUMN mtime_ms REAL;`,
  },
];

export const latestSchemaVersion = migrations.length;

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  return Number(row?.['user_version'] ?? 0);
}

/** Brings the schema up to date in one transaction; `file` names the database in error messages. */
export function migrate(db: DatabaseSync, file: string): void {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw new DeskfitError(
      'SCHEMA_TOO_NEW',
      `${file} was written by a newer deskfit (schema ${current}; this version knows up to ${latestSchemaVersion}). ` +
        'Update deskfit to open this project.',
      { file, version: current, supported: latestSchemaVersion },
    );
  }
  if (current === latestSchemaVersion) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const migration of migrations.slice(current)) {
      db.exec(migration.sql);
      migration.run?.(db);
    }
    db.exec(`PRAGMA user_version = ${latestSchemaVersion}`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
