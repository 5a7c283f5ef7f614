/**
 * The recently opened projects, most recent first, for the start screen and `projects:recent`. Kept
 * as a small JSON file in deskfit's home folder (`DESKFIT_HOME`, else the OS config folder), replaced
 * atomically (temp file + rename) so a crash leaves the old list or the new one, never half of one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../../shared/dataset';
import { databaseFileName } from './projectDatabase';

export const maxRecentProjects = 20;

const StoredRecentSchema = z.array(z.object({ dir: z.string(), name: z.string(), openedAt: z.number() }));
type StoredRecent = z.infer<typeof StoredRecentSchema>;

/** deskfit's per-user folder: `DESKFIT_HOME`, or `deskfit` in the platform's config folder. */
export function deskfitHome(): string {
  const override = process.env['DESKFIT_HOME'];
  if (override) return resolve(override);
  const home = homedir();
  const config =
    process.platform === 'win32'
      ? (process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (process.env['XDG_CONFIG_HOME'] ?? join(home, '.config'));
  return join(config, 'deskfit');
}

function recentFile(): string {
  return join(deskfitHome(), 'recent-projects.json');
}

/** The stored list; an unreadable or damaged file counts as empty (it is only a convenience). */
function readStored(): StoredRecent {
  try {
    const parsed = StoredRecentSchema.safeParse(JSON.parse(readFileSync(recentFile(), 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function writeStored(list: StoredRecent): void {
  const file = recentFile();
  mkdirSync(deskfitHome(), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(list, null, 2)}\n`);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export function listRecent(): RecentProject[] {
  return readStored().map((entry) => ({ ...entry, exists: existsSync(join(entry.dir, databaseFileName)) }));
}

/** Moves (or adds) the project to the top of the list. */
export function touchRecent(dir: string, name: string): void {
  const absolute = resolve(dir);
  const rest = readStored().filter((entry) => entry.dir !== absolute);
  writeStored([{ dir: absolute, name, openedAt: Date.now() }, ...rest].slice(0, maxRecentProjects));
}

export function forgetRecent(dir: string): void {
  const absolute = resolve(dir);
  const list = readStored();
  const kept = list.filter((entry) => entry.dir !== absolute);
  if (kept.length !== list.length) writeStored(kept);
}
