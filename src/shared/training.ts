/**
 * The training half of the contract: augmentation settings, run records, interpretation and
 * prediction results. The engine writes these shapes (trainer process), the service stores and
 * serves them, the renderer and the CLI read them. Runtime-neutral: zod only.
 */
import { z } from 'zod';

// ---- augmentation ------------------------------------------------------------------------------

export const paddingModeNames = ['zeros', 'border', 'reflection'] as const;
export const PaddingModeSchema = z.enum(paddingModeNames);

/**
 * fastai's `aug_transforms` knobs with its v2 defaults (the engine's `defaultAugConfig`; a unit test
 * keeps the two equal). Probabilities are per image and per transform.
 */
export const AugSettingsSchema = z
  .object({
    doFlip: z.boolean().default(true),
    flipP: z.number().min(0).max(1).default(0.5),
    /** Rotation drawn in ±maxRotate degrees. */
    maxRotate: z.number().min(0).max(180).default(10),
    minZoom: z.number().min(0.1).max(10).default(1),
    maxZoom: z.number().min(0.1).max(10).default(1.1),
    /** Perspective warp magnitude (corner shift, normalised units). */
    maxWarp: z.number().min(0).max(0.99).default(0.2),
    /** Probability of each of rotate, zoom and warp. */
    pAffine: z.number().min(0).max(1).default(0.75),
    /** Brightness and contrast magnitude. */
    maxLighting: z.number().min(0).max(0.99).default(0.2),
    /** Probability of each of brightness and contrast. */
    pLighting: z.number().min(0).max(1).default(0.75),
    padding: PaddingModeSchema.default('reflection'),
  })
  .strict()
  .refine((a) => a.maxZoom >= a.minZoom, { message: 'maxZoom must be at least minZoom', path: ['maxZoom'] });
export type AugSettings = z.output<typeof AugSettingsSchema>;

export const defaultAugSettings: AugSettings = AugSettingsSchema.parse({});

// ---- optimisation --------------------------------------------------------------------------------

/** `sgd-momentum` is SGD with the one-cycle momentum schedule; `sgd` uses none. */
export const optimizerNames = ['adamw', 'adam', 'sgd', 'sgd-momentum', 'rmsprop'] as const;
export const OptimizerNameSchema = z.enum(optimizerNames);
export type OptimizerName = z.infer<typeof OptimizerNameSchema>;

/** fastai's fit_one_cycle parameters. */
export const OneCycleSchema = z
  .object({
    pctStart: z.number().min(0).max(1).default(0.25),
    div: z.number().min(1).max(1e6).default(25),
    divFinal: z.number().min(1).max(1e9).default(1e5),
    moms: z
      .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
      .default([0.95, 0.85, 0.95]),
  })
  .strict();
export type OneCycle = z.output<typeof OneCycleSchema>;

// ---- runs ----------------------------------------------------------------------------------------

export const runStatuses = ['running', 'completed', 'cancelled', 'diverged', 'failed'] as const;
export const RunStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** One row of fastai's epoch table. Metric columns (accuracy, error_rate…) are in `metrics`. */
export const EpochRowSchema = z.object({
  epoch: z.number().int().min(0),
  train_loss: z.number(),
  valid_loss: z.number().nullable(),
  metrics: z.record(z.string(), z.number()),
  seconds: z.number(),
});
export type EpochRow = z.infer<typeof EpochRowSchema>;

/** One recorded training batch (downsampled in the run record to at most 2,000 points). */
export const BatchPointSchema = z.object({
  iter: z.number().int().min(0),
  epoch: z.number().int().min(0),
  loss: z.number(),
  smoothLoss: z.number(),
  lr: z.number(),
  mom: z.number(),
});
export type BatchPoint = z.infer<typeof BatchPointSchema>;

export const ClassBalanceSchema = z.object({
  classes: z.array(z.object({ name: z.string(), train: z.number(), valid: z.number(), share: z.number() })),
  /** Largest over smallest training class. */
  imbalance: z.number(),
});

