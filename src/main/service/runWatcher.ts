/**
 * A trainer that dies (killed, out of memory, a native crash) cannot write its own last word, so its
 * `run.json` would say 'running' forever. The service remembers which run each train job writes and,
 * when the job fails or is stopped and the record still says 'running', marks it 'failed' (or
 * 'cancelled') with the reason. The run's last checkpoint stays, so it can be resumed.
 */
import type { ErrorShape } from '../../shared/errors';
import type { RunRecord } from '../../shared/training';
import type { JobData } from '../jobs/jobData';
import { readRunRecord, writeRunRecord } from '../runs/runStore';
import type { EventHub } from './eventHub';

interface TrackedRun {
  projectDir: string;
  runId: string;
}

export interface RunWatcher {
  /** Remembers the run a started job writes (a no-op for jobs without one); returns `started`. */
  track<T extends { jobId: string }>(started: T, data: JobData | undefined): T;
  /** The run a live job writes or reads, if it has one. */
  runOf(jobId: string): string | undefined;
  /** True while a train job of this service is writing the run. */
  isLive(projectDir: string, runId: string): boolean;
  /**
   * A record that says 'running' with no live job behind it was left by an app that stopped (crash,
   * power loss): present it as failed, resumable from its last checkpoint.
   */
  present(projectDir: string, record: RunRecord): RunRecord;
  /** Resolves when every record update so far is written (tests, shutdown). */
  idle(): Promise<void>;
  dispose(): void;
}

function endedRecord(record: RunRecord, error: ErrorShape): RunRecord {
  const stopped = error.code === 'CANCELLED';
  const resumable = record.checkpointEpoch !== null;
  const reason = stopped
    ? `Stopped before the trainer could save its last state (${error.message}).`
    : `The trainer failed: ${error.message}`;
  const next = resumable ? ` It can be resumed after epoch ${record.checkpointEpoch}.` : '';
  return {
    ...record,
    status: stopped ? 'cancelled' : 'failed',
    reason: `${reason}${next}`,
    endedAt: Date.now(),
  };
}

export function installRunWatcher(events: EventHub): RunWatcher {
  const runs = new Map<string, TrackedRun>();
  let pending: Promise<void> = Promise.resolve();

  const markEnded = async (run: TrackedRun, error: ErrorShape): Promise<void> => {
    let record: RunRecord;
    try {
      record = await readRunRecord(run.projectDir, run.runId);
    } catch {
      return; // The trainer died before writing the record: there is no run to mark.
    }
    if (record.status !== 'running') return;
    await writeRunRecord(run.projectDir, endedRecord(record, error));
  };

  const offs = [
    events.on('jobs:done', ({ jobId }) => void runs.delete(jobId)),
    events.on('jobs:failed', ({ jobId, kind, error }) => {
      const run = runs.get(jobId);
      // Only a train job writes its run; interpret and predict jobs merely read one.
      if (!run || kind !== 'train') {
        runs.delete(jobId);
        return;
      }
      // The run stays tracked until its record says how it ended (present() must not guess meanwhile).
      pending = pending
        .then(() => markEnded(run, error))
        .catch(() => undefined)
        .finally(() => runs.delete(jobId));
    }),
  ];

  return {
    track(started, data) {
      if (data?.projectDir !== undefined && data.runId !== undefined && data.runDir !== undefined) {
        runs.set(started.jobId, { projectDir: data.projectDir, runId: data.runId });
      }
      return started;
    },
    runOf: (jobId) => runs.get(jobId)?.runId,
    isLive: (projectDir, runId) =>
      [...runs.values()].some((run) => run.projectDir === projectDir && run.runId === runId),
    present(projectDir, record) {
      if (record.status !== 'running') return record;
      if ([...runs.values()].some((run) => run.projectDir === projectDir && run.runId === record.id)) {
        return record;
      }
      const resumable = record.checkpointEpoch !== null;
      return {
        ...record,
        status: 'failed',
        reason:
          'deskfit stopped while this run was training.' +
          (resumable ? ` It can be resumed after epoch ${record.checkpointEpoch}.` : ''),
      };
    },
    idle: () => pending,
    dispose: () => {
      for (const off of offs) off();
      runs.clear();
    },
  };
}
