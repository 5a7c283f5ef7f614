/**
 * The seam between the two halves of the data layer: the importer (scan, validate, split, cache)
 * produces an `ImportPlan`; the project store (SQLite) applies it and owns every label edit after.
 */
import type {
  DatasetStats,
  EditResult,
  Item,
  ItemPage,
  ItemQueryArgs,
  Layout,
  Problem,
  Split,
} from '../../shared/dataset';

/** One file the importer looked at (problem files included, hidden/system files not). */
export interface PlannedItem {
  /**
   * Relative to the plan's root, forward slashes, each name exactly as on disk (an NFD name stays NFD
   * so the file opens); the store compares names in NFC when matching known items.
   */
  path: string;
  /** Content hash (hex sha256) of the file; null when it could not be read. */
  hash: string | null;
  size: number;
  /** Modification time (ms since the epoch) of the file when it was read; absent when unknown. */
  mtimeMs?: number | null;
  width: number | null;
  height: number | null;
  split: Split;
  labels: string[];
  problem: Problem | null;
}

/** What the store records about an item's file, to notice an edit made after import. */
export interface FileStamp {
  size: number;
  /** Null for items imported before modification times were recorded. */
  mtimeMs: number | null;
  /** When the project last imported its folder (ms), or null. */
  importedAt: number | null;
}

/** A file's facts read again (see `checkImage`), for `refreshFile`. */
export interface FileFacts {
  hash: string | null;
  size: number;
  mtimeMs: number | null;
  width: number | null;
  height: number | null;
  problem: Problem | null;
}

export interface ImportPlan {
  /** Absolute path of the imported folder (the project's data root). */
  root: string;
  layout: Layout;
  items: PlannedItem[];
  /** Every class the layout names, including classes with no usable item. */
  classes: string[];
}

export interface ApplyImportResult {
  /** New files inserted. */
  added: number;
  /** Files already known (by path) whose facts were refreshed; their labels and split are kept. */
  updated: number;
  /** Known files no longer found: marked missing, labels kept. */
  missing: number;
}

/**
 * A deskfit project: a folder with `project.sqlite` (WAL), `cache/` and settings. One process holds a
 * project at a time. Every edit is one transaction recorded for undo; a method returns only after
 * its transaction is committed, so whatever it acknowledged survives a kill at any moment.
 */
export interface ProjectStoreApi {
  readonly dir: string;
  readonly cacheDir: string;
  name(): string;
  rename(name: string): void;
  createdAt(): number;
  dataRoot(): string | null;
  layout(): Layout | null;

  applyImport(plan: ImportPlan): ApplyImportResult;

  query(query: ItemQueryArgs): ItemPage;
  /** Ids of every item matching the query's filter, in its sort order (offset/limit ignored). */
  queryIds(query: ItemQueryArgs): number[];
  getItem(id: number): Item | undefined;
  /** Absolute path of an item's file (data root + relative path). */
  itemFile(id: number): string | undefined;
  /** Id and content hash of every item that can have a thumbnail (hashed, no problem, not missing). */
  thumbnailSources(): { id: number; hash: string }[];
  /** Size and modification time recorded for an item's file. */
  fileStamp(id: number): FileStamp | undefined;
  /** Every present item's file and stamp, in one query (the check before a job reads the files). */
  fileStamps(): { id: number; path: string; file: string; stamp: FileStamp }[];
  /**
   * Records an item's file facts read again after the file changed on disk (not an undoable edit:
   * labels, split and exclusion stay). Content equal to another usable item's becomes a duplicate.
   */
  refreshFile(id: number, facts: FileFacts): Item | undefined;
  /** Every usable item (no problem, not excluded, not missing) with its split and labels. */
  stats(): DatasetStats;
  classes(): string[];

  assignLabel(itemIds: number[], label: string | null): EditResult;
  setSplit(itemIds: number[], split: Split): EditResult;
  setExcluded(itemIds: number[], excluded: boolean): EditResult;
  addClass(name: string): EditResult;
  renameClass(from: string, to: string): EditResult;
  mergeClasses(from: string[], into: string): EditResult;
  deleteClass(name: string): EditResult;
  undo(): EditResult | null;
  redo(): EditResult | null;
  canUndo(): boolean;
  canRedo(): boolean;

  /** fastai-compatible CSV text: `name,label,is_valid` (tags space-separated; test items left out). */
  exportCsv(): { text: string; rows: number };
  /** Applies labels and splits from a fastai CSV as one undoable edit; returns names not found. */
  importCsv(text: string): { edit: EditResult; unmatched: string[] };

  getSetting<T>(key: string): T | undefined;
  setSetting(key: string, value: unknown): void;

  close(): void;
}
