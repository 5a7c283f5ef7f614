/**
 * Routes job events to the Augment and Train slices, outside React. Batch progress arrives up to ten
 * times a second; it is buffered and applied in one store update every `batchMs`, so the charts redraw a
 * few times a second however fast the trainer reports. An epoch row, and the job's end, flush at once.
 * On every (re)connect the job list is read again (events may have been missed), and a change of project
 * clears what belonged to the old one.
 */
import type { Api, JobProgress } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import { loadRunHistory } from './runsActions';
import type { DeskfitStore } from './store';

export interface TrainingEventsOptions {
  /** How long batch events wait to be applied together (ms). */
  batchMs?: number;
  /** Clock for images/second and time left (ms). */
  now?: () => number;
}

const trainingKinds = new Set(['train', 'lr-find']);

async function syncJobs(api: Api, store: DeskfitStore): Promise<void> {
  try {
    store.getState().trainingJobsListed(await api.invoke('jobs:list', {}));
  } catch (err) {
    console.warn('deskfit: could not list jobs for the Train page:', toErrorShape(err).message);
  }
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

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (buffer.length === 0) return;
    const events = buffer;
    buffer = [];
    store.getState().trainingProgressed(events);
  };

  const disposers = [
    api.on('jobs:progress', (progress) => {
      if (!trainingKinds.has(progress.kind)) return;
      buffer.push({ progress, at: now() });
      if (progress.message === 'epoch') flush();
      else if (timer === null) timer = setTimeout(flush, batchMs);
    }),
    api.on('jobs:done', (done) => {
      if (done.kind === 'augment-preview') store.getState().augmentJobDone(done);
      if (!trainingKinds.has(done.kind)) return;
      flush();
      store.getState().trainingJobDone(done);
      if (done.kind === 'train') void loadRunHistory(api, store);
    }),
    api.on('jobs:failed', (failed) => {
      if (failed.kind === 'augment-preview') store.getState().augmentJobFailed(failed);
      if (!trainingKinds.has(failed.kind)) return;
      flush();
      store.getState().trainingJobFailed(failed);
      if (failed.kind === 'train') void loadRunHistory(api, store);
    }),
    store.subscribe((state, previous) => {
      if (state.connection.state === 'connected' && previous.connection.state !== 'connected') {
        void syncJobs(api, store);
      }
      const dir = state.project.current?.dir ?? null;
      if (dir !== (previous.project.current?.dir ?? null)) {
        store.getState().trainProjectChanged();
        store.getState().augmentProjectChanged();
        store.getState().runHistoryProjectChanged();
      }
    }),
  ];

  return () => {
    flush();
    for (const dispose of disposers.splice(0)) dispose();
  };
}
