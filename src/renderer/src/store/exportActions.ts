/**
 * The Export page's conversations with the service: copy the chosen run's model folder out, start
 * `predict` jobs (the test split or a folder, with a CSV; dropped images sent inline) and stop them.
 * They never throw; outcomes land in the store.
 */
import type { Api, PredictSource } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import type { BatchSource, PredictTarget, TryImage } from './exportSlice';
import { useDeskfitStore, type DeskfitStore } from './store';

function chosenRun(store: DeskfitStore): { runId?: string } {
  const runId = store.getState().runs.chosen;
  return runId === null ? {} : { runId };
}

export async function exportModel(
  api: Api,
  dir: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().modelExportStarted();
  try {
    store.getState().modelExportDone(await api.invoke('models:export', { ...chosenRun(store), dir }));
  } catch (err) {
    store.getState().modelExportFailed(toErrorShape(err));
  }
}

/** Predicts the test split or a folder; `csv` is where to write the predictions (null: no CSV). */
export async function predictBatch(
  api: Api,
  source: BatchSource,
  csv: string | null,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().batchPredictStarting(source, csv);
  const from: PredictSource = source.kind === 'test' ? { split: 'test' } : { paths: [source.path] };
  try {
    const { jobId } = await api.invoke('jobs:start', {
      kind: 'predict',
      params: { ...chosenRun(store), source: from, ...(csv !== null ? { csv } : {}) },
    });
    store.getState().predictStarted('batch', jobId);
  } catch (err) {
    store.getState().predictStartFailed('batch', toErrorShape(err));
  }
}

/** Sends dropped images inline (already checked against the contract's limits) for a prediction each. */
export async function predictDropped(
  api: Api,
  images: ReadonlyArray<TryImage & { base64: string }>,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  if (images.length === 0) return;
  store.getState().tryPredictStarting(images.map(({ name, preview }) => ({ name, preview })));
  try {
    const { jobId } = await api.invoke('jobs:start', {
      kind: 'predict',
      params: {
        ...chosenRun(store),
        source: { inline: images.map(({ name, base64 }) => ({ name, base64 })) },
      },
    });
    store.getState().predictStarted('tryIt', jobId);
  } catch (err) {
    store.getState().predictStartFailed('tryIt', toErrorShape(err));
  }
}

export async function cancelPredict(
  api: Api,
  target: PredictTarget,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const { jobId, phase } = store.getState().predictions[target].flow;
  if (jobId === null || phase !== 'running') return;
  store.getState().predictCancelling(target);
  try {
    await api.invoke('jobs:cancel', { jobId });
  } catch (err) {
    store.getState().predictCancelFailed(target, toErrorShape(err));
  }
}
