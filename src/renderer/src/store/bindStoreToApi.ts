/**
 * Feeds the store from the Api outside React: job, import and project events, the job list and the
 * open project on every (re)connect, and the connection status of the WebSocket transport. Returns
 * the disposer that undoes all of it.
 */
import type { Api, ProjectChanged } from '../../../shared/contract';
import type { ConnectionState, StatusSource } from '../api/wsClient';
import { loadAppOverview, refreshJobs } from './actions';
import { bindInterpretAndExport } from './interpretBinding';
import { revalidateItems } from './labelActions';
import { loadPreferences } from './preferenceActions';
import { loadProject, loadRecentProjects, refreshProject } from './projectActions';
import { useDeskfitStore, type DeskfitStore } from './store';
import { bindTrainingEvents } from './trainingEvents';

export interface BindOptions {
  /** The WebSocket client's status; omit inside Electron, whose IPC is always connected. */
  statusSource?: StatusSource | null;
  store?: DeskfitStore;
}

/** Reasons after which the recent-projects list may have changed. */
const recentReasons = new Set(['open', 'close', 'rename']);

function onProjectChanged(api: Api, store: DeskfitStore, event: ProjectChanged): void {
  const before = store.getState().project.current?.dir ?? null;
  store.getState().projectChanged(event);
  // Name, undo state or even which project is open may differ: ask again (coalesced).
  void refreshProject(api, store);
  if (recentReasons.has(event.reason)) void loadRecentProjects(api, store);
  if (before !== null && before === event.dir && event.stats !== null) void revalidateItems(api, store);
}

export function bindStoreToApi(api: Api, options: BindOptions = {}): () => void {
  const store = options.store ?? useDeskfitStore;
  const disposers = [
    api.on('jobs:progress', (progress) => store.getState().jobProgressed(progress)),
    api.on('jobs:done', (done) => store.getState().jobDone(done)),
    api.on('jobs:failed', (failed) => store.getState().jobFailed(failed)),
    api.on('dataset:importProgress', (progress) => store.getState().importProgressed(progress)),
    api.on('dataset:importDone', ({ importId, summary }) => {
      store.getState().importDone(importId, summary);
      // The counts changed; project:changed says so too, but an extra read costs little.
      void refreshProject(api, store);
    }),
    api.on('dataset:importFailed', ({ importId, error }) => store.getState().importFailed(importId, error)),
    api.on('project:changed', (event) => onProjectChanged(api, store, event)),
    api.on('thumbnails:progress', (progress) => store.getState().thumbnailsProgressed(progress)),
    api.on('files:refreshProgress', (progress) => store.getState().filesRefreshProgressed(progress)),
    bindTrainingEvents(api, store),
    ...bindInterpretAndExport(api, store, options.statusSource ?? null),
  ];

  const statusSource = options.statusSource ?? null;
  if (statusSource === null) {
    store.getState().setConnection({ state: 'connected', failedAttempts: 0 });
    void refreshJobs(api, store);
    void loadProject(api, store);
    void loadPreferences(api, store);
  } else {
    let previous: ConnectionState | null = null;
    disposers.push(
      statusSource.onStatus((status) => {
        store.getState().setConnection(status);
        if (status.state === 'connected' && previous !== 'connected') {
          void refreshJobs(api, store);
          void loadPreferences(api, store);
          // Events may have been missed while offline: the project and what is on screen are re-read.
          void loadProject(api, store).then(() => revalidateItems(api, store));
          const { app } = store.getState();
          // A load that failed while we were offline is worth another go.
          if (app.error !== null) void loadAppOverview(api, store);
        }
        previous = status.state;
      }),
    );
  }

  return () => {
    for (const dispose of disposers.splice(0)) dispose();
  };
}
