/**
 * The cheap first look at a folder, shown before anything is written: walks it (no image is
 * decoded), decides the layout (CSV, train/valid folders, folder per class, or unlabeled), gives
 * every file its labels and split (from folders, a CSV column, fastai's valid.txt, or a seeded random
 * split, in that order), and lists what is unusable from names alone.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type {
  FileProblem,
  ImportOptionsArgs,
  Layout,
  Problem,
  ScanPreview,
  Split,
} from '../../../shared/dataset';
import { nameKey } from '../nameKey';
import { throwIfCancelled } from './cancel';
import { chooseCsv } from './csvChoice';
import { detectFolderLayout } from './folderLayout';
import { formatLabel, extensionOf, nameKind, readableFormatList, type NameKind } from './imageFormats';
import type { PlanProgress } from './progress';
import { stratifiedValidSet, stratumOf } from './seededSplit';
import { loadValidList } from './validList';
import { walkFolder, type WalkedFile } from './walk';

export interface ScannedFile {
  absPath: string;
  /** Relative to the folder, forward slashes, names as on disk (compare through `nameKey`). */
  path: string;
  size: number;
  /** Modification time at the walk (ms); null for a CSV row whose file is missing. */
  mtimeMs: number | null;
  split: Split;
  labels: string[];
  /** Known from the name alone (not an image, unsupported format, CSV row without a file); else null. */
  problem: Problem | null;
}

export interface ScanResult {
  /** Absolute path of the scanned folder. */
  root: string;
  preview: ScanPreview;
  /** Sorted by path. Hidden/system files and the labels CSV are not listed. */
  files: ScannedFile[];
  /** Every class the layout names, including classes with no usable item. */
  classes: string[];
}

function nameProblem(kind: NameKind, name: string): Problem | null {
  if (kind === 'image') return null;
  const ext = extensionOf(name);
  if (kind === 'unsupported-image')
    return {
      kind: 'unsupported',
      reason: `${formatLabel(ext)} images cannot be read by deskfit (it reads ${readableFormatList}). Convert the file to PNG or JPEG.`,
    };
  return {
    kind: 'not-an-image',
    reason: `Not an image file (${ext || 'no extension'}), so it is not imported. Move it out of the dataset folder to clear this.`,
  };
}

function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  // Not normalised: the user may pick this name back as the CSV option, and it must still open.
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

export async function scanFolder(
  options: ImportOptionsArgs,
  signal?: AbortSignal,
  onProgress?: (progress: PlanProgress) => void,
): Promise<ScanResult> {
  const root = resolve(options.folder);
  const walked = await walkFolder(root, {
    signal,
    onFile: (count) => onProgress?.({ phase: 'scanning', done: count, total: 0 }),
  });
  throwIfCancelled(signal);

  const kinds = new Map<WalkedFile, NameKind>();
  for (const file of walked.files) kinds.set(file, nameKind(file.path));
  const imageLike = (file: WalkedFile): boolean => kinds.get(file) !== 'other';

  const validList = await loadValidList(root, walked.files, imageLike, options.validFile, displayPath);
  const listFile = validList.absPath;
  const csv = await chooseCsv(
    root,
    listFile === undefined ? walked.files : walked.files.filter((f) => f.absPath !== listFile),
    imageLike,
    options.csv,
    displayPath,
  );
  throwIfCancelled(signal);
  const folders = detectFolderLayout(walked.files, imageLike);
  const layout: Layout = csv.chosen ? 'csv' : folders.layout;
  const labelling = csv.chosen?.labelling;
  const list = validList.list;
  let listedValid = 0;

  const files: ScannedFile[] = [];
  const toSplit: { file: ScannedFile; group: string }[] = [];
  for (const walkedFile of walked.files) {
    if (csv.tableFiles.has(walkedFile.absPath) || walkedFile.absPath === listFile) continue;
    const kind = kinds.get(walkedFile) ?? 'other';
    const labels = labelling ? (labelling.labels.get(walkedFile.path) ?? []) : folders.labelsOf(walkedFile);
    const fixed = labelling?.splits.get(walkedFile.path) ?? folders.splitOf(walkedFile);
    const scanned: ScannedFile = {
      absPath: walkedFile.absPath,
      path: walkedFile.path,
      size: walkedFile.size,
      mtimeMs: walkedFile.mtimeMs,
      split: fixed ?? 'train',
      labels,
      problem: nameProblem(kind, walkedFile.path),
    };
    files.push(scanned);
    if (kind === 'other' || fixed !== undefined) continue;
    if (list === undefined) toSplit.push({ file: scanned, group: stratumOf(scanned.labels) });
    else if (list.valid.has(scanned.path)) {
      // fastai's FileSplitter: listed images are valid, every other one is train.
      scanned.split = 'valid';
      if (scanned.problem === null) listedValid += 1;
    }
  }
  const notes: FileProblem[] = [...(labelling?.notes ?? []), ...validList.notes];
  const walkedKeys = new Set(walked.files.map((f) => nameKey(f.path)));
  for (const row of labelling?.missing ?? []) {
    // A row naming a non-image that exists, or a path outside the folder, cannot be an item.
    if (walkedKeys.has(nameKey(row.path)) || row.path.split('/').includes('..')) {
      notes.push({ path: row.path, reason: row.reason, kind: 'missing' });
      continue;
    }
    files.push({
      absPath: resolve(root, row.path),
      path: row.path,
      size: 0,
      mtimeMs: null,
      split: row.split ?? 'train',
      labels: row.labels,
      problem: { kind: 'missing', reason: row.reason },
    });
  }
  // Ranked by name key: a folder copied between systems (NFC ↔ NFD names) splits the same way.
  const valid = stratifiedValidSet(
    toSplit.map((s) => ({ path: nameKey(s.file.path), group: s.group })),
    options.validPct,
    options.seed,
  );
  for (const { file } of toSplit) file.split = valid.has(nameKey(file.path)) ? 'valid' : 'train';
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const problems: FileProblem[] = [];
  for (const file of files)
    if (file.problem)
      problems.push({ path: file.path, reason: file.problem.reason, kind: file.problem.kind });
  problems.push(...notes);
  for (const note of walked.notes)
    problems.push({
      path: note.path,
      reason: note.reason,
      ...(note.kind === 'broken-link' ? { kind: 'missing' as const } : {}),
      ...(note.kind === 'unreadable-folder' ? { kind: 'unreadable' as const } : {}),
    });

  const byClass: Record<string, number> = {};
  const bySplit = { train: 0, valid: 0, test: 0 };
  let images = 0;
  for (const file of files) {
    if (file.problem) continue;
    images += 1;
    bySplit[file.split] += 1;
    for (const label of file.labels) byClass[label] = (byClass[label] ?? 0) + 1;
  }
  const classes = csv.chosen ? csv.chosen.labelling.classes : folders.classes;
  for (const cls of classes) byClass[cls] ??= 0;

  const preview: ScanPreview = {
    folder: root,
    layout,
    images,
    byClass,
    bySplit,
    csvCandidates: csv.candidates,
    ...(csv.needsChoice ? { needsChoice: csv.needsChoice } : {}),
    ...(list
      ? { validList: { file: list.file, listed: list.listed, valid: listedValid, unmatched: list.unmatched } }
      : {}),
    problems,
    skippedHidden: walked.skippedHidden,
  };
  return { root, preview, files, classes };
}
