/**
 * Opens a project's SQLite file so that exactly one process holds it: `locking_mode=EXCLUSIVE` plus a
 * write at open makes SQLite take (and keep) the OS lock on the file, which the OS drops if the holder
 * dies, so a crash never leaves a project stuck. The `lock` file beside the database only carries the
 * holder's pid for the error message; it is never trusted for exclusion.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DeskfitError } from '../../../shared/errors';
import { migrate, schemaVersion } from './schema';

export const databaseFileName = 'project.sqlite';
export const lockFileName = 'lock';
export const cacheDirName = 'cache';

/** SQLITE_BUSY and SQLITE_LOCKED: another connection holds the file. */
const busyCodes = new Set([5, 6]);
/** SQLITE_NOTADB: the file exists but is not an SQLite database. */
const notADatabaseCode = 26;

interface LockInfo {
  pid: number;
  host: string;
  openedAt: number;
}

function sqliteErrcode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('errcode' in err)) return undefined;
  const code = (err as { errcode: unknown }).errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

function readLockInfo(dir: string): LockInfo | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, lockFileName), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && typeof parsed.pid === 'number') {
      const info = parsed as Partial<LockInfo> & { pid: number };
      return { pid: info.pid, host: String(info.host ?? ''), openedAt: Number(info.openedAt ?? 0) };
    }
  } catch {
    // No lock file, or a half-written one: the message just leaves the pid out.
  }
  return undefined;
}

function lockedError(dir: string): DeskfitError {
  const info = readLockInfo(dir);
  const holder =
    info === undefined
      ? 'another process'
      : info.pid === process.pid
        ? `this deskfit process (pid ${info.pid})`
        : `another deskfit process (pid ${info.pid}${info.host && info.host !== hostname() ? ` on ${info.host}` : ''})`;
  return new DeskfitError(
    'PROJECT_LOCKED',
    `The project in ${dir} is open in ${holder}. Close it there, or open a copy of the project folder instead.`,
    { dir, pid: info?.pid },
  );
}

/**
 * Opens (creating when `create`) the database in `dir`, takes the exclusive lock, sets durability
 * pragmas and runs migrations. Throws PROJECT_LOCKED, NOT_A_PROJECT or SCHEMA_TOO_NEW.
 */
export function openProjectDatabase(dir: string, create: boolean): DatabaseSync {
  const file = join(dir, databaseFileName);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: 50, enableForeignKeyConstraints: true });
  } catch (err) {
    throw new DeskfitError('NOT_A_PROJECT', `Cannot open ${file}: ${(err as Error).message}.`, { dir });
  }
  try {
    // Must precede the first read so WAL keeps its index in process memory (no -shm shared with others).
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    // After a big import, let checkpoints shrink the WAL back instead of keeping it at its peak size.
    db.exec('PRAGMA journal_size_limit = 67108864');
    // The first write takes the exclusive lock, held until close.
    db.exec('BEGIN IMMEDIATE');
    db.exec('COMMIT');
    if (!create && schemaVersion(db) === 0) {
      throw new DeskfitError(
        'NOT_A_PROJECT',
        `${file} holds no deskfit project (its schema is empty, perhaps from an interrupted create). ` +
          'Delete the file and create the project again, or pick another folder.',
        { dir },
      );
    }
    migrate(db, file);
  } catch (err) {
    db.close();
    if (err instanceof DeskfitError) throw err;
    const code = sqliteErrcode(err);
    if (code !== undefined && busyCodes.has(code)) throw lockedError(dir);
    if (code === notADatabaseCode) {
      throw new DeskfitError(
        'NOT_A_PROJECT',
        `${file} is not an SQLite database. Pick another folder, or move that file away and create a project.`,
        { dir },
      );
    }
    throw describeWriteFailure(err, dir) ?? err;
  }
  const info: LockInfo = { pid: process.pid, host: hostname(), openedAt: Date.now() };
  writeFileSync(join(dir, lockFileName), JSON.stringify(info));
  return db;
}

const sqliteFull = 13;
/** SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN: the file cannot be written. */
const writeFailureCodes = new Set([8, 10, 14]);

/**
 * A failed write as the user should see it: DISK_FULL or WRITE_FAILED naming the project, saying that
 * nothing was changed (the transaction rolled back) and what to do. Undefined for other errors.
 */
export function describeWriteFailure(err: unknown, dir: string): DeskfitError | undefined {
  const code = sqliteErrcode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === sqliteFull) {
    return new DeskfitError(
      'DISK_FULL',
      `The disk holding the project in ${dir} is full; nothing was changed. Free some space and try again.`,
      { dir, sqlite: detail },
    );
  }
  if (code !== undefined && writeFailureCodes.has(code)) {
    return new DeskfitError(
      'WRITE_FAILED',
      `The project database in ${dir} cannot be written (${detail}); nothing was changed. ` +
        'Check that the folder is writable and its disk is connected, then try again.',
      { dir, sqlite: detail },
    );
  }
  return undefined;
}

/** True when `dir` holds a project database (it may still be locked or from a newer deskfit). */
export function holdsProject(dir: string): boolean {
  return existsSync(join(dir, databaseFileName));
}

/** Drops the informational lock file, if it is ours. */
export function removeLockFile(dir: string): void {
  if (readLockInfo(dir)?.pid === process.pid) rmSync(join(dir, lockFileName), { force: true });
}
