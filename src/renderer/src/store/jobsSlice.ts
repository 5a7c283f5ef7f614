// Jobs as the service reports them, plus the self-test run the Settings page shows.
import type { StateCreator } from 'zustand';
import type { JobDone, JobFailed, JobInfo, JobProgress } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import {
  applyDone,
  applyFailed,
  applyJobsListed,
  applyProgress,
  applySelftestCancelFailed,
  applySelftestCancelling,
  applySelftestStarted,
  applySelftestStarting,
  applySelftestStartFailed,
  initialJobs,
  type JobsState,
} from './jobsReducers';
import type { DeskfitState } from './types';

export interface JobsSlice {
  jobs: JobsState;
  jobsListed(list: JobInfo[]): void;
  jobProgressed(progress: JobProgress): void;
  jobDone(done: JobDone): void;
  jobFailed(failed: JobFailed): void;
  selftestStarting(): void;
  selftestStarted(jobId: string): void;
  selftestStartFailed(error: ErrorShape): void;
  selftestCancelling(): void;
  selftestCancelFailed(error: ErrorShape): void;
}

export { initialJobs };

export const createJobsSlice: StateCreator<DeskfitState, [], [], JobsSlice> = (set) => ({
  jobs: initialJobs,
  jobsListed: (list) => set((s) => ({ jobs: applyJobsListed(s.jobs, list) })),
  jobProgressed: (progress) => set((s) => ({ jobs: applyProgress(s.jobs, progress) })),
  jobDone: (done) => set((s) => ({ jobs: applyDone(s.jobs, done) })),
  jobFailed: (failed) => set((s) => ({ jobs: applyFailed(s.jobs, failed) })),
  selftestStarting: () => set((s) => ({ jobs: applySelftestStarting(s.jobs) })),
  selftestStarted: (jobId) => set((s) => ({ jobs: applySelftestStarted(s.jobs, jobId) })),
  selftestStartFailed: (error) => set((s) => ({ jobs: applySelftestStartFailed(s.jobs, error) })),
  selftestCancelling: () => set((s) => ({ jobs: applySelftestCancelling(s.jobs) })),
  selftestCancelFailed: (error) => set((s) => ({ jobs: applySelftestCancelFailed(s.jobs, error) })),
});
