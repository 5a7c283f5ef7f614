// Small selectors over the store. Each returns a stored reference or a primitive, so components
// using them re-render only when that piece changes.
import type { AppInfo, DoctorReport, JobInfo, JobProgress } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import type { ConnectionStatus } from '../api/wsClient';
import type { PageId } from '../pages';
import type { SelftestRun } from './jobsReducers';
import type { DeskfitState } from './types';

export const selectPage = (s: DeskfitState): PageId => s.navigation.page;
export const selectGoTo = (s: DeskfitState): DeskfitState['goTo'] => s.goTo;

export const selectConnection = (s: DeskfitState): ConnectionStatus => s.connection;

export const selectAppInfo = (s: DeskfitState): AppInfo | null => s.app.info;
export const selectDoctor = (s: DeskfitState): DoctorReport | null => s.app.doctor;
export const selectAppLoading = (s: DeskfitState): boolean => s.app.loading;
export const selectAppError = (s: DeskfitState): ErrorShape | null => s.app.error;
export const selectLiveBackend = (s: DeskfitState): string | null => s.app.doctor?.backend ?? null;

export const selectJobs = (s: DeskfitState): JobInfo[] => s.jobs.list;
export const selectJobProgress =
  (jobId: string) =>
  (s: DeskfitState): JobProgress | undefined =>
    s.jobs.progress[jobId];
export const selectSelftest = (s: DeskfitState): SelftestRun => s.jobs.selftest;

const connectionLabels: Record<ConnectionStatus['state'], string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Connection error',
  closed: 'Disconnected',
};
export const selectConnectionLabel = (s: DeskfitState): string => connectionLabels[s.connection.state];

/** One line for the status bar: "Idle", "Running self-test: step 3/30", … */
export const selectJobSummary = (s: DeskfitState): string => {
  const run = s.jobs.selftest;
  if (run.phase === 'starting') return 'Starting self-test…';
  if (run.phase === 'cancelling') return 'Cancelling self-test…';
  if (run.phase === 'running') {
    return run.total !== null
      ? `Running self-test: step ${run.step}/${run.total}`
      : `Running self-test: step ${run.step}`;
  }
  const running = s.jobs.list.filter((j) => j.state === 'running');
  if (running.length === 1 && running[0] !== undefined) return `Running ${running[0].kind}`;
  if (running.length > 1) return `Running ${running.length} jobs`;
  return 'Idle';
};
