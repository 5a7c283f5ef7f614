/**
 * fastai's `FileSplitter` / `split_by_file` convention: a text file (`valid.txt` by default) naming
 * the validation images, one a line; every other image is training. Found at the folder's root or
 * named by the user. Names are matched the way CSV names are (a bare file name as fastai compares
 * `x.name`, or a path), and a name matching several files puts them all in valid, as fastai does.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FileProblem } from '../../../shared/dataset';
import { DeskfitError } from '../../../shared/errors';
import { FileIndex } from './fileIndex';
import type { WalkedFile } from './walk';

export const validListName = 'valid.txt';

/** Notes for unmatched names beyond this many are summed up in one. */
const maxNotes = 50;

export interface ValidList {
  /** As shown to the user: relative to the folder when inside it. */
  file: string;
  /** Non-empty lines. */
  listed: number;
  /** Paths (as on disk) of the images it names. */
  valid: Set<string>;
  unmatched: number;
}

export interface ValidListResult {
  /** Absolute path of the list file (detected or named): not an image, not a labels CSV. */
  absPath?: string;
  /** Set when the list decides the split. */
  list?: ValidList;
  notes: FileProblem[];
}

function pickDetected(files: readonly WalkedFile[]): WalkedFile | undefined {
  const atRoot = files.filter((f) => f.segments.length === 1 && f.path.toLowerCase() === validListName);
  return atRoot.find((f) => f.path === validListName) ?? atRoot[0];
}

export async function loadValidList(
  root: string,
  files: readonly WalkedFile[],
  imageLike: (file: WalkedFile) => boolean,
  requested: string | undefined,
  displayPath: (root: string, file: string) => string,
): Promise<ValidListResult> {
  let absPath: string;
  if (requested !== undefined) {
    absPath = resolve(root, requested);
    const info = await stat(absPath).catch(() => undefined);
    if (!info?.isFile())
      throw new DeskfitError(
        'NOT_FOUND',
        `The validation list "${requested}" was not found (looked for ${absPath}). Check the name, or leave the option out to split at random.`,
        { field: 'validFile' },
      );
  } else {
    const detected = pickDetected(files);
    if (detected === undefined) return { notes: [] };
    absPath = detected.absPath;
  }
  const file = displayPath(root, absPath);
  const named = requested !== undefined;

  let text: string;
  try {
    text = (await readFile(absPath, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const reason = `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
    if (named)
      throw new DeskfitError('BAD_REQUEST', `${reason}. Check its permissions.`, { field: 'validFile' });
    return { absPath, notes: [{ path: file, reason: `${reason}, so the random split is used instead.` }] };
  }

  const index = new FileIndex(files.filter(imageLike).map((f) => f.path));
  const valid = new Set<string>();
  const notes: FileProblem[] = [];
  let listed = 0;
  let unmatched = 0;
  let firstName: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const name = line.trim();
    if (name === '') return;
    listed += 1;
    firstName ??= name;
    const paths = index.resolve(name);
    for (const path of paths) valid.add(path);
    if (paths.length > 0) return;
    unmatched += 1;
    if (unmatched <= maxNotes)
      notes.push({
        path: file,
        reason: `Line ${i + 1} of ${file} names "${name}", which is not an image in the folder; it was ignored. Fix the name or remove the line.`,
      });
  });
  if (unmatched > maxNotes)
    notes.push({
      path: file,
      reason: `${unmatched - maxNotes} more lines of ${file} name no image in the folder; they were ignored.`,
    });

  if (valid.size === 0) {
    const what =
      listed === 0
        ? 'is empty'
        : `names none of the images in this folder (${listed} lines, such as "${firstName}")`;
    if (named)
      throw new DeskfitError(
        'BAD_REQUEST',
        `${file} ${what}. A validation list names one image a line (its file name, or its path in the folder); check that it belongs to this folder.`,
        { field: 'validFile' },
      );
    return {
      absPath,
      notes: [
        {
          path: file,
          reason: `${file} ${what}, so it is not used as fastai's validation list: the random split is used instead.`,
        },
      ],
    };
  }
  return { absPath, list: { file, listed, valid, unmatched }, notes };
}
