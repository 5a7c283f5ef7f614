/**
 * The Augment page's conversations with the service: images to try the settings on, preview jobs
 * (newest request wins; a superseded job is cancelled), and saving the settings for training.
 */
import type { Api } from '../../../shared/contract';
import type { ItemQuery } from '../../../shared/dataset';
import { toErrorShape } from '../../../shared/errors';
import { useDeskfitStore, type DeskfitStore } from './store';
import { saveTrainingSettings } from './trainActions';

/** Images in the chooser at once. */
export const CANDIDATE_COUNT = 12;

function usableQuery(label: string | null): ItemQuery {
  return { problem: false, excluded: false, ...(label !== null ? { label } : {}) };
}

/**
 * Fetches a page of usable images to choose from, at a random offset when `shuffle`, and picks the
 * first when none is chosen yet.
 */
export async function loadAugmentCandidates(
  api: Api,
  options: { shuffle?: boolean; random?: () => number } = {},
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const random = options.random ?? Math.random;
  const { classFilter, candidates } = store.getState().augment;
  store.getState().augmentCandidatesLoading();
  try {
    let total = candidates.total;
    let offset = 0;
    if (options.shuffle === true && total !== null && total > CANDIDATE_COUNT) {
      offset = Math.floor(random() * (total - CANDIDATE_COUNT + 1));
    }
    const page = await api.invoke('items:query', {
      ...usableQuery(classFilter),
      offset,
      limit: CANDIDATE_COUNT,
    });
    total = page.total;
    store.getState().augmentCandidatesLoaded(page.items, page.total);
    const first = page.items[0];
    if (store.getState().augment.item === null && first !== undefined) {
      store.getState().augmentItemChosen({ id: first.id, path: first.path });
    }
  } catch (err) {
    store.getState().augmentCandidatesFailed(toErrorShape(err));
  }
}

/** Chooses a random usable image (of the filtered class, if any). */
export async function pickRandomItem(
  api: Api,
  random: () => number = Math.random,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const { classFilter } = store.getState().augment;
  try {
    let total = store.getState().augment.candidates.total;
    if (total === null)
      total = (await api.invoke('items:query', { ...usableQuery(classFilter), limit: 1 })).total;
    if (total === 0) return;
    const offset = Math.min(total - 1, Math.floor(random() * total));
    const page = await api.invoke('items:query', { ...usableQuery(classFilter), offset, limit: 1 });
    const item = page.items[0];
    if (item !== undefined) store.getState().augmentItemChosen({ id: item.id, path: item.path });
  } catch (err) {
    store.getState().augmentCandidatesFailed(toErrorShape(err));
  }
}

/** Asks for a preview of the current settings; only the newest request's images are shown. */
export async function requestAugmentPreview(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { item, n, size, seed, settings, preview } = store.getState().augment;
  if (item === null) return;
  const superseded = preview.phase === 'loading' ? preview.jobId : null;
  const seq = preview.seq + 1;
  store.getState().augmentPreviewRequested(seq);
  if (superseded !== null) void cancelQuietly(api, superseded);
  try {
    const { jobId } = await api.invoke('jobs:start', {
      kind: 'augment-preview',
      params: { itemId: item.id, n, size, seed, augmentation: settings },
    });
    if (store.getState().augment.preview.seq !== seq) {
      void cancelQuietly(api, jobId);
      return;
    }
    store.getState().augmentPreviewStarted(seq, jobId);
  } catch (err) {
    store.getState().augmentPreviewStartFailed(seq, toErrorShape(err));
  }
}

async function cancelQuietly(api: Api, jobId: string): Promise<void> {
  try {
    await api.invoke('jobs:cancel', { jobId });
  } catch {
    // It may have finished already; its result is ignored either way.
  }
}

/** "Use for training": saves the settings as the project's augmentation. */
export async function saveAugmentation(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { settings } = store.getState().augment;
  store.getState().augmentSaving();
  const saved = await saveTrainingSettings(api, { augmentation: settings }, store);
  if (saved !== null) store.getState().augmentSaved();
  else {
    store
      .getState()
      .augmentSaveFailed(
        store.getState().train.saved.error ?? { code: 'INTERNAL', message: 'The settings were not saved.' },
      );
  }
}