/** Everything about one training run, saved in the project as `runs/<id>/run.json`. */
export const RunRecordSchema = z.object({
  id: z.string(),
  status: RunStatusSchema,
  /** Why it stopped, when it did not complete. */
  reason: z.string().optional(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  /** The train job's params as run (after defaults). */
  params: z.record(z.string(), z.unknown()),
  augmentation: AugSettingsSchema.nullable(),
  backend: z.string(),
  /** The head learning rate used (after the LR finder when the rate was 'auto'). */
  lr: z.number().nullable(),
  classes: z.array(z.string()),
  balance: ClassBalanceSchema,
  epochs: z.array(EpochRowSchema),
  batches: z.array(BatchPointSchema),
  /** The epoch whose weights are kept (best valid metric), and that metric. */
  bestEpoch: z.number().int().nullable(),
  bestMetric: z.object({ name: z.string(), value: z.number() }).nullable(),
  /** The saved model folder (TF.js Layers model + deskfit.json + README), once there is one. */
  modelDir: z.string().nullable(),
  /** Last epoch with a checkpoint: a stopped or crashed run can resume after it. */
  checkpointEpoch: z.number().int().nullable(),
  seconds: z.number(),
  imagesPerSecond: z.number().nullable(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const RunSummarySchema = z.object({
  id: z.string(),
  status: RunStatusSchema,
  startedAt: z.number(),
  endedAt: z.number().optional(),
  arch: z.string(),
  epochs: z.number().int(),
  plannedEpochs: z.number().int(),
  lr: z.number().nullable(),
  validLoss: z.number().nullable(),
  metrics: z.record(z.string(), z.number()),
  modelDir: z.string().nullable(),
  resumable: z.boolean(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

// ---- interpretation ------------------------------------------------------------------------------

export const InterpretResultSchema = z.object({
  runId: z.string(),
  classes: z.array(z.string()),
  split: z.literal('valid'),
  tta: z.boolean(),
  loss: z.number(),
  accuracy: z.number(),
  /** `confusion[actual][predicted]` counts. */
  confusion: z.array(z.array(z.number().int())),
  mostConfused: z.array(z.object({ actual: z.string(), predicted: z.string(), count: z.number().int() })),
  /** Highest-loss items first. */
  topLosses: z.array(
    z.object({
      itemId: z.number().int(),
      actual: z.string(),
      predicted: z.string(),
      loss: z.number(),
      /** Probability of the predicted class. */
      probability: z.number(),
    }),
  ),
  /** Every validation item, columnar (the UI lists a confusion cell's images from these). */
  items: z.object({
    itemId: z.array(z.number().int()),
    actual: z.array(z.number().int()),
    predicted: z.array(z.number().int()),
    probability: z.array(z.number()),
    loss: z.array(z.number()),
  }),
});
export type InterpretResult = z.infer<typeof InterpretResultSchema>;

// ---- prediction ----------------------------------------------------------------------------------

export const PredictionRowSchema = z.object({
  name: z.string(),
  itemId: z.number().int().optional(),
  /** The project item's content hash when it is one (its thumbnail's version). */
  hash: z.string().optional(),
  prediction: z.string(),
  probability: z.number(),
  /** One probability per class, in the model's class order. */
  probs: z.array(z.number()),
});
export type PredictionRow = z.infer<typeof PredictionRowSchema>;

export const PredictResultSchema = z.object({
  classes: z.array(z.string()),
  predicted: z.number().int(),
  /** The CSV written, when one was asked for. */
  csv: z.string().optional(),
  /** At most 5,000 rows (the CSV has them all). */
  rows: z.array(PredictionRowSchema),
  failed: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type PredictResult = z.infer<typeof PredictResultSchema>;

export const AugmentPreviewResultSchema = z.object({
  itemId: z.number().int(),
  size: z.number().int(),
  /** The unaugmented image first, then the variants, as `data:image/png;base64,…` URLs. */
  original: z.string(),
  images: z.array(z.string()),
});
export type AugmentPreviewResult = z.infer<typeof AugmentPreviewResultSchema>;

/** What a project remembers between sessions for its next training run. */
export const TrainingSettingsSchema = z
  .object({
    augmentation: AugSettingsSchema.prefault({}),
    /** Train-page settings as the user left them (a partial TrainParams). */
    train: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type TrainingSettings = z.output<typeof TrainingSettingsSchema>;
