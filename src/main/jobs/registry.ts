/**
 * Job kinds and the engine code that runs each one inside the trainer process. The service resolves
 * each job's data (`JobData`) before the process starts; it is checked again here on arrival.
 */
import type { JobKind, JobSpec } from '../../shared/contract';
import { runInterpretJob } from '../engine/jobs/interpretJob';
import { runPredictJob } from '../engine/jobs/predictJob';
import { runAugmentPreviewJob } from '../engine/jobs/previewJob';
import { runLrFindJob, runTrainJob } from '../engine/jobs/trainJob';
import { runSelftest } from '../engine/selftest';
import { jobData } from './jobData';
import type { JobContext } from './types';

type Runner<K extends JobKind> = (
  params: Extract<JobSpec, { kind: K }>['params'],
  ctx: JobContext,
  context: unknown,
) => Promise<unknown>;

export const jobRunners: { [K in JobKind]: Runner<K> } = {
  selftest: (params, ctx) => runSelftest(params, ctx),
  'lr-find': (params, ctx, context) => runLrFindJob(params, jobData('lr-find', context), ctx),
  train: (params, ctx, context) => runTrainJob(params, jobData('train', context), ctx),
  interpret: (params, ctx, context) => runInterpretJob(params, jobData('interpret', context), ctx),
  predict: (params, ctx, context) => runPredictJob(params, jobData('predict', context), ctx),
  'augment-preview': (params, ctx, context) =>
    runAugmentPreviewJob(params, jobData('augment-preview', context), ctx),
};

export function runJob(spec: JobSpec, ctx: JobContext, context?: unknown): Promise<unknown> {
  const runner = jobRunners[spec.kind] as Runner<typeof spec.kind>;
  return runner(spec.params, ctx, context);
}
