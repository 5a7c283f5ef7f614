/**
 * What the status bar says about jobs: the one it follows (the self-test run on screen, else the
 * newest running job), in words, how far along it is, and which page shows it. Pure, over the jobs
 * slice.
 */
import type { JobInfo, JobProgress } from '../../../../shared/contract';
import type { PageId } from '../../pages';
import { isSelftestActive, type JobsState } from '../../store';

export interface FollowedJob {
  jobId: string | null;
  kind: string;
  /** "Running self-test: step 3/30", "Cancelling training…". */
  summary: string;
  /** 0..100 when the total is known. */
  percent: number | null;
  /** A longer line for the tooltip (the job's latest progress message). */
  detail: string | null;
  stopping: boolean;
}

const kindWords: Record<string, string> = {
  selftest: 'self-test',
  train: 'training',
  'lr-find': 'LR finder',
  interpret: 'interpretation',
  predict: 'prediction',
  'augment-preview': 'augmentation preview',
};

/** The page that shows each kind of job, for the status bar's link and to avoid a second Stop there. */
export const jobPages: Record<string, PageId> = {
  selftest: 'settings',
  train: 'train',
  'lr-find': 'train',
  interpret: 'interpret',
  predict: 'export',
  'augment-preview': 'augment',
};

export function kindWordsOf(kind: string): string {
  return kindWords[kind] ?? kind;
}

function percentOf(step: number, total: number | null | undefined): number | null {
  if (total === undefined || total === null || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((step / total) * 100)));
}

function stepWords(step: number, total: number | null | undefined): string {
  return total !== undefined && total !== null ? `step ${step}/${total}` : `step ${step}`;
}

function runningSummary(job: JobInfo, progress: JobProgress | undefined, stopping: boolean): FollowedJob {
  const words = kindWordsOf(job.kind);
  const step = progress?.step ?? 0;
  const total = progress?.total;
  return {
    jobId: job.jobId,
    kind: job.kind,
    summary: stopping
      ? `Stopping ${words}…`
      : progress === undefined
        ? `Running ${words}`
        : `Running ${words}: ${stepWords(step, total)}`,
    percent: percentOf(step, total),
    detail: progress?.message ?? null,
    stopping,
  };
}

/** The job the status bar follows, or null when nothing runs ("Idle"). */
export function followedJob(jobs: JobsState, stopping: ReadonlySet<string> = new Set()): FollowedJob | null {
  const run = jobs.selftest;
  if (isSelftestActive(run.phase)) {
    const cancelling = run.phase === 'cancelling' || (run.jobId !== null && stopping.has(run.jobId));
    return {
      jobId: run.jobId,
      kind: 'selftest',
      summary:
        run.phase === 'starting'
          ? 'Starting self-test…'
          : cancelling
            ? 'Cancelling self-test…'
            : `Running self-test: ${stepWords(run.step, run.total)}`,
      percent: run.phase === 'starting' ? null : percentOf(run.step, run.total),
      detail: null,
      stopping: cancelling,
    };
  }
  const running = jobs.list.filter((j) => j.state === 'running');
  const newest = running.reduce<JobInfo | undefined>(
    (best, job) => (best === undefined || job.startedAt >= best.startedAt ? job : best),
    undefined,
  );
  if (newest === undefined) return null;
  const followed = runningSummary(
    newest,
    jobs.progress[newest.jobId] ?? newest.lastProgress,
    stopping.has(newest.jobId),
  );
  if (running.length > 1) followed.summary += ` (+${running.length - 1} more)`;
  return followed;
}
