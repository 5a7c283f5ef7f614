/**
 * Lists the folders of the machine deskfit runs on, for the browser's folder picker (a browser
 * cannot show a native dialog for a remote machine). Hidden entries are left out.
 */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { FolderListing } from '../../shared/dataset';
import { DeskfitError } from '../../shared/errors';

export async function listFolder(dir: string | undefined, showFiles: boolean): Promise<FolderListing> {
  const target = resolve(dir && dir.trim() !== '' ? dir.trim() : homedir());
  if (dir && !isAbsolute(dir.trim())) {
    throw new DeskfitError(
      'BAD_REQUEST',
      `"${dir}" is not an absolute path. Type a full path such as ${homedir()}.`,
    );
  }
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new DeskfitError(
      'NOT_FOUND',
      `The folder ${target} does not exist. Check the path or pick another folder.`,
    );
  }
  if (!info.isDirectory()) throw new DeskfitError('BAD_REQUEST', `${target} is a file, not a folder.`);
  let names;
  try {
    names = await readdir(target, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DeskfitError(
      'FORBIDDEN',
      `Cannot read the folder ${target} (${code ?? 'error'}). Check its permissions.`,
    );
  }
  const entries: FolderListing['entries'] = [];
  for (const entry of names) {
    if (entry.name.startsWith('.')) continue;
    const path = join(target, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isDir = (await stat(path)).isDirectory();
      } catch {
        continue;
      }
    }
    if (isDir) entries.push({ name: entry.name, path, kind: 'dir' });
    else if (showFiles && entry.isFile()) entries.push({ name: entry.name, path, kind: 'file' });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = dirname(target);
  return { dir: target, parent: parent === target ? null : parent, entries };
}
