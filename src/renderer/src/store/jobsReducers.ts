/**
 * Pure state transitions for jobs, fed by `jobs:*` events, `jobs:list` and the self-test buttons.
 * Kept apart from zustand so each can be tested on plain values. Events may overtake the reply to
 * `jobs:start` (a fast job), and a reconnect may miss events; the transitions tolerate both.
 */
import {
  SelftestResultSchema,
  type JobDone,
  type JobFailed,
  type JobInfo,
  type JobProgress,
  type SelftestResult,
} from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';

export type SelftestPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export interface LossPoint {
  step: number;
  loss: number;
}

export interface SelftestRun {
  jobId: string | null;
  phase: SelftestPhase;
  /** Steps done and the total, from the latest progress event. */
  step: number;
  total: number | null;
  loss: number | null;
  losses: LossPoint[];
  /** The validated result once the job is done. */
  result: SelftestResult | null;
  error: ErrorShape | null;
  /** True when the run finished while the connection was down, so its result never arrived. */
  missedResult: boolean;
}

export interface JobsState {
  list: JobInfo[];
  /** The latest progress event of each job, by job id. */
  progress: Record<string, JobProgress>;
  selftest: SelftestRun;
}

export const idleSelftest: SelftestRun = {
  jobId: null,
  phase: 'idle',
  step: 0,
  total: null,
  loss: null,
  losses: [],
  result: null,
  error: null,
  missedResult: false,
};

export const initialJobs: JobsState = { list: [], progress: {}, selftest: idleSelftest };

export function isSelftestActive(phase: SelftestPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'cancelling';
}

function isTerminal(job: JobInfo): boolean {
  return job.state !== 'running';
}

function upsertJob(list: JobInfo[], jobId: string, update: (job: JobInfo | undefined) => JobInfo): JobInfo[] {
  const index = list.findIndex((j) => j.jobId === jobId);
  if (index === -1) return [...list, update(undefined)];
  const next = list.slice();
  next[index] = update(list[index]);
  return next;
}

/** Whether an event for `jobId` belongs to the self-test run on screen (adopting it if none is). */
function followsSelftest(run: SelftestRun, jobId: string): boolean {
  if (run.jobId === jobId) return true;
  if (run.phase === 'starting' && run.jobId === null) return true;
  return false;
}

function lossOf(progress: JobProgress): number | null {
  const loss = progress.metrics?.['loss'];
  return typeof loss === 'number' && Number.isFinite(loss) ? loss : null;
}

function withProgress(run: SelftestRun, progress: JobProgress): SelftestRun {
  const loss = lossOf(progress);
  let losses = run.losses;
  if (loss !== null) {
    const last = losses[losses.length - 1];
    if (last === undefined || progress.step > last.step) losses = [...losses, { step: progress.step, loss }];
    else if (progress.step === last.step) losses = [...losses.slice(0, -1), { step: progress.step, loss }];
  }
  return {
    ...run,
    jobId: progress.jobId,
    phase: run.phase === 'cancelling' ? 'cancelling' : 'running',
    step: Math.max(run.step, progress.step),
    total: progress.total ?? run.total,
    loss: loss ?? run.loss,
    losses,
  };
}

export function applyProgress(state: JobsState, progress: JobProgress): JobsState {
  const list = upsertJob(state.list, progress.jobId, (job) =>
    job === undefined
      ? {
          jobId: progress.jobId,
          kind: progress.kind,
          state: 'running',
          startedAt: Date.now(),
          lastProgress: progress,
        }
      : { ...job, lastProgress: progress },
  );
  let selftest = state.selftest;
  if (progress.kind === 'selftest') {
    if (followsSelftest(selftest, progress.jobId)) {
      if (isSelftestActive(selftest.phase)) selftest = withProgress(selftest, progress);
    } else if (!isSelftestActive(selftest.phase)) {
      // A self-test started elsewhere (another window on the same server): show it.
      selftest = withProgress({ ...idleSelftest, phase: 'running' }, progress);
    }
  }
  return { list, progress: { ...state.progress, [progress.jobId]: progress }, selftest };
}

export function describeBadResult(issues: string): ErrorShape {
  return {
    code: 'BAD_RESULT',
    message:
      `The self-test finished but sent a result this app cannot read (${issues}). ` +
      'The server and this page may be different versions; reload the page.',
  };
}

