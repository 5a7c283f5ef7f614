/**
 * The one contract between the renderer and the service, whatever carries it (Electron IPC or the
 * WebSocket of `deskfit serve`). Requests map a `domain:verb` name to an input and an output schema;
 * events map a `domain:event` name to a payload schema. Types are inferred from the schemas, so the
 * two cannot drift. Runtime-neutral: no node, DOM or electron imports here.
 */
import { z } from 'zod';
import { ErrorShapeSchema } from './errors';
import { UiPreferencesSchema } from './preferences';
import {
  ClassNameSchema,
  DatasetStatsSchema,
  EditResultSchema,
  FolderListingSchema,
  ImportOptionsSchema,
  ImportProgressSchema,
  ImportSummarySchema,
  ItemPageSchema,
  ItemQuerySchema,
  ItemSchema,
  ProjectSummarySchema,
  RecentProjectSchema,
  ScanPreviewSchema,
  SplitSchema,
} from './dataset';
import {
  AugSettingsSchema,
  InterpretResultSchema,
  OneCycleSchema,
  OptimizerNameSchema,
  RunRecordSchema,
  RunSummarySchema,
  TrainingSettingsSchema,
} from './training';

// ---- app -------------------------------------------------------------------------------------

export const AppInfoSchema = z.object({
  name: z.literal('deskfit'),
  version: z.string(),
  mode: z.enum(['electron', 'web']),
  node: z.string(),
  electron: z.string().optional(),
  platform: z.string(),
  arch: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

// ---- backend ---------------------------------------------------------------------------------

export const backendNames = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export const BackendNameSchema = z.enum(backendNames);
export type BackendName = z.infer<typeof BackendNameSchema>;

export const BackendCandidateSchema = z.object({
  name: BackendNameSchema,
  ok: z.boolean(),
  /** Why it is live, why it was not used, or why it failed (always present). */
  reason: z.string(),
  /** Requirements a user must meet, e.g. CUDA/cuDNN versions for tfjs-node-gpu. */
  requires: z.string().optional(),
});
export type BackendCandidate = z.infer<typeof BackendCandidateSchema>;

export const DoctorReportSchema = z.object({
  backend: BackendNameSchema,
  candidates: z.array(BackendCandidateSchema),
  tfjsVersion: z.string(),
  /** Gradient kernels deskfit registered because the live backend lacks them. */
  patchedKernels: z.array(z.string()),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  gpu: z.object({
    cuda: z.string(),
    cudnn: z.string(),
    platforms: z.string(),
    note: z.string(),
  }),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

// ---- jobs ------------------------------------------------------------------------------------

export const SelftestParamsSchema = z
  .object({
    steps: z.number().int().min(2).max(500).default(30),
    batchSize: z.number().int().min(2).max(256).default(16),
    imageSize: z.number().int().min(8).max(64).default(16),
    seed: z.number().int().min(0).default(42),
  })
  .strict();
export type SelftestParams = z.infer<typeof SelftestParamsSchema>;

export const SelftestResultSchema = z.object({
  backend: BackendNameSchema,
  losses: z.array(z.number()),
  firstLoss: z.number(),
  lastLoss: z.number(),
  fell: z.boolean(),
  imagesPerSecond: z.number(),
  seconds: z.number(),
});
export type SelftestResult = z.infer<typeof SelftestResultSchema>;

/** Model architectures (the engine's registry; a unit test keeps the two lists equal). */
export const archNames = ['simple-cnn', 'resnet18', 'resnet34', 'densenet', 'mobilenetv2'] as const;
export const ArchSchema = z.enum(archNames);
export type Arch = z.infer<typeof ArchSchema>;

const modelParams = {
  arch: ArchSchema.default('resnet18'),
  /** Side of the square training images in pixels. */
  size: z.number().int().min(16).max(512).default(64),
  batchSize: z.number().int().min(1).max(1024).default(64),
  seed: z.number().int().min(0).default(42),
  /** Base channel width (smaller trains faster; default is the architecture's own). */
  width: z.number().int().min(1).max(256).optional(),
  /** Use pretrained weights where the architecture has them (mobilenetv2, or a custom body). */
  pretrained: z.boolean().optional(),
  /**
   * Any TF.js Layers model on disk (its model.json or folder): its body, cut before the last pooling
   * layer, replaces `arch`'s, under fastai's head; its weights are kept (and frozen first) unless
   * `pretrained` is false.
   */
  body: z.string().min(1).optional(),
};

export const LrFindParamsSchema = z
  .object({
    ...modelParams,
    start: z.number().positive().default(1e-7),
    end: z.number().positive().max(100).default(10),
    numIt: z.number().int().min(6).max(1000).default(100),
  })
  .strict();
export type LrFindParams = z.infer<typeof LrFindParamsSchema>;

export const TrainParamsSchema = z
  .object({
    ...modelParams,
    epochs: z.number().int().min(1).max(1000).default(5),
    /** A learning rate, or 'auto' to run the LR finder first and take its valley suggestion. */
    lr: z.union([z.number().positive().max(10), z.literal('auto')]).default('auto'),
    fineTune: z.boolean().default(false),
    freezeEpochs: z.number().int().min(0).max(100).default(1),
    wd: z.number().min(0).max(1).default(0.01),
    augment: z.boolean().default(true),
    /** Augmentation settings; absent → the project's saved settings (fastai's defaults at first). */
    augmentation: AugSettingsSchema.optional(),
    labelSmoothing: z.number().min(0).max(1).default(0),
    optimizer: OptimizerNameSchema.default('adamw'),
    oneCycle: OneCycleSchema.prefault({}),
    /**
     * Discriminative rates: the earliest layer group trains at lr / lrMult, the head at lr (fastai's
     * `slice(lr/lrMult, lr)`). Absent → 100 for the unfrozen phase of fine-tune, 1 otherwise.
     */
    lrMult: z.number().min(1).max(1e6).optional(),
    /** Continue this stopped or crashed run from its last checkpoint (same params and data order). */
    resumeRunId: z.string().min(1).optional(),
  })
  .strict();
export type TrainParams = z.infer<typeof TrainParamsSchema>;

/** Which trained model a job uses: a run of the open project (latest when absent) or a model folder. */
const modelSource = {
  runId: z.string().min(1).optional(),
  /** A model folder (an export or a run's model); wins over runId. */
  modelDir: z.string().min(1).optional(),
};

export const InterpretParamsSchema = z
  .object({
    ...modelSource,
    /** Test-time augmentation as fastai's `tta`: 4 augmented passes averaged, then 0.25 of the way back to the plain prediction. */
    tta: z.boolean().default(false),
    topLosses: z.number().int().min(1).max(1000).default(50),
  })
  .strict();
export type InterpretParams = z.infer<typeof InterpretParamsSchema>;

/** Base64 characters of all inline images in one request (40 MB of files). */
export const maxInlineBase64Chars = Math.ceil((40 * 1024 * 1024 * 4) / 3) + 64;

export const PredictSourceSchema = z.union([
  /** The open project's test split. */
  z.object({ split: z.literal('test') }).strict(),
  /** Image files or folders (folders are walked recursively). */
  z.object({ paths: z.array(z.string().min(1)).min(1).max(100_000) }).strict(),
  /** Images sent inline (the "try it" drop zone), base64-encoded: each at most 20 MB, 40 MB in all. */
  z
    .object({
      inline: z
        .array(
          z.object({ name: z.string().min(1).max(500), base64: z.string().min(1).max(28_000_000) }).strict(),
        )
        .min(1)
        .max(16)
        .refine((files) => files.reduce((n, f) => n + f.base64.length, 0) <= maxInlineBase64Chars, {
          message: 'Images sent at once may total 40 MB; send fewer at a time.',
        }),
    })
    .strict(),
]);
export type PredictSource = z.infer<typeof PredictSourceSchema>;

export const PredictParamsSchema = z
  .object({
    ...modelSource,
    source: PredictSourceSchema,
    /** Write `name,prediction,probability,<class>…` here. */
    csv: z.string().min(1).optional(),
    tta: z.boolean().default(false),
  })
  .strict();
export type PredictParams = z.infer<typeof PredictParamsSchema>;

export const AugmentPreviewParamsSchema = z
  .object({
    itemId: z.number().int().min(0),
    n: z.number().int().min(1).max(32).default(8),
    size: z.number().int().min(16).max(512).default(160),
    seed: z.number().int().min(0).default(0),
    augmentation: AugSettingsSchema.prefault({}),
  })
  .strict();
export type AugmentPreviewParams = z.infer<typeof AugmentPreviewParamsSchema>;

/** A job is a kind plus its params; later issues add kinds to this union. */
export const JobSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('selftest'), params: SelftestParamsSchema.prefault({}) }).strict(),
  z.object({ kind: z.literal('lr-find'), params: LrFindParamsSchema.prefault({}) }).strict(),
  z.object({ kind: z.literal('train'), params: TrainParamsSchema.prefault({}) }).strict(),
  z.object({ kind: z.literal('interpret'), params: InterpretParamsSchema.prefault({}) }).strict(),
  z.object({ kind: z.literal('predict'), params: PredictParamsSchema }).strict(),
  z.object({ kind: z.literal('augment-preview'), params: AugmentPreviewParamsSchema }).strict(),
]);
export type JobSpec = z.infer<typeof JobSpecSchema>;
export type JobKind = JobSpec['kind'];

