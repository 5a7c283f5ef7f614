/**
 * What the service resolves for a job before it crosses into the trainer process (the trainer never
 * opens the project database): the dataset, the project folder, the augmentation to use, the model
 * a job reads, the items it predicts or previews. Checked against this schema on arrival.
 */
import { z } from 'zod';
import { DeskfitError, describeZodError } from '../../shared/errors';
import { AugSettingsSchema } from '../../shared/training';
import { DatasetSpecSchema } from '../engine/data/datasetSpec';

export const JobItemSchema = z.object({
  id: z.number().int(),
  /** Absolute path of the image file. */
  file: z.string(),
  /** Content hash (training-size cache key), when known. */
  hash: z.string().optional(),
  /** What the user sees: the path relative to the data root. */
  name: z.string(),
});
export type JobItem = z.infer<typeof JobItemSchema>;

export const JobDataSchema = z.object({
  projectDir: z.string().optional(),
  /** Labelled train/valid items (train, lr-find, interpret). */
  dataset: DatasetSpecSchema.optional(),
  /** The augmentation a train / lr-find job uses (the job's own, else the project's saved settings). */
  augmentation: AugSettingsSchema.optional(),
  /** The run folder a train job writes (`runs/<id>`), or whose model interpret reads. */
  runId: z.string().optional(),
  runDir: z.string().optional(),
  /** The model folder interpret and predict load. */
  modelDir: z.string().optional(),
  /** Items predict (test split) or augment-preview use. */
  items: z.array(JobItemSchema).optional(),
  /** The project's cache folder (training-size images). */
  cacheDir: z.string().optional(),
});
export type JobData = z.infer<typeof JobDataSchema>;

/** Parses what arrived with a job; names the job kind and field when something is missing. */
export function jobData(kind: string, context: unknown): JobData {
  const parsed = JobDataSchema.safeParse(context ?? {});
  if (!parsed.success) {
    throw new DeskfitError('BAD_REQUEST', describeZodError(`${kind} job data`, parsed.error).message);
  }
  return parsed.data;
}

/** The named field of a job's data, or a clear error when the service did not provide it. */
export function requireField<K extends keyof JobData>(
  kind: string,
  data: JobData,
  key: K,
): NonNullable<JobData[K]> {
  const value = data[key];
  if (value === undefined || value === null) {
    throw new DeskfitError('BAD_REQUEST', `The ${kind} job arrived without its ${String(key)}.`);
  }
  return value as NonNullable<JobData[K]>;
}
