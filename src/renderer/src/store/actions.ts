/**
 * The store's conversations with the service: each calls the Api and records the outcome, so
 * components only say what the user asked for. They never throw; failures land in the store.
 */
import type { Api } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import { useDeskfitStore, type DeskfitStore } from './store';

/** Fetches `app:info` and `backend:doctor` together; a call while one is in flight is dropped. */
export async function loadAppOverview(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  if (store.getState().app.loading) return;
  store.getState().appLoadStarted();
  try {
    const [info, doctor] = await Promise.all([api.invoke('app:info', {}), api.invoke('backend:doctor', {})]);
    store.getState().appLoaded(info, doctor);
  } catch (err) {
    store.getState().appLoadFailed(toErrorShape(err));
  }
}

/** Asks for the job list (on connect and reconnect, when events may have been missed). */
export async function refreshJobs(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  try {
    store.getState().jobsListed(await api.invoke('jobs:list', {}));
  } catch (err) {
    // The connection state already tells the user; the next reconnect lists again.
    console.warn('deskfit: could not list jobs:', toErrorShape(err).message);
  }
}

export async function startSelftest(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  store.getState().selftestStarting();
  try {
    const { jobId } = await api.invoke('jobs:start', { kind: 'selftest', params: {} });
    store.getState().selftestStarted(jobId);
  } catch (err) {
    store.getState().selftestStartFailed(toErrorShape(err));
  }
}

/** Asks the service to stop the self-test; the `jobs:failed` event (CANCELLED) ends the run. */
export async function cancelSelftest(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { jobId } = store.getState().jobs.selftest;
  if (jobId === null) return;
  store.getState().selftestCancelling();
  try {
    await api.invoke('jobs:cancel', { jobId });
  } catch (err) {
    store.getState().selftestCancelFailed(toErrorShape(err));
  }
}
