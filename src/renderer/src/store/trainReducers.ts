/**
 * Pure state transitions for the Train page's two jobs: the LR finder (`lr-find`) and training
 * (`train`), fed by `jobs:*` events (batched), the start/stop buttons and `jobs:list`. Events may
 * overtake the reply to `jobs:start`, so a job that is starting adopts the first events of its kind.
 * Per-batch points are kept bounded (halved when they pass a cap) so a long run cannot grow the store
 * without limit; the charts downsample further.
 */
import { z } from 'zod';
import {
  TrainParamsSchema,
  type JobDone,
  type JobFailed,
  type JobInfo,
  type JobProgress,
  type TrainParams,
} from '../../../shared/contract';
import type { RunRecord } from '../../../shared/training';
import type { ErrorShape } from '../../../shared/errors';

// ---- LR finder ----------------------------------------------------------------------------------

export type JobPhase = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'failed' | 'cancelled';

export function isJobActive(phase: JobPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'stopping';
}

const lossValue = z.number().nullable().catch(null);
const SuggestionPointSchema = z.object({ lr: z.number(), loss: lossValue });

/** The `lr-find` job's result as it crosses JSON (NaN arrives as null). */
export const LrFindResultSchema = z.object({
  backend: z.string().catch('unknown'),
  suggestions: z.object({
    valley: lossValue,
    slide: lossValue,
    minimum: lossValue,
    steep: lossValue,
    points: z
      .object({
        valley: SuggestionPointSchema,
        slide: SuggestionPointSchema,
        minimum: SuggestionPointSchema,
        steep: SuggestionPointSchema,
      })
      .partial()
      .nullable()
      .optional()
      .catch(null),
    problem: z.object({ code: z.string(), message: z.string() }).nullable().optional().catch(null),
  }),
  lrs: z.array(z.number()),
  losses: z.array(lossValue),
});
export type LrFindResult = z.infer<typeof LrFindResultSchema>;

export interface LrFinderRun {
  jobId: string | null;
  phase: JobPhase;
  /** Raw batch losses as the sweep reports them. */
  points: { lr: number; loss: number | null }[];
  step: number;
  total: number | null;
  result: LrFindResult | null;
  error: ErrorShape | null;
  /** The sweep's end rate, for advice when the curve never turns up. */
  end: number;
}

export const idleLrFinder: LrFinderRun = {
  jobId: null,
  phase: 'idle',
  points: [],
  step: 0,
  total: null,
  result: null,
  error: null,
  end: 10,
};

function follows(run: { jobId: string | null; phase: JobPhase }, jobId: string): boolean {
  if (run.jobId === jobId) return true;
  return run.phase === 'starting' && run.jobId === null;
}

