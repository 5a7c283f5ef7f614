// Run history: the list of the project's runs, and the full records of the runs being compared.
import type { Api } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import { useDeskfitStore, type DeskfitStore } from './store';

/** Lists the open project's runs; a call while one is in flight is dropped. */
export async function loadRunHistory(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  if (store.getState().project.current === null || store.getState().runHistory.loading) return;
  store.getState().runHistoryLoading();
  try {
    store.getState().runHistoryLoaded(await api.invoke('runs:list', {}));
  } catch (err) {
    store.getState().runHistoryFailed(toErrorShape(err));
  }
}

export async function loadRunRecord(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  try {
    store.getState().runHistoryRecordLoaded(await api.invoke('runs:get', { runId }));
  } catch (err) {
    store.getState().runHistoryRecordFailed(runId, toErrorShape(err));
  }
}

/** Adds a run to (or removes it from) the overlay, fetching its curves when they are not here yet. */
export async function toggleRunCompare(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().runHistoryCompareToggled(runId);
  const { compare, records } = store.getState().runHistory;
  if (compare.includes(runId) && records[runId] === undefined) await loadRunRecord(api, runId, store);
}
