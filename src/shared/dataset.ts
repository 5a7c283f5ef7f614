/**
 * Projects, datasets and labels as they cross the contract: items, classes, counts, queries, import
 * previews and summaries. Runtime-neutral (no node, DOM or electron).
 */
import { z } from 'zod';

export const splits = ['train', 'valid', 'test'] as const;
export const SplitSchema = z.enum(splits);
export type Split = z.infer<typeof SplitSchema>;

export const layouts = ['folder-per-class', 'train-valid-folders', 'csv', 'unlabeled'] as const;
export const LayoutSchema = z.enum(layouts);
export type Layout = z.infer<typeof LayoutSchema>;

/** Why a file cannot be used for training; the reason text names the cause and the next step. */
export const problemKinds = [
  'corrupt',
  'truncated',
  'empty',
  'not-an-image',
  'unsupported',
  'too-large',
  'unreadable',
  'duplicate',
  'missing',
] as const;
export const ProblemKindSchema = z.enum(problemKinds);
export type ProblemKind = z.infer<typeof ProblemKindSchema>;

export const ProblemSchema = z.object({ kind: ProblemKindSchema, reason: z.string() });
export type Problem = z.infer<typeof ProblemSchema>;

/** A class name: visible text, no leading/trailing space, no path separators or control characters. */
export const ClassNameSchema = z
  .string()
  .trim()
  .min(1, 'A class name cannot be empty.')
  .max(200, 'A class name can be at most 200 characters.')
  .refine(
    (s) => ![...s].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20),
    'A class name cannot contain slashes or control characters.',
  );

export const ItemSchema = z.object({
  id: z.number().int(),
  /** Path relative to the project's data root, with forward slashes. */
  path: z.string(),
  hash: z.string().nullable(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  split: SplitSchema,
  /** Single-label: zero or one entry. Multi-label: any number. */
  labels: z.array(z.string()),
  problem: ProblemSchema.nullable(),
  excluded: z.boolean(),
  /** The file was there at an earlier import and is gone now (its labels are kept). */
  missing: z.boolean(),
});
export type Item = z.infer<typeof ItemSchema>;

/**
 * The item's file decodes to a picture the app can show: present, hashed, and either without a
 * problem or only a duplicate (a good image, kept out of training because another file has it).
 */
export function hasPicture(item: Pick<Item, 'hash' | 'problem' | 'missing'>): boolean {
  return !item.missing && item.hash !== null && (item.problem === null || item.problem.kind === 'duplicate');
}

export const itemSortKeys = ['path', 'label', 'size', 'width', 'added'] as const;

export const ItemQuerySchema = z
  .object({
    split: SplitSchema.optional(),
    label: z.string().optional(),
    unlabeled: z.boolean().optional(),
    /** true: only items with a problem; false: only usable items; absent: all. */
    problem: z.boolean().optional(),
    excluded: z.boolean().optional(),
    /** Case-insensitive substring of the path. */
    search: z.string().max(500).optional(),
    sort: z.enum(itemSortKeys).default('path'),
    descending: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(500),
  })
  .strict();
export type ItemQuery = z.input<typeof ItemQuerySchema>;
export type ItemQueryArgs = z.output<typeof ItemQuerySchema>;

export const ItemPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  items: z.array(ItemSchema),
});
export type ItemPage = z.infer<typeof ItemPageSchema>;

export const SplitCountsSchema = z.object({
  train: z.number().int(),
  valid: z.number().int(),
  test: z.number().int(),
});
export type SplitCounts = z.infer<typeof SplitCountsSchema>;

export const DatasetStatsSchema = z.object({
  total: z.number().int(),
  /** Items usable for training (no problem, not excluded, not missing). */
  usable: z.number().int(),
  bySplit: SplitCountsSchema,
  classes: z.array(z.object({ name: z.string(), counts: SplitCountsSchema, total: z.number().int() })),
  unlabeled: z.number().int(),
  problems: z.number().int(),
  excluded: z.number().int(),
  missing: z.number().int(),
});
export type DatasetStats = z.infer<typeof DatasetStatsSchema>;