export const JobStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  /** Steps done so far and the total, when known. */
  step: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
  message: z.string().optional(),
  /** Figures for this step (e.g. `{loss: 0.69}`); charts read these. */
  metrics: z.record(z.string(), z.number()).optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobInfoSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: JobStateSchema,
  startedAt: z.number(),
  endedAt: z.number().optional(),
  lastProgress: JobProgressSchema.optional(),
  error: ErrorShapeSchema.optional(),
  /** A running train job: the run it writes (`runs:get` gives its curves so far). */
  runId: z.string().optional(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

export const JobDoneSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  /** The kind's result object (for `selftest`, a SelftestResult). */
  result: z.unknown(),
});
export type JobDone = z.infer<typeof JobDoneSchema>;

export const JobFailedSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  error: ErrorShapeSchema,
});
export type JobFailed = z.infer<typeof JobFailedSchema>;

// ---- the maps ----------------------------------------------------------------------------------

const Empty = z.object({}).strict();
/**
 * Item ids one request may carry: 100,000 ids below ten million are under 1 MiB of JSON, the largest
 * message `deskfit serve` accepts. A bigger selection (Select all over a large filter) is sent in
 * parts with `items:stageIds`, then edited by one request naming it: one transaction, one undo step.
 */
export const maxItemIdsPerRequest = 100_000;
const ItemIds = z
  .array(z.number().int().min(0))
  .min(1, 'Select at least one item.')
  .max(
    maxItemIdsPerRequest,
    `At most ${maxItemIdsPerRequest} item ids fit in one request; send the others first with items:stageIds.`,
  );
