/**
 * Job kinds and the engine code that runs each one inside the trainer process. The service resolves
 * each job's data (`JobData`) before the process starts; it is checked again here on arrival.
 */
import type { JobKind, JobSpec } from '../../shared/contract';
import { DeskfitError } from '../../shared/errors';
import { runLrFindJob, runTrainJob } from '../engine/jobs/trainJob';
import { runSelftest } from '../engine/selftest';
import { jobData } from './jobData';
import type { JobContext } from './types';

type Runner<K extends JobKind> = (
  params: Extract<JobSpec, { kind: K }>['params'],
  ctx: JobContext,
  context: unknown,
) => Promise<unknown>;

const notYet = (kind: string) => async (): Promise<never> => {
  throw new DeskfitError('UNKNOWN_JOB_KIND', `The ${kind} job is not available in this build yet.`);
};

export const jobRunners: { [K in JobKind]: Runner<K> } = {
  selftest: (params, ctx) => runSelftest(params, ctx),
  'lr-find': (params, ctx, context) => runLrFindJob(params, jobData('lr-find', context), ctx),
  train: (params, ctx, context) => runTrainJob(params, jobData('train', context), ctx),
  interpret: notYet('interpret'),
  predict: notYet('predict'),
  'augment-preview': notYet('augment-preview'),
};

export function runJob(spec: JobSpec, ctx: JobContext, context?: unknown): Promise<unknown> {
  const runner = jobRunners[spec.kind] as Runner<typeof spec.kind>;
  return runner(spec.params, ctx, context);
}
