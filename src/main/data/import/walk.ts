/**
 * Lists every file under a folder, fast (opendir + batched stat, no reads), with relative paths
 * (forward slashes, names exactly as the file system gave them: an NFD name stays NFD so it still
 * opens; compare names through `nameKey`) and the absolute path to open. Follows
 * symbolic links to folders but skips a link that points back to one of its own ancestors (a loop),
 * and skips hidden/system entries, counting them.
 */
import type { Dirent, Stats } from 'node:fs';
import { opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DeskfitError } from '../../../shared/errors';
import { throwIfCancelled } from './cancel';
import { isHiddenOrSystem } from './imageFormats';

export interface WalkedFile {
  /** Path to open: the folder joined with the names exactly as the file system returned them. */
  absPath: string;
  /** Relative path, forward slashes, each name exactly as on disk (not Unicode-normalised). */
  path: string;
  /** `path` split on '/'. */
  segments: string[];
  size: number;
  /** Modification time, ms since the epoch. */
  mtimeMs: number;
}

/** A folder or link the walk could not follow; not fatal. */
export interface WalkNote {
  path: string;
  kind: 'loop' | 'broken-link' | 'unreadable-folder';
  reason: string;
}

export interface WalkResult {
  files: WalkedFile[];
  skippedHidden: number;
  notes: WalkNote[];
}

const statBatch = 256;

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Checks that `root` is a readable folder; throws a DeskfitError that says what to do otherwise. */
export async function assertFolder(root: string): Promise<void> {
  let info;
  try {
    info = await stat(root);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new DeskfitError(
        'NOT_FOUND',
        `The folder "${root}" does not exist. Check the path or pick the folder again.`,
      );
    if (code === 'EACCES' || code === 'EPERM')
      throw new DeskfitError(
        'BAD_REQUEST',
        `Cannot open the folder "${root}": permission denied. Give deskfit read access to it, or copy the images somewhere readable.`,
      );
    throw new DeskfitError('BAD_REQUEST', `Cannot open the folder "${root}": ${String(err)}.`);
  }
  if (!info.isDirectory())
    throw new DeskfitError(
      'BAD_REQUEST',
      `"${root}" is a file, not a folder. Choose the folder that holds the images (or the CSV's folder).`,
    );
  try {
    const dir = await opendir(root);
    await dir.close();
  } catch (err) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `Cannot read the folder "${root}" (${errorCode(err) ?? String(err)}). Give deskfit read access to it, or copy the images somewhere readable.`,
    );
  }
}

interface Pending {
  entry: Dirent;
  absPath: string;
  path: string;
}

export async function walkFolder(
  root: string,
  options: { signal?: AbortSignal; onFile?: (count: number) => void } = {},
): Promise<WalkResult> {
  await assertFolder(root);
  const result: WalkResult = { files: [], skippedHidden: 0, notes: [] };
  const rootReal = await realpath(root);

  const visit = async (dirAbs: string, dirRel: string, ancestors: string[]): Promise<void> => {
    const dirReal = ancestors[ancestors.length - 1] ?? rootReal;
    throwIfCancelled(options.signal);
    const subfolders: { absPath: string; path: string; real: string }[] = [];
    const pending: Pending[] = [];
    let dir;
    try {
      dir = await opendir(dirAbs);
    } catch (err) {
      result.notes.push({
        path: dirRel,
        kind: 'unreadable-folder',
        reason: `Cannot read this folder (${errorCode(err) ?? String(err)}); its files were not imported. Give deskfit read access and import again.`,
      });
      return;
    }
    for await (const entry of dir) {
      if (isHiddenOrSystem(entry.name)) {
        result.skippedHidden += 1;
        continue;
      }
      const path = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      const absPath = join(dirAbs, entry.name);
      if (entry.isDirectory()) {
        subfolders.push({ absPath, path, real: join(dirReal, entry.name) });
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        pending.push({ entry, absPath, path });
      }
      // Sockets, FIFOs and devices are never images (and reading a FIFO would block): ignored.
    }
    for (let i = 0; i < pending.length; i += statBatch) {
      throwIfCancelled(options.signal);
      const batch = pending.slice(i, i + statBatch);
      const stats = await Promise.all(
        batch.map((p) =>
          stat(p.absPath).then(
            (info): Stats | { error: unknown } => info,
            (error: unknown) => ({ error }),
          ),
        ),
      );
      batch.forEach((p, j) => {
        const info = stats[j];
        if (!info || 'error' in info) {
          result.notes.push({
            path: p.path,
            kind: 'broken-link',
            reason: `Broken link or vanished file (${errorCode(info?.error) ?? 'cannot stat'}); fix the link or delete it.`,
          });
          return;
        }
        if (info.isDirectory() && p.entry.isSymbolicLink()) {
          subfolders.push({ absPath: p.absPath, path: p.path, real: '' });
        } else if (info.isFile()) {
          result.files.push({
            absPath: p.absPath,
            path: p.path,
            segments: p.path.split('/'),
            size: info.size,
            mtimeMs: info.mtimeMs,
          });
        }
      });
      options.onFile?.(result.files.length);
    }
    for (const sub of subfolders) {
      let real = sub.real;
      if (!real) {
        try {
          real = await realpath(sub.absPath);
        } catch {
          result.notes.push({
            path: sub.path,
            kind: 'broken-link',
            reason: 'Broken link to a folder; fix or delete it.',
          });
          continue;
        }
        if (ancestors.includes(real)) {
          result.notes.push({
            path: sub.path,
            kind: 'loop',
            reason: `Link loop: this link points back to ${real === rootReal ? 'the imported folder' : 'one of its own parent folders'}, whose files are already listed; skipped. Nothing to do unless you meant it to point elsewhere.`,
          });
          continue;
        }
      }
      await visit(sub.absPath, sub.path, [...ancestors, real]);
    }
  };

  await visit(root, '', [rootReal]);
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