export const ProjectSummarySchema = z.object({
  dir: z.string(),
  name: z.string(),
  dataRoot: z.string().nullable(),
  layout: LayoutSchema.nullable(),
  createdAt: z.number(),
  stats: DatasetStatsSchema,
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;

export const RecentProjectSchema = z.object({
  dir: z.string(),
  name: z.string(),
  openedAt: z.number(),
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const CsvOptionsSchema = z
  .object({
    /** The CSV file, absolute or relative to the folder. */
    file: z.string().min(1),
    nameColumn: z.string().optional(),
    labelColumn: z.string().optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    /** Separator of tags in a multi-label cell (fastai: a space). */
    labelDelimiter: z.string().min(1).max(3).optional(),
  })
  .strict();
export type CsvOptions = z.infer<typeof CsvOptionsSchema>;

export const ImportOptionsSchema = z
  .object({
    folder: z.string().min(1),
    csv: CsvOptionsSchema.optional(),
    /**
     * A list of validation images, one name a line (fastai's `FileSplitter`/`valid.txt`), absolute or
     * relative to the folder. Without it a `valid.txt` at the folder's root is used when there is one.
     */
    validFile: z.string().min(1).optional(),
    validPct: z.number().min(0).max(0.9).default(0.2),
    seed: z.number().int().min(0).default(42),
  })
  .strict();
export type ImportOptions = z.input<typeof ImportOptionsSchema>;
export type ImportOptionsArgs = z.output<typeof ImportOptionsSchema>;

export const CsvCandidateSchema = z.object({
  file: z.string(),
  delimiter: z.string(),
  columns: z.array(z.string()),
  /** Suggested columns; absent when the choice is ambiguous and the user must pick. */
  nameColumn: z.string().optional(),
  labelColumn: z.string().optional(),
  multiLabel: z.boolean(),
  sample: z.array(z.array(z.string())),
});
export type CsvCandidate = z.infer<typeof CsvCandidateSchema>;

export const FileProblemSchema = z.object({
  path: z.string(),
  reason: z.string(),
  kind: ProblemKindSchema.optional(),
});
export type FileProblem = z.infer<typeof FileProblemSchema>;

/** What a scan found, shown before anything is written. Cheap: no image is decoded. */
export const ScanPreviewSchema = z.object({
  folder: z.string(),
  layout: LayoutSchema,
  /** Image-looking files found (by name), before validation. */
  images: z.number().int(),
  byClass: z.record(z.string(), z.number().int()),
  bySplit: SplitCountsSchema,
  csvCandidates: z.array(CsvCandidateSchema),
  /** Set when the user must choose (e.g. CSV columns) before importing. */
  needsChoice: z.string().optional(),
  /**
   * The validation list in use (fastai's `valid.txt`): images it names go to valid, the others to
   * train, instead of the random split (folders or a CSV column that fix a split still win).
   */
  validList: z
    .object({
      file: z.string(),
      /** Names in the list (non-empty lines). */
      listed: z.number().int(),
      /** Images it puts in valid. */
      valid: z.number().int(),
      /** Names matching no image (each listed in `problems`). */
      unmatched: z.number().int(),
    })
    .optional(),
  /** Files already known to be unusable from their names alone (non-image extensions…). */
  problems: z.array(FileProblemSchema),
  skippedHidden: z.number().int(),
});
export type ScanPreview = z.infer<typeof ScanPreviewSchema>;

/** The machine-readable import summary (also the last JSON line of `deskfit import --json`). */
export const ImportSummarySchema = z.object({
  project: z.string(),
  layout: LayoutSchema,
  items: z.number().int(),
  byClass: z.record(z.string(), z.number().int()),
  bySplit: SplitCountsSchema,
  problems: z.array(FileProblemSchema),
  added: z.number().int(),
  updated: z.number().int(),
  missing: z.number().int(),
  seconds: z.number(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const importPhases = ['scanning', 'checking', 'writing', 'thumbnails'] as const;
export const ImportProgressSchema = z.object({
  importId: z.string(),
  phase: z.enum(importPhases),
  done: z.number().int(),
  total: z.number().int(),
  file: z.string().optional(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const EditResultSchema = z.object({
  /** Human description of the edit ("Labelled 3 items as cat"), for the undo menu and toasts. */
  description: z.string(),
  changed: z.number().int(),
  stats: DatasetStatsSchema,
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type EditResult = z.infer<typeof EditResultSchema>;

export const FolderListingSchema = z.object({
  dir: z.string(),
  parent: z.string().nullable(),
  entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(['dir', 'file']) })),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

/**
 * URL paths (same origin in the app and under `deskfit serve`) for an item's thumbnail and image.
 * `version` (the item's content hash) goes in the query so a file edited since the page loaded gets
 * a new URL: a browser keeps images by URL and would otherwise go on showing the old picture.
 */
/** The `?v=` of a media path: the start of the item's content hash. */
export const mediaVersion = (hash: string): string => hash.slice(0, 16);

function versioned(path: string, version: string | null | undefined): string {
  return version ? `${path}?v=${encodeURIComponent(mediaVersion(version))}` : path;
}

export const mediaPaths = {
  thumbnail: (itemId: number, version?: string | null) => versioned(`/media/thumb/${itemId}`, version),
  image: (itemId: number, version?: string | null) => versioned(`/media/image/${itemId}`, version),
} as const;