export function applyDone(state: JobsState, done: JobDone): JobsState {
  const list = upsertJob(state.list, done.jobId, (job) => ({
    ...(job ?? { jobId: done.jobId, kind: done.kind, startedAt: Date.now() }),
    state: 'done',
    endedAt: Date.now(),
  }));
  let selftest = state.selftest;
  if (done.kind === 'selftest' && followsSelftest(selftest, done.jobId) && isSelftestActive(selftest.phase)) {
    const parsed = SelftestResultSchema.safeParse(done.result);
    if (parsed.success) {
      const result = parsed.data;
      selftest = {
        ...selftest,
        jobId: done.jobId,
        phase: 'done',
        step: result.losses.length,
        total: selftest.total ?? result.losses.length,
        loss: result.lastLoss,
        losses: result.losses.map((loss, i) => ({ step: i + 1, loss })),
        result,
        error: null,
        missedResult: false,
      };
    } else {
      const issues = parsed.error.issues
        .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'result'}: ${i.message}`)
        .join('; ');
      selftest = { ...selftest, jobId: done.jobId, phase: 'failed', error: describeBadResult(issues) };
    }
  }
  return { ...state, list, selftest };
}

export function applyFailed(state: JobsState, failed: JobFailed): JobsState {
  const cancelled = failed.error.code === 'CANCELLED';
  const list = upsertJob(state.list, failed.jobId, (job) => ({
    ...(job ?? { jobId: failed.jobId, kind: failed.kind, startedAt: Date.now() }),
    state: cancelled ? 'cancelled' : 'failed',
    endedAt: Date.now(),
    error: failed.error,
  }));
  let selftest = state.selftest;
  if (
    failed.kind === 'selftest' &&
    followsSelftest(selftest, failed.jobId) &&
    isSelftestActive(selftest.phase)
  ) {
    selftest = {
      ...selftest,
      jobId: failed.jobId,
      phase: cancelled ? 'cancelled' : 'failed',
      error: failed.error,
    };
  }
  return { ...state, list, selftest };
}

const lostWhileRunning: ErrorShape = {
  code: 'DISCONNECTED',
  message:
    'The self-test is no longer known to deskfit serve (it may have restarted while the connection was ' +
    'down). Run it again.',
};

/** Merges a `jobs:list` reply (the server's truth after a (re)connect) into what events told us. */
export function applyJobsListed(state: JobsState, listed: JobInfo[]): JobsState {
  const known = new Map(state.list.map((j) => [j.jobId, j]));
  const listedIds = new Set(listed.map((j) => j.jobId));
  // An event that already ended a job is newer than a list that still says running.
  const merged = listed.map((job) => {
    const local = known.get(job.jobId);
    return local !== undefined && isTerminal(local) && !isTerminal(job) ? local : job;
  });
  const list = [...merged, ...state.list.filter((j) => !listedIds.has(j.jobId) && isTerminal(j))];

  const progress = { ...state.progress };
  for (const job of merged) {
    const last = job.lastProgress;
    const mine = progress[job.jobId];
    if (last !== undefined && (mine === undefined || last.step > mine.step)) progress[job.jobId] = last;
  }

  let selftest = state.selftest;
  if (isSelftestActive(selftest.phase) && selftest.jobId !== null) {
    const job = list.find((j) => j.jobId === selftest.jobId);
    if (job === undefined) selftest = { ...selftest, phase: 'failed', error: lostWhileRunning };
    else if (job.state === 'done') selftest = { ...selftest, phase: 'done', missedResult: true };
    else if (job.state === 'failed' || job.state === 'cancelled')
      selftest = { ...selftest, phase: job.state, error: job.error ?? lostWhileRunning };
    else if (job.lastProgress !== undefined) selftest = withProgress(selftest, job.lastProgress);
  } else if (!isSelftestActive(selftest.phase)) {
    const running = merged.find(
      (j) => j.kind === 'selftest' && j.state === 'running' && j.jobId !== selftest.jobId,
    );
    if (running !== undefined) {
      const adopted: SelftestRun = { ...idleSelftest, jobId: running.jobId, phase: 'running' };
      selftest = running.lastProgress !== undefined ? withProgress(adopted, running.lastProgress) : adopted;
    }
  }
  return { list, progress, selftest };
}

export function applySelftestStarting(state: JobsState): JobsState {
  return { ...state, selftest: { ...idleSelftest, phase: 'starting' } };
}

export function applySelftestStarted(state: JobsState, jobId: string): JobsState {
  const run = state.selftest;
  if (run.jobId === jobId) return state; // events got here first
  if (run.phase !== 'starting' && isSelftestActive(run.phase)) {
    // We were showing someone else's run; ours replaces it.
    return { ...state, selftest: { ...idleSelftest, jobId, phase: 'running' } };
  }
  if (run.phase !== 'starting') return state;
  return { ...state, selftest: { ...run, jobId, phase: 'running' } };
}

export function applySelftestStartFailed(state: JobsState, error: ErrorShape): JobsState {
  if (state.selftest.phase !== 'starting') return state;
  return { ...state, selftest: { ...state.selftest, phase: 'failed', error } };
}

export function applySelftestCancelling(state: JobsState): JobsState {
  const run = state.selftest;
  if (run.phase !== 'running' && run.phase !== 'starting') return state;
  return { ...state, selftest: { ...run, phase: 'cancelling', error: null } };
}

export function applySelftestCancelFailed(state: JobsState, error: ErrorShape): JobsState {
  const run = state.selftest;
  if (run.phase !== 'cancelling') return state;
  return { ...state, selftest: { ...run, phase: 'running', error } };
}
