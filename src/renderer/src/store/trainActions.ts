/**
 * The Train page's conversations with the service: the project's remembered settings, the LR finder,
 * training, Stop and Resume. Like the other actions they never throw; outcomes land in the store.
 */
import type { Api } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import { defaultAugSettings, type TrainingSettings } from '../../../shared/training';
import { useDeskfitStore, type DeskfitStore } from './store';
import { formToSaved, lrFindParamsFrom, paramsFromRecord, trainParamsFrom } from './trainForm';
import { isJobActive } from './trainReducers';

const currentDir = (store: DeskfitStore): string | null => store.getState().project.current?.dir ?? null;

/** Reads the open project's training settings (once per project unless `force`). */
export async function loadTrainingSettings(
  api: Api,
  store: DeskfitStore = useDeskfitStore,
  force = false,
): Promise<void> {
  const dir = currentDir(store);
  const { saved } = store.getState().train;
  if (dir === null) return;
  if (!force && saved.dir === dir && (saved.loading || saved.value !== null)) return;
  store.getState().trainingSettingsLoading(dir);
  try {
    const value = await api.invoke('training:settings', {});
    if (currentDir(store) !== dir) return;
    store.getState().trainingSettingsLoaded(dir, value);
    store.getState().augmentSettingsLoaded(value.augmentation);
  } catch (err) {
    store.getState().trainingSettingsFailed(toErrorShape(err));
  }
}

/** Saves `patch` over the project's current settings; returns the saved settings, or null on failure. */
export async function saveTrainingSettings(
  api: Api,
  patch: Partial<TrainingSettings>,
  store: DeskfitStore = useDeskfitStore,
): Promise<TrainingSettings | null> {
  const dir = currentDir(store);
  if (dir === null) return null;
  const before = store.getState().train.saved.value;
  const next: TrainingSettings = {
    augmentation: patch.augmentation ?? before?.augmentation ?? defaultAugSettings,
    train: patch.train ?? before?.train ?? {},
  };
  try {
    const value = await api.invoke('training:saveSettings', next);
    if (currentDir(store) === dir) store.getState().trainingSettingsLoaded(dir, value);
    return value;
  } catch (err) {
    store.getState().trainingSettingsFailed(toErrorShape(err));
    return null;
  }
}

/** Remembers the Train page's settings for this project. */
export function rememberTrainForm(
  api: Api,
  store: DeskfitStore = useDeskfitStore,
): Promise<TrainingSettings | null> {
  return saveTrainingSettings(api, { train: formToSaved(store.getState().train.form) }, store);
}

export async function startLrFind(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { form, sweep, lrFinder, run } = store.getState().train;
  if (isJobActive(lrFinder.phase) || isJobActive(run.phase)) return;
  store.getState().lrFinderStarting();
  try {
    const { jobId } = await api.invoke('jobs:start', {
      kind: 'lr-find',
      params: lrFindParamsFrom(form, sweep),
    });
    store.getState().lrFinderStarted(jobId);
  } catch (err) {
    store.getState().lrFinderStartFailed(toErrorShape(err));
  }
}

export async function stopLrFind(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { jobId, phase } = store.getState().train.lrFinder;
  if (jobId === null || phase !== 'running') return;
  store.getState().lrFinderStopping();
  try {
    await api.invoke('jobs:cancel', { jobId });
  } catch (err) {
    console.warn('deskfit: could not stop the LR finder:', toErrorShape(err).message);
  }
}

async function startTrainJob(
  api: Api,
  store: DeskfitStore,
  params: ReturnType<typeof trainParamsFrom>,
): Promise<void> {
  store.getState().trainStarting(params);
  try {
    const { jobId } = await api.invoke('jobs:start', { kind: 'train', params });
    store.getState().trainStarted(jobId);
  } catch (err) {
    store.getState().trainStartFailed(toErrorShape(err));
  }
}

/** Trains with the page's settings (and remembers them for next time). */
export async function startTraining(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { form, run, lrFinder } = store.getState().train;
  if (isJobActive(run.phase) || isJobActive(lrFinder.phase)) return;
  void rememberTrainForm(api, store);
  await startTrainJob(api, store, trainParamsFrom(form));
}

/** Asks the service to stop; the `jobs:failed` (CANCELLED) event ends the run on screen. */
export async function stopTraining(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { jobId, phase } = store.getState().train.run;
  if (jobId === null || (phase !== 'running' && phase !== 'starting')) return;
  store.getState().trainStopping();
  try {
    await api.invoke('jobs:cancel', { jobId });
  } catch (err) {
    store.getState().trainStopFailed(toErrorShape(err));
  }
}

/** Continues a stopped or crashed run from its last checkpoint, with the params it ran with. */
export async function resumeRun(
  api: Api,
  runId: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const { run, lrFinder } = store.getState().train;
  if (isJobActive(run.phase) || isJobActive(lrFinder.phase)) return;
  let form = store.getState().runs.records[runId]
    ? paramsFromRecord(store.getState().runs.records[runId]!.params)
    : null;
  if (form === null) {
    try {
      const record = await api.invoke('runs:get', { runId });
      store.getState().runRecordLoaded(record);
      form = paramsFromRecord(record.params);
    } catch (err) {
      store.getState().runRecordFailed(runId, toErrorShape(err));
      return;
    }
  }
  await startTrainJob(api, store, trainParamsFrom(form, { resumeRunId: runId }));
}
