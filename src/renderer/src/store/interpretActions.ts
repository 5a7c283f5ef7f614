/**
 * The Interpret page's conversations with the service: list the runs, read a run's saved
 * interpretation, run the `interpret` job (and stop it), and relabel or exclude an image from the
 * page through the same `labels:assign` / `items:exclude` requests the Label page uses. They never
 * throw; outcomes land in the store.
 */
import type { Api } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import { revalidateItems } from './labelActions';
import { listRuns } from './runsActions';
import { useDeskfitStore, type DeskfitStore } from './store';

/** How many highest-loss images the job returns (fastai's plot_top_losses shows a handful; we page). */
export const TOP_LOSSES = 48;

/** Reads the saved interpretation of `runId` (null: none yet). */
export async function loadInterpretation(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().interpretationLoading(runId);
  try {
    store.getState().interpretationLoaded(runId, await api.invoke('runs:interpretation', { runId }));
  } catch (err) {
    store.getState().interpretationFailed(runId, toErrorShape(err));
  }
}

/** Lists the open project's runs, keeps the chosen one if it is still there, and reads its results. */
export async function loadRuns(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  if (!(await listRuns(api, store))) return;
  const { runs, interpret } = store.getState();
  if (runs.chosen !== null && interpret.runId === runs.chosen && interpret.saved === 'unknown') {
    await loadInterpretation(api, runs.chosen, store);
  }
}

export async function chooseRun(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().runChosen(runId);
  if (store.getState().interpret.saved === 'unknown') await loadInterpretation(api, runId, store);
}

export async function startInterpret(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { runs, interpret } = store.getState();
  store.getState().interpretStarting();
  try {
    const { jobId } = await api.invoke('jobs:start', {
      kind: 'interpret',
      params: {
        ...(runs.chosen !== null ? { runId: runs.chosen } : {}),
        tta: interpret.tta,
        topLosses: TOP_LOSSES,
      },
    });
    store.getState().interpretStarted(jobId);
  } catch (err) {
    store.getState().interpretStartFailed(toErrorShape(err));
  }
}

/** Asks the service to stop the job; its `jobs:failed` (CANCELLED) ends the flow. */
export async function cancelInterpret(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { jobId, phase } = store.getState().interpret.job;
  if (jobId === null || phase !== 'running') return;
  store.getState().interpretCancelling();
  try {
    await api.invoke('jobs:cancel', { jobId });
  } catch (err) {
    store.getState().interpretCancelFailed(toErrorShape(err));
  }
}

/** Gives one image of the interpretation a new label (null clears it). */
export async function relabelReviewItem(
  api: Api,
  itemId: number,
  label: string | null,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  if (store.getState().interpret.pending[itemId] === true) return;
  store.getState().reviewEditStarted(itemId);
  try {
    const result = await api.invoke('labels:assign', { itemIds: [itemId], label });
    store.getState().projectEdited(result);
    store.getState().reviewEdited(itemId, { label }, result.description);
    void revalidateItems(api, store);
  } catch (err) {
    const error = toErrorShape(err);
    const what = label === null ? 'clear the label' : `label the image ${label}`;
    store.getState().reviewEditFailed(itemId, { ...error, message: `Could not ${what}: ${error.message}` });
  }
}

/** Leaves one image out of training (or puts it back). */
export async function setReviewItemExcluded(
  api: Api,
  itemId: number,
  excluded: boolean,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  if (store.getState().interpret.pending[itemId] === true) return;
  store.getState().reviewEditStarted(itemId);
  try {
    const result = await api.invoke('items:exclude', { itemIds: [itemId], excluded });
    store.getState().projectEdited(result);
    store.getState().reviewEdited(itemId, { excluded }, result.description);
    void revalidateItems(api, store);
  } catch (err) {
    const error = toErrorShape(err);
    const what = excluded ? 'exclude the image' : 'include the image again';
    store.getState().reviewEditFailed(itemId, { ...error, message: `Could not ${what}: ${error.message}` });
  }
}
