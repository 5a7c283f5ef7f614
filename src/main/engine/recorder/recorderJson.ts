/**
 * The recorder's saved form, for checkpoints (resume continues the same smoothed curve) and run records
 * (charts reloaded later). Validated on the way in: a checkpoint is a file a crash may have truncated.
 */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const maybeNumber = finite.nullable();
const count = z.number().int().min(0);

export const RECORDER_JSON_VERSION = 1;

export const RecorderJsonSchema = z.object({
  version: z.literal(RECORDER_JSON_VERSION),
  smoothLoss: z.object({ beta: finite.min(0).max(0.999999999), count, val: maybeNumber }),
  batches: z.array(
    z.object({
      iteration: count,
      epoch: count,
      lrs: z.array(finite),
      mom: finite,
      rawLoss: maybeNumber,
      smoothLoss: maybeNumber,
    }),
  ),
  epochs: z.array(
    z.object({
      epoch: count,
      trainLoss: maybeNumber,
      validLoss: maybeNumber,
      metrics: z.record(z.string(), maybeNumber),
      seconds: finite.min(0),
    }),
  ),
});

export type RecorderJson = z.infer<typeof RecorderJsonSchema>;
