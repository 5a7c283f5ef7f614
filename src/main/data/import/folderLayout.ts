/**
 * Reads labels and splits from folder names, the conventions fastai and ImageNet use: a folder per
 * class, or `train/` + `valid/` (`val/`, `validation/`) each holding class folders, with an
 * unlabeled `test/` kept apart. The class is the first folder under the root (or under train/valid),
 * so junk folders nested inside a class keep that class.
 */
import { ClassNameSchema, type Layout, type Split } from '../../../shared/dataset';
import type { WalkedFile } from './walk';

const trainNames = new Set(['train', 'training']);
const validNames = new Set(['valid', 'val', 'validation']);
const testNames = new Set(['test', 'testing']);

export interface FolderLayout {
  layout: Exclude<Layout, 'csv'>;
  classes: string[];
  /** Labels the folders give a file ([] when none). */
  labelsOf(file: WalkedFile): string[];
  /** The split the folders impose, if any (test/ always; train/ and valid/ when both exist). */
  splitOf(file: WalkedFile): Split | undefined;
}

/** A folder name as a class name, or undefined when it cannot be one. */
export function folderClassName(name: string): string | undefined {
  const parsed = ClassNameSchema.safeParse(name.normalize('NFC'));
  return parsed.success ? parsed.data : undefined;
}

/**
 * `isImageLike`: whether a file counts as an image for deciding the layout (by its name; a folder of
 * notes is not a class).
 */
export function detectFolderLayout(
  files: WalkedFile[],
  isImageLike: (file: WalkedFile) => boolean,
): FolderLayout {
  const imagesByTop = new Map<string, number>();
  const classesUnderTop = new Map<string, Set<string>>();
  for (const file of files) {
    if (file.segments.length < 2 || !isImageLike(file)) continue;
    const top = file.segments[0] ?? '';
    imagesByTop.set(top, (imagesByTop.get(top) ?? 0) + 1);
    if (file.segments.length >= 3) {
      const set = classesUnderTop.get(top) ?? new Set<string>();
      set.add(file.segments[1] ?? '');
      classesUnderTop.set(top, set);
    }
  }
  const tops = [...imagesByTop.keys()].sort();
  const find = (names: Set<string>): string | undefined => tops.find((t) => names.has(t.toLowerCase()));
  const trainDir = find(trainNames);
  const validDir = find(validNames);
  const testDir = find(testNames);
  const splitDirs = trainDir !== undefined && validDir !== undefined;

  const splitOf = (file: WalkedFile): Split | undefined => {
    if (file.segments.length < 2) return undefined;
    const top = file.segments[0];
    if (top === testDir) return 'test';
    if (splitDirs && top === trainDir) return 'train';
    if (splitDirs && top === validDir) return 'valid';
    return undefined;
  };

  const trainHasClasses = trainDir !== undefined && (classesUnderTop.get(trainDir)?.size ?? 0) > 0;
  if (trainDir !== undefined && (validDir !== undefined || testDir !== undefined || trainHasClasses)) {
    const labelled = new Set([trainDir, validDir].filter((d): d is string => d !== undefined));
    const classes = new Set<string>();
    for (const dir of labelled)
      for (const name of classesUnderTop.get(dir) ?? []) {
        const cls = folderClassName(name);
        if (cls) classes.add(cls);
      }
    return {
      layout: 'train-valid-folders',
      classes: [...classes].sort(),
      labelsOf: (file) => {
        if (file.segments.length < 3 || !labelled.has(file.segments[0] ?? '')) return [];
        const cls = folderClassName(file.segments[1] ?? '');
        return cls ? [cls] : [];
      },
      splitOf,
    };
  }

  const classTops = tops.filter((t) => t !== testDir && folderClassName(t) !== undefined);
  if (classTops.length >= 2) {
    const classSet = new Set(classTops);
    return {
      layout: 'folder-per-class',
      classes: [...new Set(classTops.map((t) => folderClassName(t) ?? t))].sort(),
      labelsOf: (file) => {
        const top = file.segments[0] ?? '';
        if (file.segments.length < 2 || !classSet.has(top)) return [];
        const cls = folderClassName(top);
        return cls ? [cls] : [];
      },
      splitOf,
    };
  }

  return { layout: 'unlabeled', classes: [], labelsOf: () => [], splitOf };
}
