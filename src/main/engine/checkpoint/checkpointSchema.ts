/**
 * What a checkpoint's `checkpoint.json` says: everything, besides the float data in its `.bin` files,
 * that a resumed run needs to continue exactly where the stopped one was — the run's params as run,
 * the learning rate it used, the normalisation, the position in the plan, the seed (data order and
 * augmentation are pure functions of seed and epoch), the dropout generators, the recorder, the
 * best epoch, and how the weights and optimizer averages are laid out. Checked on the way in: a
 * checkpoint is a file a crash or a user may have damaged.
 */
import { z } from 'zod';
import { AugSettingsSchema } from '../../../shared/training';
import { RecorderJsonSchema } from '../recorder/recorderJson';

export const CHECKPOINT_VERSION = 1;

const count = z.number().int().min(0);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const optimizerKind = z.enum(['sgd', 'rmsprop', 'adam', 'adamw']);

const PackedOptimizerSchema = z.object({
  kind: optimizerKind,
  groups: z.array(
    z.object({
      lr: finite,
      wd: finite,
      mom: finite,
      sqrMom: finite,
      eps: finite,
      decouple: z.boolean(),
      params: z.array(z.string()),
    }),
  ),
  vars: z.array(
    z.object({
      name: z.string(),
      step: count,
      shape: z.array(count),
      slots: z.object({ gradAvg: count.optional(), sqrAvg: count.optional() }),
    }),
  ),
  floats: count,
});

export const CheckpointMetaSchema = z.object({
  version: z.literal(CHECKPOINT_VERSION),
  runId: z.string(),
  /** The last finished epoch of the run (0-based, counted across fine-tune's phases). */
  epoch: count,
  plannedEpochs: z.number().int().min(1),
  seed: count,
  /**
   * Where the schedule stands after this epoch: the plan's phase, the epochs done in it, and the
   * phase's fit position `trainIter / totalIters` (a resumed fit must find the same numbers).
   */
  schedule: z.object({ phase: count, epochsDone: count, trainIter: count, totalIters: count }),
  /** The train job's params as run (after defaults): a resumed run uses these, not the new request's. */
  params: z.record(z.string(), z.unknown()),
  /** The augmentation the run trains with (null: none), whatever the project's settings are now. */
  augmentation: AugSettingsSchema.nullable(),
  /** The head learning rate the run uses (after the LR finder when it was 'auto'). */
  lr: finite.positive(),
  stats: z.object({ mean: z.tuple([finite, finite, finite]), std: z.tuple([finite, finite, finite]) }),
  classes: z.array(z.string()),
  /** What the data was, so a resume on changed data is refused rather than silently different. */
  data: z.object({ train: count, valid: count, fingerprint: z.string() }),
  /** Dropout generator states, one per dropout layer. */
  randomState: z.array(count),
  weights: z.object({
    specs: z.array(z.object({ name: z.string(), shape: z.array(count), offset: count })),
    floats: count,
  }),
  /** The best epoch so far; `separateWeights` when its weights are in `best.bin` (not the last epoch's). */
  best: z
    .object({
      epoch: count,
      metric: z.object({ name: z.string(), value: finite }),
      validLoss: z.number().nullable().optional(),
      separateWeights: z.boolean(),
    })
    .nullable(),
  optimizer: PackedOptimizerSchema,
  recorder: RecorderJsonSchema,
  /** Training time and throughput so far (a resumed run adds to them). */
  seconds: z.number().min(0),
  trainSeconds: z.number().min(0),
  imagesSeen: count,
  savedAt: z.number(),
});

export type CheckpointMeta = z.infer<typeof CheckpointMetaSchema>;
