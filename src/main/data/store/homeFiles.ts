/**
 * Small JSON files in deskfit's per-user folder (recent projects, preferences). Each is replaced
 * atomically (temp file + rename), so a crash leaves the old content or the new, never half of it;
 * an unreadable or damaged file reads as the fallback, since these files are only conveniences.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { z } from 'zod';

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

/** The file `name` in deskfit's home folder, parsed by `schema`; `fallback` when absent or damaged. */
export function readHomeJson<T>(name: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(join(deskfitHome(), name), 'utf8')));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function writeHomeJson(name: string, value: unknown): void {
  const file = join(deskfitHome(), name);
  mkdirSync(deskfitHome(), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
