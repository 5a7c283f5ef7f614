/**
 * What a job's code sees while it runs, wherever it runs (trainer child process, Electron utility
 * process, or inline in a unit test). Jobs report progress and check for cancellation each step.
 */
import type { JobProgress } from '../../shared/contract';

export type StepProgress = Omit<JobProgress, 'jobId' | 'kind'>;

export interface JobContext {
  /** Report progress; cheap to call, the host throttles what crosses the process boundary. */
  progress(update: StepProgress): void;
  /** Aborted when the user cancels; jobs check `signal.aborted` at least once per step. */
  readonly signal: AbortSignal;
}

/** Thrown by a job that saw `signal.aborted`; becomes a `jobs:failed` event with code CANCELLED. */
export class JobCancelled extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'JobCancelled';
  }
}
