/**
 * Finds the image a CSV cell names, the way fastai datasets write them: a full relative path
 * (`train/cat/1.jpg`), a path under another prefix (`images/1.jpg` when the folder is `images/`
 * itself), a bare file name, or a name without its extension (planet's `train_0`).
 */
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

export function normaliseCsvName(value: string): string {
  return value
    .trim()
    .normalize('NFC')
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

export class FileIndex {
  private readonly bySuffix = new Map<string, string[]>();
  private readonly byStemSuffix = new Map<string, string[]>();

  /** `paths`: relative paths (NFC, forward slashes) of the files a CSV may name. */
  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      for (const tail of tails(path)) push(this.bySuffix, tail, path);
      for (const tail of tails(stripExtension(path))) push(this.byStemSuffix, tail, path);
    }
  }

  /** The files a cell names: none, one, or several when the name is ambiguous. */
  resolve(value: string): string[] {
    const name = normaliseCsvName(value);
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