/** Names a selection sent in parts; made by the client (random, URL-safe). */
const SelectionId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'A selection id is 8–64 letters, digits, "-" or "_".');
const EditOutput = EditResultSchema;

export const ProjectChangedSchema = z.object({
  dir: z.string(),
  /** What changed: 'import', 'edit', 'undo', 'redo', 'rename', 'open', 'close'. */
  reason: z.string(),
  description: z.string().optional(),
  stats: DatasetStatsSchema.nullable(),
});
export type ProjectChanged = z.infer<typeof ProjectChangedSchema>;

export interface RequestSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const requests = {
  'app:info': { input: Empty, output: AppInfoSchema },
  'backend:doctor': { input: Empty, output: DoctorReportSchema },
  'jobs:start': { input: JobSpecSchema, output: z.object({ jobId: z.string() }) },
  'jobs:cancel': {
    input: z.object({ jobId: z.string().min(1) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'jobs:list': { input: Empty, output: z.array(JobInfoSchema) },

  'projects:create': {
    input: z.object({ dir: z.string().min(1), name: z.string().trim().min(1).max(200).optional() }).strict(),
    output: ProjectSummarySchema,
  },
  'projects:open': { input: z.object({ dir: z.string().min(1) }).strict(), output: ProjectSummarySchema },
  'projects:current': { input: Empty, output: ProjectSummarySchema.nullable() },
  'projects:recent': { input: Empty, output: z.array(RecentProjectSchema) },
  'preferences:get': { input: Empty, output: UiPreferencesSchema },
  /** Changes some preferences; answers with all of them as saved. */
  'preferences:save': { input: UiPreferencesSchema.partial().strict(), output: UiPreferencesSchema },
  'projects:rename': {
    input: z.object({ name: z.string().trim().min(1).max(200) }).strict(),
    output: ProjectSummarySchema,
  },
  'projects:close': { input: Empty, output: z.object({ closed: z.boolean() }) },

  'fs:list': {
    input: z.object({ dir: z.string().optional(), showFiles: z.boolean().default(false) }).strict(),
    output: FolderListingSchema,
  },
  /** Native folder dialog in the desktop app; `supported: false` in a browser (use fs:list). */
  'fs:pickFolder': {
    input: Empty,
    output: z.object({ path: z.string().nullable(), supported: z.boolean() }),
  },

  'dataset:scan': { input: ImportOptionsSchema, output: ScanPreviewSchema },
  'dataset:import': { input: ImportOptionsSchema, output: z.object({ importId: z.string() }) },
  'dataset:cancelImport': {
    input: z.object({ importId: z.string().min(1) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'dataset:stats': { input: Empty, output: DatasetStatsSchema },

  'items:query': { input: ItemQuerySchema, output: ItemPageSchema },
  /** Ids of every item matching a filter (for "select all in filter"), in the query's order. */
  'items:ids': {
    input: ItemQuerySchema.omit({ offset: true, limit: true }),
    output: z.object({ ids: z.array(z.number().int()) }),
  },
  'items:get': { input: z.object({ id: z.number().int().min(0) }).strict(), output: ItemSchema },
  /**
   * Part of a selection too big for one edit request: the service keeps these ids (for a few minutes)
   * until an edit names `selectionId`; that edit then applies to them and its own `itemIds` at once.
   */
  'items:stageIds': {
    input: z.object({ selectionId: SelectionId, itemIds: ItemIds }).strict(),
    output: z.object({ staged: z.number().int() }),
  },
  'items:setSplit': {
    input: z.object({ itemIds: ItemIds, selectionId: SelectionId.optional(), split: SplitSchema }).strict(),
    output: EditOutput,
  },
  'items:exclude': {
    input: z
      .object({ itemIds: ItemIds, selectionId: SelectionId.optional(), excluded: z.boolean() })
      .strict(),
    output: EditOutput,
  },

  'labels:assign': {
    input: z
      .object({ itemIds: ItemIds, selectionId: SelectionId.optional(), label: ClassNameSchema.nullable() })
      .strict(),
    output: EditOutput,
  },
  'labels:exportCsv': {
    input: z.object({ file: z.string().min(1) }).strict(),
    output: z.object({ file: z.string(), rows: z.number().int() }),
  },
  'labels:importCsv': {
    input: z.object({ file: z.string().min(1) }).strict(),
    output: z.object({ edit: EditOutput, unmatched: z.array(z.string()) }),
  },

  'classes:add': { input: z.object({ name: ClassNameSchema }).strict(), output: EditOutput },
  'classes:rename': {
    input: z.object({ from: z.string().min(1), to: ClassNameSchema }).strict(),
    output: EditOutput,
  },
  'classes:merge': {
    input: z.object({ from: z.array(z.string().min(1)).min(1), into: ClassNameSchema }).strict(),
    output: EditOutput,
  },
  'classes:delete': { input: z.object({ name: z.string().min(1) }).strict(), output: EditOutput },

  /** Training runs of the open project, newest first. */
  'runs:list': { input: Empty, output: z.array(RunSummarySchema) },
  'runs:get': { input: z.object({ runId: z.string().min(1) }).strict(), output: RunRecordSchema },
  /** The last interpretation saved for a run (by an `interpret` job), or null. */
  'runs:interpretation': {
    input: z.object({ runId: z.string().min(1) }).strict(),
    output: InterpretResultSchema.nullable(),
  },
  /** Copies a run's model folder (TF.js model, deskfit.json, README) to `dir`. */
  'models:export': {
    input: z.object({ runId: z.string().min(1).optional(), dir: z.string().min(1) }).strict(),
    output: z.object({ dir: z.string(), files: z.array(z.string()) }),
  },
  'training:settings': { input: Empty, output: TrainingSettingsSchema },
  'training:saveSettings': { input: TrainingSettingsSchema, output: TrainingSettingsSchema },

  'edits:undo': { input: Empty, output: EditOutput.nullable() },
  'edits:redo': { input: Empty, output: EditOutput.nullable() },
} as const satisfies Record<string, RequestSpec>;

export const events = {
  'jobs:progress': JobProgressSchema,
  'jobs:done': JobDoneSchema,
  'jobs:failed': JobFailedSchema,
  'dataset:importProgress': ImportProgressSchema,
  'dataset:importDone': z.object({ importId: z.string(), summary: ImportSummarySchema }),
  'dataset:importFailed': z.object({ importId: z.string(), error: ErrorShapeSchema }),
  'project:changed': ProjectChangedSchema,
  'thumbnails:progress': z.object({ done: z.number().int(), total: z.number().int() }),
  /** Files edited since import being read again before a job starts; `done === total` ends it. */
  'files:refreshProgress': z.object({
    done: z.number().int().nonnegative(),
    total: z.number().int().positive(),
  }),
} as const satisfies Record<string, z.ZodType>;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type RequestArgs<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** What the renderer sees as `window.api` (Electron) or the WebSocket client (browser). */
export interface Api {
  invoke<K extends RequestName>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
