/**
 * Pure transitions for the Augment page's previews. Each request gets a number; only the newest one's
 * job may change what is shown, so a slow old preview never replaces a newer one. The job's events can
 * overtake the reply to `jobs:start`, so results for a job not yet known are kept briefly.
 */
import { AugmentPreviewResultSchema, type AugmentPreviewResult } from '../../../shared/training';
import type { JobDone, JobFailed } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';

export type PreviewPhase = 'idle' | 'loading' | 'done' | 'failed';

type Early = { result: unknown } | { error: ErrorShape };

export interface PreviewState {
  /** Number of the newest request. */
  seq: number;
  /** The newest request's job, once `jobs:start` answered. */
  jobId: string | null;
  phase: PreviewPhase;
  /** The newest preview that arrived (kept on screen, dimmed, while the next one loads). */
  result: AugmentPreviewResult | null;
  error: ErrorShape | null;
  /** Results of jobs whose start reply has not arrived yet, by job id (a few at most). */
  early: Record<string, Early>;
}

export const idlePreview: PreviewState = {
  seq: 0,
  jobId: null,
  phase: 'idle',
  result: null,
  error: null,
  early: {},
};

const MAX_EARLY = 8;

export function previewRequested(state: PreviewState, seq: number): PreviewState {
  return { ...state, seq, jobId: null, phase: 'loading', error: null };
}

function settle(state: PreviewState, jobId: string, outcome: Early): PreviewState {
  if ('error' in outcome) {
    return { ...state, jobId, phase: 'failed', error: outcome.error };
  }
  const parsed = AugmentPreviewResultSchema.safeParse(outcome.result);
  if (!parsed.success) {
    return {
      ...state,
      jobId,
      phase: 'failed',
      error: {
        code: 'BAD_RESULT',
        message:
          'The preview finished but sent images this page cannot read. The server and this page may be ' +
          'different versions; reload the page.',
      },
    };
  }
  return { ...state, jobId, phase: 'done', result: parsed.data, error: null };
}

/** The start reply for request `seq`: ignored unless it is still the newest. */
export function previewStarted(state: PreviewState, seq: number, jobId: string): PreviewState {
  if (seq !== state.seq || state.phase !== 'loading') return state;
  const early = state.early[jobId];
  const { [jobId]: _used, ...rest } = state.early;
  const next = { ...state, jobId, early: rest };
  return early === undefined ? next : settle(next, jobId, early);
}

export function previewStartFailed(state: PreviewState, seq: number, error: ErrorShape): PreviewState {
  if (seq !== state.seq) return state;
  return { ...state, phase: 'failed', error };
}

function stash(state: PreviewState, jobId: string, outcome: Early): PreviewState {
  if (state.phase !== 'loading' || state.jobId !== null) return state;
  const entries = Object.entries({ ...state.early, [jobId]: outcome }).slice(-MAX_EARLY);
  return { ...state, early: Object.fromEntries(entries) };
}

export function previewJobDone(state: PreviewState, done: JobDone): PreviewState {
  if (done.jobId === state.jobId)
    return state.phase === 'loading' ? settle(state, done.jobId, { result: done.result }) : state;
  return stash(state, done.jobId, { result: done.result });
}

export function previewJobFailed(state: PreviewState, failed: JobFailed): PreviewState {
  if (failed.jobId === state.jobId) {
    return state.phase === 'loading' ? settle(state, failed.jobId, { error: failed.error }) : state;
  }
  // A superseded request we cancelled says CANCELLED: nothing to keep.
  if (failed.error.code === 'CANCELLED') return state;
  return stash(state, failed.jobId, { error: failed.error });
}

/** What to tell a person when a preview fails. */
export function describePreviewError(error: ErrorShape): string {
  if (error.code === 'UNKNOWN_JOB_KIND') {
    return (
      'This deskfit service cannot make augmentation previews yet. Your settings still work: ' +
      '"Use for training" saves them for the next training run.'
    );
  }
  if (error.code === 'NOT_FOUND') return `${error.message}`;
  if (error.code === 'NO_PROJECT') return 'No project is open: open one on the Datasets page.';
  return `Could not make the preview: ${error.message}`;
}
