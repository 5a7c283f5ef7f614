/**
 * One job started from a page and followed to its end: the Interpret page's `interpret` job and the
 * Export page's `predict` jobs. Pure transitions on plain values. A fast job's `jobs:done` may
 * overtake the reply to `jobs:start`, so terminal events for an id not claimed yet are kept as
 * `EarlyEnd`s and applied when the reply names that id.
 */
import type { JobProgress } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';

export type FlowPhase = 'idle' | 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export interface JobFlow {
  phase: FlowPhase;
  jobId: string | null;
  step: number;
  total: number | null;
  message: string | null;
  error: ErrorShape | null;
}

export type EarlyEnd = { jobId: string; result: unknown } | { jobId: string; error: ErrorShape };

export const idleFlow: JobFlow = {
  phase: 'idle',
  jobId: null,
  step: 0,
  total: null,
  message: null,
  error: null,
};

/** Early ends kept at most (older ones are dropped: their start replies are long gone). */
const MAX_EARLY = 16;

export function isFlowActive(phase: FlowPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'cancelling';
}

export function flowStarting(): JobFlow {
  return { ...idleFlow, phase: 'starting' };
}

export function flowStarted(flow: JobFlow, jobId: string): JobFlow {
  if (flow.phase !== 'starting') return flow;
  return { ...flow, jobId, phase: 'running' };
}

export function flowStartFailed(flow: JobFlow, error: ErrorShape): JobFlow {
  if (flow.phase !== 'starting') return flow;
  return { ...flow, phase: 'failed', error };
}

export function flowProgressed(flow: JobFlow, progress: JobProgress): JobFlow {
  if (flow.jobId !== progress.jobId || !isFlowActive(flow.phase)) return flow;
  return {
    ...flow,
    step: Math.max(flow.step, progress.step),
    total: progress.total ?? flow.total,
    message: progress.message ?? flow.message,
  };
}

export function flowCancelling(flow: JobFlow): JobFlow {
  if (flow.phase !== 'running') return flow;
  return { ...flow, phase: 'cancelling', error: null };
}

export function flowCancelFailed(flow: JobFlow, error: ErrorShape): JobFlow {
  if (flow.phase !== 'cancelling') return flow;
  return { ...flow, phase: 'running', error };
}

export function flowDone(flow: JobFlow): JobFlow {
  return { ...flow, phase: 'done', error: null, step: flow.total ?? flow.step };
}

export function flowFailed(flow: JobFlow, error: ErrorShape): JobFlow {
  return { ...flow, phase: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error };
}

/** Whether a terminal event for `jobId` belongs to `flow` (it does once `jobs:start` has replied). */
export function endsFlow(flow: JobFlow, jobId: string): boolean {
  return flow.jobId === jobId && isFlowActive(flow.phase);
}

export function rememberEarly(early: readonly EarlyEnd[], end: EarlyEnd): EarlyEnd[] {
  return [...early.filter((e) => e.jobId !== end.jobId), end].slice(-MAX_EARLY);
}

export function takeEarly(
  early: readonly EarlyEnd[],
  jobId: string,
): { end: EarlyEnd | undefined; rest: EarlyEnd[] } {
  const end = early.find((e) => e.jobId === jobId);
  return { end, rest: end === undefined ? [...early] : early.filter((e) => e !== end) };
}

/** "3 of 12 images" progress as a fraction in 0..1, or null when the total is not known. */
export function flowFraction(flow: JobFlow): number | null {
  if (flow.total === null || flow.total <= 0) return null;
  return Math.max(0, Math.min(1, flow.step / flow.total));
}

/** One problem a schema found in a job's result (a zod issue). */
export interface ResultIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * A one-line reason for a result the app cannot read (service and page of different versions),
 * naming its first three problems.
 */
export function badResult(what: string, issues: readonly ResultIssue[]): ErrorShape {
  const listed = issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'result'}: ${i.message}`)
    .join('; ');
  return {
    code: 'BAD_RESULT',
    message:
      `The ${what} finished but sent a result this app cannot read (${listed}). ` +
      'The server and this page may be different versions; reload the page.',
  };
}
