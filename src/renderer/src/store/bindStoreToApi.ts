/**
 * Feeds the store from the Api outside React: job events, the job list on every (re)connect, and
 * the connection status of the WebSocket transport. Returns the disposer that undoes all of it.
 */
import type { Api } from '../../../shared/contract';
import type { ConnectionState, StatusSource } from '../api/wsClient';
import { loadAppOverview, refreshJobs } from './actions';
import { useDeskfitStore, type DeskfitStore } from './store';

export interface BindOptions {
  /** The WebSocket client's status; omit inside Electron, whose IPC is always connected. */
  statusSource?: StatusSource | null;
  store?: DeskfitStore;
}

export function bindStoreToApi(api: Api, options: BindOptions = {}): () => void {
  const store = options.store ?? useDeskfitStore;
  const disposers = [
    api.on('jobs:progress', (progress) => store.getState().jobProgressed(progress)),
    api.on('jobs:done', (done) => store.getState().jobDone(done)),
    api.on('jobs:failed', (failed) => store.getState().jobFailed(failed)),
  ];

  const statusSource = options.statusSource ?? null;
  if (statusSource === null) {
    store.getState().setConnection({ state: 'connected', failedAttempts: 0 });
    void refreshJobs(api, store);
  } else {
    let previous: ConnectionState | null = null;
    disposers.push(
      statusSource.onStatus((status) => {
        store.getState().setConnection(status);
        if (status.state === 'connected' && previous !== 'connected') {
          void refreshJobs(api, store);
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
