// The open project's runs, for every page that shows them: the list, and the full records of the runs
// the Train page's history compares. They never throw; outcomes land in the store.
import type { Api } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import { useDeskfitStore, type DeskfitStore } from './store';

/** Lists the open project's runs (none open: forgets them); false when the list could not be read. */
export async function listRuns(api: Api, store: DeskfitStore = useDeskfitStore): Promise<boolean> {
  const dir = store.getState().project.current?.dir ?? null;
  if (dir === null) {
    store.getState().runsReset();
    return false;
  }
  store.getState().runsLoading(dir);
  try {
    store.getState().runsLoaded(dir, await api.invoke('runs:list', {}));
    return true;
  } catch (err) {
    store.getState().runsFailed(dir, toErrorShape(err));
    return false;
  }
}

/** The Train page's run history: lists the runs; a call while a listing is in flight is dropped. */
export async function loadRunHistory(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  if (store.getState().project.current === null || store.getState().runs.loading) return;
  await listRuns(api, store);
}

export async function loadRunRecord(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  try {
    store.getState().runRecordLoaded(await api.invoke('runs:get', { runId }));
  } catch (err) {
    store.getState().runRecordFailed(runId, toErrorShape(err));
  }
}

/** Adds a run to (or removes it from) the overlay, fetching its curves when they are not here yet. */
export async function toggleRunCompare(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().runCompareToggled(runId);
  const { compare, records } = store.getState().runs;
  if (compare.includes(runId) && records[runId] === undefined) await loadRunRecord(api, runId, store);
}
