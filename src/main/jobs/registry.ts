/**
 * Job kinds and the engine code that runs each one inside the trainer process. Later issues add
 * `predict`, `interpret` here; the contract's JobSpec union grows with it.
 */
import type { JobKind, JobSpec } from '../../shared/contract';
import { DeskfitError, describeZodError } from '../../shared/errors';
import { DatasetSpecSchema, type DatasetSpec } from '../engine/data/datasetSpec';
import { runLrFindJob, runTrainJob } from '../engine/jobs/trainJob';
import { runSelftest } from '../engine/selftest';
import type { JobContext } from './types';

type Runner<K extends JobKind> = (
  params: Extract<JobSpec, { kind: K }>['params'],
  ctx: JobContext,
  context: unknown,
) => Promise<unknown>;

/** The dataset a training job was started with, checked after crossing the process boundary. */
function dataset(context: unknown): DatasetSpec {
  const parsed = DatasetSpecSchema.safeParse(context);
  if (!parsed.success) {
    throw new DeskfitError('BAD_REQUEST', describeZodError('training dataset', parsed.error).message);
  }
  return parsed.data;
}

export const jobRunners: { [K in JobKind]: Runner<K> } = {
  selftest: (params, ctx) => runSelftest(params, ctx),
  'lr-find': (params, ctx, context) => runLrFindJob(params, dataset(context), ctx),
  train: (params, ctx, context) => runTrainJob(params, dataset(context), ctx),
};

export function runJob(spec: JobSpec, ctx: JobContext, context?: unknown): Promise<unknown> {
  const runner = jobRunners[spec.kind] as Runner<typeof spec.kind>;
  return runner(spec.params, ctx, context);
}