const finiteOrNull = (v: number | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

export function lrFinderStarting(end: number): LrFinderRun {
  return { ...idleLrFinder, phase: 'starting', end };
}

export function lrFinderStarted(run: LrFinderRun, jobId: string): LrFinderRun {
  if (run.jobId === jobId || run.phase !== 'starting') return run;
  return { ...run, jobId, phase: 'running' };
}

export function lrFinderProgressed(run: LrFinderRun, progress: JobProgress): LrFinderRun {
  if (!follows(run, progress.jobId) || !isJobActive(run.phase)) return run;
  const lr = finiteOrNull(progress.metrics?.['lr']);
  const loss = finiteOrNull(progress.metrics?.['loss']);
  const points =
    lr !== null && lr > 0 && progress.step > run.points.length - 1
      ? [...run.points, { lr, loss }]
      : run.points;
  return {
    ...run,
    jobId: progress.jobId,
    phase: run.phase === 'stopping' ? 'stopping' : 'running',
    points,
    step: Math.max(run.step, progress.step),
    total: progress.total ?? run.total,
  };
}

export function lrFinderDone(run: LrFinderRun, done: JobDone): LrFinderRun {
  if (!follows(run, done.jobId) || !isJobActive(run.phase)) return run;
  const parsed = LrFindResultSchema.safeParse(done.result);
  if (!parsed.success) {
    return {
      ...run,
      jobId: done.jobId,
      phase: 'failed',
      error: {
        code: 'BAD_RESULT',
        message:
          'The LR finder finished but sent a result this page cannot read. The server and this page may be ' +
          'different versions; reload the page.',
      },
    };
  }
  return { ...run, jobId: done.jobId, phase: 'done', result: parsed.data, error: null };
}

export function lrFinderFailed(run: LrFinderRun, failed: JobFailed): LrFinderRun {
  if (!follows(run, failed.jobId) || !isJobActive(run.phase)) return run;
  const cancelled = failed.error.code === 'CANCELLED';
  return { ...run, jobId: failed.jobId, phase: cancelled ? 'cancelled' : 'failed', error: failed.error };
}

// ---- training -----------------------------------------------------------------------------------

export interface BatchSample {
  /** Batch index over the whole run (phases of fine-tune follow each other). */
  iter: number;
  epoch: number;
  loss: number | null;
  smoothLoss: number | null;
  lr: number | null;
  mom: number | null;
}

export interface EpochSample {
  /** Batch index at the end of the epoch (where valid loss is drawn). */
  iter: number;
  /** 0 for plain training; fine-tune: 0 frozen, 1 unfrozen. */
  fitPhase: number;
  /** The epoch as the job numbers it: over the whole run (a fine-tune's unfrozen epochs follow its frozen ones). */
  epoch: number;
  train_loss: number | null;
  valid_loss: number | null;
  metrics: Record<string, number | null>;
  seconds: number | null;
}

export interface TimingSample {
  /** Batches done over the whole run. */
  done: number;
  at: number;
}

/** Which `fit_one_cycle` calls the run makes and how many epochs each has. */
export interface RunPlan {
  fits: number[];
  batchSize: number;
  fineTune: boolean;
}

export interface TrainDoneResult {
  runId: string | null;
  lr: number | null;
  status: string | null;
  reason: string | null;
  model: string | null;
  /** The epoch whose weights were kept (the best valid metric), as the job numbers it. */
  bestEpoch: number | null;
  seconds: number | null;
}

export interface LiveRun {
  jobId: string | null;
  phase: JobPhase;
  plan: RunPlan;
  /** The params sent (null when the run was adopted from another window or a reload). */
  params: TrainParams | null;
  /** Index into `plan.fits` of the fit now running. */
  fitPhase: number;
  /** `step` and `total` over the whole run (both fits of a fine-tune), from the latest event. */
  step: number;
  total: number | null;
  epoch: number;
  batches: BatchSample[];
  epochs: EpochSample[];
  /** LR finder progress when the rate is 'auto' (the job runs it first). */
  finding: { step: number; total: number | null } | null;
  timing: TimingSample[];
  firstAt: number | null;
  firstDone: number;
  result: TrainDoneResult | null;
  error: ErrorShape | null;
  resumeOf: string | null;
  /** The run record the job writes, when the service named it (a run adopted from `jobs:list`). */
  runId: string | null;
  /** An adopted run: the last batch (iter) taken from its record; null until it is read. */
  recordedTo: number | null;
}

/** Batch points kept in the store; past this, every other one is dropped (the last is always kept). */
export const MAX_STORED_BATCHES = 4000;
const TIMING_WINDOW = 40;

export function planOf(
  params: Pick<TrainParams, 'epochs' | 'fineTune' | 'freezeEpochs' | 'batchSize'>,
): RunPlan {
  return {
    fits: params.fineTune ? [params.freezeEpochs, params.epochs] : [params.epochs],
    batchSize: params.batchSize,
    fineTune: params.fineTune,
  };
}

export const idleLiveRun: LiveRun = {
  jobId: null,
  phase: 'idle',
  // Unknown until a run starts here (an adopted run shows steps, not epochs).
  plan: { fits: [], batchSize: 64, fineTune: false },
  params: null,
  fitPhase: 0,
  step: 0,
  total: null,
  epoch: 0,
  batches: [],
  epochs: [],
  finding: null,
  timing: [],
  firstAt: null,
  firstDone: 0,
  result: null,
  error: null,
  resumeOf: null,
  runId: null,
  recordedTo: null,
};

function firstFit(plan: RunPlan): number {
  // A fine-tune with no frozen epochs runs only the unfrozen fit.
  const index = plan.fits.findIndex((epochs) => epochs > 0);
  return index === -1 ? 0 : index;
}

export function trainStarting(params: TrainParams): LiveRun {
  const plan = planOf(params);
  return {
    ...idleLiveRun,
    phase: 'starting',
    plan,
    params,
    fitPhase: firstFit(plan),
    resumeOf: params.resumeRunId ?? null,
  };
}

export function trainStarted(run: LiveRun, jobId: string): LiveRun {
  if (run.jobId === jobId || run.phase !== 'starting') return run;
  return { ...run, jobId, phase: 'running' };
}

/** Keeps at most `cap` points by dropping every other one of the older half when full. */
export function appendBounded<T>(points: readonly T[], extra: readonly T[], cap = MAX_STORED_BATCHES): T[] {
  let out = points.concat(extra);
  while (out.length > cap) {
    const kept: T[] = [];
    for (let i = 0; i < out.length; i++) if (i % 2 === 0 || i === out.length - 1) kept.push(out[i] as T);
    out = kept;
  }
  return out;
}

function withTiming(
  run: LiveRun,
  done: number,
  at: number,
): Pick<LiveRun, 'timing' | 'firstAt' | 'firstDone'> {
  const last = run.timing[run.timing.length - 1];
  const timing =
    last !== undefined && last.done === done
      ? run.timing
      : [...run.timing, { done, at }].slice(-TIMING_WINDOW);
  return {
    timing,
    firstAt: run.firstAt ?? at,
    firstDone: run.firstAt === null ? done : run.firstDone,
  };
}

/** Applies a batch of progress events (in order) to the run; `at` is the arrival time of each, in ms. */
export function trainProgressed(
  run: LiveRun,
  events: readonly { progress: JobProgress; at: number }[],
): LiveRun {
  let next = run;
  const newBatches: BatchSample[] = [];
  for (const { progress, at } of events) {
    if (!follows(next, progress.jobId) || !isJobActive(next.phase)) continue;
    const m = progress.metrics ?? {};
    if (next.jobId !== progress.jobId || next.phase === 'starting') {
      next = { ...next, jobId: progress.jobId, phase: next.phase === 'stopping' ? 'stopping' : 'running' };
    }
    if (progress.message === 'lr-find') {
      next = { ...next, finding: { step: progress.step, total: progress.total ?? null } };
      continue;
    }
    // Steps count over the whole run (fine-tune's two fits, as the engine sends them); the fit follows
    // from the epoch.
    const iter = progress.step;
    const fitPhase = fitOfEpoch(next.plan, m['epoch'] ?? next.epoch, next.fitPhase);
    if (progress.message === 'epoch') {
      const metrics: Record<string, number | null> = {};
      for (const [key, value] of Object.entries(m)) {
        if (key === 'epoch' || key === 'train_loss' || key === 'valid_loss' || key === 'seconds') continue;
        metrics[key] = finiteOrNull(value);
      }
      const sample: EpochSample = {
        iter,
        fitPhase,
        epoch: m['epoch'] ?? next.epoch,
        train_loss: finiteOrNull(m['train_loss']),
        valid_loss: finiteOrNull(m['valid_loss']),
        metrics,
        seconds: finiteOrNull(m['seconds']),
      };
      next = {
        ...next,
        fitPhase,
        step: progress.step,
        total: progress.total ?? next.total,
        finding: null,
        epochs: [...next.epochs, sample],
      };
      continue;
    }
    // 'batch' (or an unlabelled event with a loss)
    const epoch = m['epoch'] ?? next.epoch;
    newBatches.push({
      iter,
      epoch,
      loss: finiteOrNull(m['loss']),
      smoothLoss: finiteOrNull(m['smoothLoss']),
      lr: finiteOrNull(m['lr']),
      mom: finiteOrNull(m['mom']),
    });
    next = {
      ...next,
      fitPhase,
      step: progress.step,
      total: progress.total ?? next.total,
      epoch,
      finding: null,
      ...withTiming(next, progress.step, at),
    };
  }
  if (newBatches.length === 0) return next;
  return { ...next, batches: appendBounded(next.batches, newBatches) };
}

/** The fit a run-wide epoch belongs to: fine-tune's frozen fit first, then its unfrozen one. */
function fitOfEpoch(plan: RunPlan, epoch: number, fallback: number): number {
  if (plan.fits.length === 0) return fallback; // adopted run, plan unknown
  if (!plan.fineTune) return 0;
  return epoch < (plan.fits[0] ?? 0) ? 0 : 1;
}

/** Batches per epoch, from the run-wide total and the planned epochs. */
function batchesPerEpoch(plan: RunPlan, total: number | null): number | null {
  const epochs = plan.fits.reduce((a, b) => a + b, 0);
  if (total === null || total <= 0 || epochs <= 0) return null;
  return total / epochs;
}

const TrainResultSchema = z.object({
  runId: z.string().optional().catch(undefined),
  run: z
    .union([z.string(), z.object({ id: z.string() })])
    .optional()
    .catch(undefined),
  lr: z.number().optional().catch(undefined),
  outcome: z.object({ status: z.string(), reason: z.string().optional() }).optional().catch(undefined),
  status: z.string().optional().catch(undefined),
  model: z.string().optional().catch(undefined),
  bestEpoch: z.number().int().optional().catch(undefined),
  seconds: z.number().optional().catch(undefined),
});

export function parseTrainResult(result: unknown): TrainDoneResult {
  const parsed = TrainResultSchema.safeParse(result ?? {});
  const r = parsed.success ? parsed.data : {};
  const runId = r.runId ?? (typeof r.run === 'string' ? r.run : (r.run?.id ?? null));
  return {
    runId,
    lr: r.lr ?? null,
    status: r.outcome?.status ?? r.status ?? null,
    reason: r.outcome?.reason ?? null,
    model: r.model ?? null,
    bestEpoch: r.bestEpoch ?? null,
    seconds: r.seconds ?? null,
  };
}

export function trainDone(run: LiveRun, done: JobDone): LiveRun {
  if (!follows(run, done.jobId) || !isJobActive(run.phase)) return run;
  return {
    ...run,
    jobId: done.jobId,
    phase: 'done',
    result: parseTrainResult(done.result),
    error: null,
    finding: null,
  };
}

export function trainFailed(run: LiveRun, failed: JobFailed): LiveRun {
  if (!follows(run, failed.jobId) || !isJobActive(run.phase)) return run;
  const cancelled = failed.error.code === 'CANCELLED';
  return {
    ...run,
    jobId: failed.jobId,
    phase: cancelled ? 'cancelled' : 'failed',
    error: failed.error,
    finding: null,
  };
}

export function trainStartFailed(run: LiveRun, error: ErrorShape): LiveRun {
  if (run.phase !== 'starting') return run;
  return { ...run, phase: 'failed', error };
}

export function trainStopping(run: LiveRun): LiveRun {
  if (run.phase !== 'running' && run.phase !== 'starting') return run;
  return { ...run, phase: 'stopping', error: null };
}

export function trainStopFailed(run: LiveRun, error: ErrorShape): LiveRun {
  if (run.phase !== 'stopping') return run;
  return { ...run, phase: 'running', error };
}

const lostRun: ErrorShape = {
  code: 'DISCONNECTED',
  message:
    'This training job is no longer known to the deskfit service (it may have restarted while the ' +
    'connection was down). Its saved epochs are in Run history.',
};

/**
 * When the job list changes (a (re)connect, or a job seen for the first time): a job we follow that ended
 * while we were away is closed; a running train job we do not follow (a reload, another window) is
 * adopted so Stop works and the charts fill from now on.
 */
export function trainJobsListed(run: LiveRun, list: readonly JobInfo[]): LiveRun {
  if (isJobActive(run.phase) && run.jobId !== null) {
    const job = list.find((j) => j.jobId === run.jobId);
    if (job === undefined) {
      // A job this window has had events from was in the list; gone now means the service forgot it. Before
      // its first event it may simply not be listed yet.
      const seen = run.batches.length > 0 || run.epochs.length > 0 || run.finding !== null;
      return seen ? { ...run, phase: 'failed', error: lostRun } : run;
    }
    if (job.state === 'done') return { ...run, phase: 'done', result: run.result ?? parseTrainResult(null) };
    if (job.state === 'failed' || job.state === 'cancelled') {
      return { ...run, phase: job.state, error: job.error ?? lostRun };
    }
    // Adopted from its progress events before the list came: the list names its run.
    return run.runId === null && job.runId !== undefined ? { ...run, runId: job.runId } : run;
  }
  if (isJobActive(run.phase)) return run;
  const running = list.find((j) => j.kind === 'train' && j.state === 'running' && j.jobId !== run.jobId);
  if (running === undefined) return run;
  return { ...idleLiveRun, jobId: running.jobId, phase: 'running', runId: running.runId ?? null };
}

/**
 * A run adopted after a reload (or from another window) starts with empty charts: its record, saved at
 * every epoch's end, fills in the plan, the batch curve and the epoch rows this window did not see.
 * Read again after the next epoch, it also fills the gap between the record's last batch and the first
 * live one (`recordedTo` remembers how far the record's points go).
 */
export function trainBackfilled(run: LiveRun, jobId: string, record: RunRecord): LiveRun {
  if (run.jobId !== jobId || !isJobActive(run.phase) || record.id !== run.runId) return run;
  const parsed = TrainParamsSchema.safeParse(record.params);
  const plan = parsed.success ? planOf(parsed.data) : run.plan;
  const recordedTo = run.recordedTo ?? -1;
  const before = run.batches.filter((b) => b.iter <= recordedTo);
  const live = run.batches.filter((b) => b.iter > recordedTo);
  const firstLiveIter = live[0]?.iter ?? Infinity;
  const added: BatchSample[] = record.batches
    .filter((b) => b.iter > recordedTo && b.iter < firstLiveIter)
    .map((b) => ({
      iter: b.iter,
      epoch: b.epoch,
      loss: b.loss,
      smoothLoss: b.smoothLoss,
      lr: b.lr,
      mom: b.mom,
    }));
  const history = [...before, ...added];
  const endOf = (epoch: number): number =>
    history.reduce((last, b) => (b.epoch <= epoch ? Math.max(last, b.iter) : last), 0);
  const known = new Set(run.epochs.map((e) => e.epoch));
  const rows: EpochSample[] = record.epochs
    .filter((e) => !known.has(e.epoch))
    .map((e) => ({
      iter: endOf(e.epoch),
      fitPhase: 0,
      epoch: e.epoch,
      train_loss: e.train_loss,
      valid_loss: e.valid_loss,
      metrics: e.metrics,
      seconds: e.seconds,
    }));
  const epochs = [...rows, ...run.epochs]
    .map((e) => ({ ...e, fitPhase: fitOfEpoch(plan, e.epoch, e.fitPhase) }))
    .sort((a, b) => a.epoch - b.epoch);
  const lastEpoch = record.epochs.at(-1)?.epoch;
  const epoch = run.batches.length > 0 || lastEpoch === undefined ? run.epoch : lastEpoch + 1;
  return {
    ...run,
    plan,
    params: parsed.success ? parsed.data : run.params,
    epoch,
    fitPhase: fitOfEpoch(plan, epoch, run.fitPhase),
    batches: appendBounded(history, live),
    epochs,
    recordedTo: Math.max(recordedTo, history.at(-1)?.iter ?? -1),
  };
}

export function lrFinderJobsListed(run: LrFinderRun, list: readonly JobInfo[]): LrFinderRun {
  if (!isJobActive(run.phase) || run.jobId === null) return run;
  const job = list.find((j) => j.jobId === run.jobId);
  if (job === undefined && run.points.length === 0) return run;
  if (job === undefined)
    return {
      ...run,
      phase: 'failed',
      error: {
        ...lostRun,
        message: 'The LR finder job was lost while the connection was down. Find LR again.',
      },
    };
  if (job.state === 'done') {
    return {
      ...run,
      phase: 'failed',
      error: {
        code: 'DISCONNECTED',
        message:
          'The LR finder finished while the connection was down, so its curve never arrived. Find LR again.',
      },
    };
  }
  if (job.state === 'failed' || job.state === 'cancelled')
    return { ...run, phase: job.state, error: job.error ?? null };
  return run;
}

// ---- derived progress ----------------------------------------------------------------------------

export interface RunProgress {
  /** 0..1 of the whole run, or null before the first batch. */
  fraction: number | null;
  /** 1-based epoch over the whole run and the total. */
  epoch: number;
  epochs: number;
  /** 1-based batch within the epoch and batches per epoch, when known. */
  batch: number | null;
  batchesPerEpoch: number | null;
  imagesPerSecond: number | null;
  etaSeconds: number | null;
}

/** What the progress bar says, from the step timing the client saw (no clock reading here: `now` is passed). */
export function runProgress(run: LiveRun, now: number): RunProgress {
  const epochsTotal = run.plan.fits.reduce((a, b) => a + b, 0);
  const perEpoch = batchesPerEpoch(run.plan, run.total);
  const epoch = Math.min(epochsTotal, run.epoch + 1);
  const result: RunProgress = {
    fraction: null,
    epoch: Math.max(1, epoch),
    epochs: Math.max(1, epochsTotal),
    batch: null,
    batchesPerEpoch: perEpoch,
    imagesPerSecond: null,
    etaSeconds: null,
  };
  if (perEpoch === null) return result;
  const done = run.step;
  const all = epochsTotal * perEpoch;
  result.fraction = all > 0 ? Math.min(1, done / all) : null;
  result.batch = Math.min(perEpoch, Math.max(1, Math.round(run.step - run.epoch * perEpoch)));
  const first = run.timing[0];
  const last = run.timing[run.timing.length - 1];
  if (first !== undefined && last !== undefined && last.done > first.done && last.at > first.at) {
    const stepsPerSecond = ((last.done - first.done) * 1000) / (last.at - first.at);
    result.imagesPerSecond = stepsPerSecond * run.plan.batchSize;
  }
  // Time left from the whole run's average pace (it includes validation), less time since the last event.
  if (run.firstAt !== null && last !== undefined && last.done > run.firstDone && last.at > run.firstAt) {
    const msPerStep = (last.at - run.firstAt) / (last.done - run.firstDone);
    const sinceLast = Math.max(0, now - last.at);
    result.etaSeconds = Math.max(0, ((all - done) * msPerStep - sinceLast) / 1000);
  }
  return result;
}
