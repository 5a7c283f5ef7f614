/**
 * Routes job events to the Augment and Train slices, outside React. Batch progress arrives up to ten
 * times a second; it is buffered and applied in one store update every `batchMs`, so the charts redraw a
 * few times a second however fast the trainer reports. An epoch row, and the job's end, flush at once.
 * When the jobs slice's list changes (the job list read on every (re)connect, or a job seen for the first
 * time) the Train page checks it: a run that ended while we were away is closed, a running one started
 * elsewhere is adopted, and its curves so far are read from its run record. A change of project clears
 * what belonged to the old one.
 */
import type { Api, JobInfo, JobProgress } from '../../../shared/contract';
import type { DeskfitStore } from './store';

export interface TrainingEventsOptions {
  /** How long batch events wait to be applied together (ms). */
  batchMs?: number;
  /** Clock for images/second and time left (ms). */
  now?: () => number;
}

const trainingKinds = new Set(['train', 'lr-find']);

/**
 * Which jobs exist, in what state, writing which run: changes when a job appears, ends or is named, not
 * on every progress event.
 */
function jobStates(list: readonly JobInfo[]): string {
  return list.map((j) => `${j.jobId}:${j.state}:${j.runId ?? ''}`).join(',');
}

export function bindTrainingEvents(
  api: Api,
  store: DeskfitStore,
  options: TrainingEventsOptions = {},
): () => void {
  const batchMs = options.batchMs ?? 250;
  const now = options.now ?? (() => Date.now());
  let buffer: { progress: JobProgress; at: number }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let listTimer: ReturnType<typeof setTimeout> | null = null;
  let lastStates = jobStates(store.getState().jobs.list);

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (buffer.length === 0) return;
    const events = buffer;
    buffer = [];
    store.getState().trainingProgressed(events);
  };

  // A run adopted from the job list (after a reload, or started in another window): fetch its curves so
  // far, and once more after the next epoch's row (the record is saved before that row is sent) to fill
  // the gap between the record's last batch and the first live one.
  const reads = new Map<string, number>();
  const backfill = (when: 'adopted' | 'epoch'): void => {
    const { jobId, runId, phase, params } = store.getState().train.run;
    if (jobId === null || runId === null || (phase !== 'running' && phase !== 'stopping')) return;
    const done = reads.get(runId) ?? 0;
    if (when === 'adopted' ? done > 0 || params !== null : done !== 1) return;
    reads.set(runId, done + 1);
    api.invoke('runs:get', { runId }).then(
      (record) => store.getState().trainRunBackfilled(jobId, record),
      () => undefined,
    );
  };

  const disposers = [
    api.on('jobs:progress', (progress) => {
      if (!trainingKinds.has(progress.kind)) return;
      buffer.push({ progress, at: now() });
      if (progress.message === 'epoch') {
        flush();
        if (progress.kind === 'train' && progress.jobId === store.getState().train.run.jobId)
          backfill('epoch');
      } else if (timer === null) timer = setTimeout(flush, batchMs);
    }),
    api.on('jobs:done', (done) => {
      if (done.kind === 'augment-preview') store.getState().augmentJobDone(done);
      if (!trainingKinds.has(done.kind)) return;
      flush();
      store.getState().trainingJobDone(done);
    }),
    api.on('jobs:failed', (failed) => {
      if (failed.kind === 'augment-preview') store.getState().augmentJobFailed(failed);
      if (!trainingKinds.has(failed.kind)) return;
      flush();
      store.getState().trainingJobFailed(failed);
    }),
    store.subscribe((state, previous) => {
      if (state.jobs.list !== previous.jobs.list) {
        const states = jobStates(state.jobs.list);
        if (states !== lastStates && listTimer === null) {
          lastStates = states;
          // After the current event has reached every listener (a job's own end event carries its result).
          listTimer = setTimeout(() => {
            listTimer = null;
            lastStates = jobStates(store.getState().jobs.list);
            store.getState().trainingJobsListed(store.getState().jobs.list);
            backfill('adopted');
          }, 0);
        }
      }
      const dir = state.project.current?.dir ?? null;
      if (dir !== (previous.project.current?.dir ?? null)) {
        store.getState().trainProjectChanged();
        store.getState().augmentProjectChanged();
      }
    }),
  ];

  return () => {
    flush();
    if (listTimer !== null) clearTimeout(listTimer);
    for (const dispose of disposers.splice(0)) dispose();
  };
}
