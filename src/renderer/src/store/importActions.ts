/**
 * The import flow's conversations with the service: scan a folder (nothing written), create the
 * project if none is open, start the import, cancel it. Progress and the outcome arrive as events.
 */
import type { Api } from '../../../shared/contract';
import type { CsvOptions } from '../../../shared/dataset';
import { toErrorShape } from '../../../shared/errors';
import { loadRecentProjects } from './projectActions';
import { useDeskfitStore, type DeskfitStore } from './store';

export async function scanImportFolder(
  api: Api,
  folder: string,
  csv: CsvOptions | null = null,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  const seq = store.getState().scanStarted(folder, csv);
  try {
    const preview = await api.invoke('dataset:scan', csv === null ? { folder } : { folder, csv });
    store.getState().scanned(seq, preview);
  } catch (err) {
    store.getState().scanFailed(seq, toErrorShape(err));
  }
}

export interface StartImportOptions {
  folder: string;
  csv: CsvOptions | null;
  /** Fraction of the images kept for validation when the folders do not say (0.2 = 20%). */
  validPct: number;
  seed: number;
  /** Create this project first (none is open, or the open one holds another folder). */
  createProjectDir: string | null;
}

export async function startImport(
  api: Api,
  options: StartImportOptions,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().importStarting();
  try {
    if (options.createProjectDir !== null) {
      store.getState().projectLoaded(await api.invoke('projects:create', { dir: options.createProjectDir }));
      void loadRecentProjects(api, store);
    }
    const { importId } = await api.invoke('dataset:import', {
      folder: options.folder,
      ...(options.csv === null ? {} : { csv: options.csv }),
      validPct: options.validPct,
      seed: options.seed,
    });
    store.getState().importStarted(importId);
  } catch (err) {
    store.getState().importStartFailed(toErrorShape(err));
  }
}

/** Asks the service to stop; the `dataset:importFailed` event (CANCELLED) ends the flow. */
export async function cancelImport(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const { importId } = store.getState().importFlow;
  if (importId === null) return;
  store.getState().importCancelling();
  try {
    await api.invoke('dataset:cancelImport', { importId });
  } catch (err) {
    store.getState().importCancelFailed(toErrorShape(err));
  }
}

/** Back to the start of the flow (after a summary, or to drop a preview). */
export function resetImport(store: DeskfitStore = useDeskfitStore): void {
  store.getState().importReset();
}
