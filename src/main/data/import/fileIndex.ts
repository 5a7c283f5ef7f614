/**
 * Finds the image a CSV cell names, the way fastai datasets write them: a full relative path
 * (`train/cat/1.jpg`), a path under another prefix (`images/1.jpg` when the folder is `images/`
 * itself), a bare file name, or a name without its extension (planet's `train_0`).
 */
import { nameKey } from '../nameKey';
import { extensionOf } from './imageFormats';

function stripExtension(path: string): string {
  const ext = extensionOf(path);
  return ext ? path.slice(0, -ext.length) : path;
}

/** Every tail of a path's segments: `a/b/c.jpg` → `a/b/c.jpg`, `b/c.jpg`, `c.jpg`. */
function tails(path: string): string[] {
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) out.push(segments.slice(i).join('/'));
  return out;
}

/** A CSV cell as a relative path: trimmed, forward slashes, no leading `./` or `/` (not normalised). */
function csvPath(value: string): string {
  return value
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/** A CSV cell as a name key: `csvPath`, then NFC (see nameKey). */
export function normaliseCsvName(value: string): string {
  return nameKey(csvPath(value));
}

export class FileIndex {
  private readonly bySuffix = new Map<string, string[]>();
  private readonly byStemSuffix = new Map<string, string[]>();

  /**
   * `paths`: relative paths (forward slashes, as on disk) of the files a CSV may name. They are found
   * by their name keys, so a cell in NFC finds a file named in NFD and the other way round.
   */
  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      const key = nameKey(path);
      for (const tail of tails(key)) push(this.bySuffix, tail, path);
      for (const tail of tails(stripExtension(key))) push(this.byStemSuffix, tail, path);
    }
  }

  /**
   * The files a cell names: none, one, or several when the name is ambiguous. Among files whose names
   * differ only in normal form (both can exist on Linux), the one spelled exactly as the cell wins.
   */
  resolve(value: string): string[] {
    const found = this.resolveKey(normaliseCsvName(value));
    // Only twins (one path in two normal forms) are told apart by spelling, never different folders.
    if (found.length < 2 || new Set(found.map(nameKey)).size > 1) return found;
    const exact = csvPath(value);
    const spelled = found.filter((path) => path === exact || path.endsWith(`/${exact}`));
    return spelled.length === 1 ? spelled : found;
  }

  private resolveKey(name: string): string[] {
    if (!name) return [];
    const direct = this.bySuffix.get(name);
    if (direct) return direct;
    const hasExtension = extensionOf(name) !== '';
    if (!hasExtension) {
      const stem = this.byStemSuffix.get(name);
      if (stem) return stem;
    }
    const slash = name.lastIndexOf('/');
    if (slash < 0) return [];
    const base = name.slice(slash + 1);
    return this.bySuffix.get(base) ?? (hasExtension ? [] : (this.byStemSuffix.get(base) ?? []));
  }
}

function push(map: Map<string, string[]>, key: string, path: string): void {
  const list = map.get(key);
  if (list) list.push(path);
  else map.set(key, [path]);
}
