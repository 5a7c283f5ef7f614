/**
 * Feeds the Interpret and Export pages from the Api, outside React: job events to their flows, a
 * finished or stopped training run to the runs list (which the Train page's run history shows too), a different open project to a clean slate, and
 * after a reconnect the fate of a job whose events may have been missed. Called by `bindStoreToApi`;
 * returns disposers.
 */
import type { Api, JobInfo } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import type { StatusSource } from '../api/wsClient';
import { loadInterpretation, loadRuns } from './interpretActions';
import { isFlowActive, type JobFlow } from './interpretJobFlow';
import type { DeskfitStore } from './store';

const trainingKinds = new Set(['train']);

const lost: ErrorShape = {
  code: 'DISCONNECTED',
  message:
    'deskfit serve no longer knows this job (it may have restarted while the connection was down). Run it again.',
};

/** What became of `flow`'s job according to `jobs:list`, or null while it still runs. */
function fateOf(flow: JobFlow, jobs: readonly JobInfo[]): 'done' | ErrorShape | null {
  if (flow.jobId === null || !isFlowActive(flow.phase)) return null;
  const job = jobs.find((j) => j.jobId === flow.jobId);
  if (job === undefined) return lost;
  if (job.state === 'running') return null;
  if (job.state === 'done') return 'done';
  return job.error ?? lost;
}

async function reconcile(api: Api, store: DeskfitStore): Promise<void> {
  let jobs: JobInfo[];
  try {
    jobs = await api.invoke('jobs:list', {});
  } catch {
    return; // the next reconnect asks again
  }
  const state = store.getState();
  const { job, runId } = state.interpret;
  const interpretFate = fateOf(job, jobs);
  if (interpretFate === 'done' && job.jobId !== null) {
    state.interpretEndedUnseen(job.jobId);
    if (runId !== null) void loadInterpretation(api, runId, store);
  } else if (interpretFate !== null && interpretFate !== 'done' && job.jobId !== null) {
    state.interpretJobFailed({ jobId: job.jobId, kind: 'interpret', error: interpretFate });
  }
  for (const target of ['batch', 'tryIt'] as const) {
    const { flow } = state.predictions[target];
    const fate = fateOf(flow, jobs);
    if (fate === null || flow.jobId === null) continue;
    const error: ErrorShape =
      fate === 'done'
        ? {
            code: 'DISCONNECTED',
            message:
              'The prediction finished while the connection was down, so its rows never arrived ' +
              '(a CSV, if you asked for one, was written). Predict again to see them here.',
          }
        : fate;
    state.predictJobFailed({ jobId: flow.jobId, kind: 'predict', error });
  }
}

export function bindInterpretAndExport(
  api: Api,
  store: DeskfitStore,
  statusSource: StatusSource | null,
): Array<() => void> {
  const runsShown = () => store.getState().runs.list !== null;
  const disposers = [
    api.on('jobs:progress', (progress) => {
      store.getState().interpretProgressed(progress);
      store.getState().predictProgressed(progress);
    }),
    api.on('jobs:done', (done) => {
      store.getState().interpretJobDone(done);
      store.getState().predictJobDone(done);
      if (trainingKinds.has(done.kind) && runsShown()) void loadRuns(api, store);
    }),
    api.on('jobs:failed', (failed) => {
      store.getState().interpretJobFailed(failed);
      store.getState().predictJobFailed(failed);
      // A stopped run may still have saved a model from its best epoch.
      if (trainingKinds.has(failed.kind) && runsShown()) void loadRuns(api, store);
    }),
    store.subscribe((state, previous) => {
      const dir = state.project.current?.dir ?? null;
      if (dir === (previous.project.current?.dir ?? null)) return;
      state.exportReset();
      // The Train, Interpret and Export pages list the new project's runs when they see it change.
      if (state.runs.projectDir !== null && state.runs.projectDir !== dir) state.runsReset();
    }),
  ];
  if (statusSource !== null) {
    let connected = false;
    disposers.push(
      statusSource.onStatus((status) => {
        const now = status.state === 'connected';
        if (now && !connected) void reconcile(api, store);
        connected = now;
      }),
    );
  }
  return disposers;
}
