/**
 * Job kinds and the engine code that runs each one inside the trainer process. Later issues add
 * `lr-find`, `train`, `predict`, `interpret` here; the contract's JobSpec union grows with it.
 */
import type { JobKind, JobSpec } from '../../shared/contract';
import { runSelftest } from '../engine/selftest';
import type { JobContext } from './types';

type Runner<K extends JobKind> = (
  params: Extract<JobSpec, { kind: K }>['params'],
  ctx: JobContext,
) => Promise<unknown>;

export const jobRunners: { [K in JobKind]: Runner<K> } = {
  selftest: (params, ctx) => runSelftest(params, ctx),
};

export function runJob(spec: JobSpec, ctx: JobContext): Promise<unknown> {
  const runner = jobRunners[spec.kind] as Runner<typeof spec.kind>;
  return runner(spec.params, ctx);
}
