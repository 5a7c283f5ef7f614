/**
 * The recently opened projects, most recent first, for the start screen and `projects:recent`. Kept
 * as a small JSON file in deskfit's home folder (`DESKFIT_HOME`, else the OS config folder; see
 * homeFiles: replaced atomically, a damaged file reads as an empty list).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../../shared/dataset';
import { readHomeJson, writeHomeJson } from './homeFiles';
import { databaseFileName } from './projectDatabase';

export const maxRecentProjects = 20;

const StoredRecentSchema = z.array(z.object({ dir: z.string(), name: z.string(), openedAt: z.number() }));
type StoredRecent = z.infer<typeof StoredRecentSchema>;

const recentFile = 'recent-projects.json';

/** The stored list; an unreadable or damaged file counts as empty (it is only a convenience). */
function readStored(): StoredRecent {
  return readHomeJson(recentFile, StoredRecentSchema, []);
}

function writeStored(list: StoredRecent): void {
  writeHomeJson(recentFile, list);
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
