/**
 * Conversations with the service about projects: load the current one and the recent list, create,
 * open, rename, close. Like the other actions they never throw; failures land in the store.
 */
import type { Api } from '../../../shared/contract';
import type { ProjectSummary } from '../../../shared/dataset';
import { toErrorShape } from '../../../shared/errors';
import { useDeskfitStore, type DeskfitStore } from './store';

export async function loadRecentProjects(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  try {
    store.getState().recentLoaded(await api.invoke('projects:recent', {}));
  } catch (err) {
    // The list is a convenience; the project bar still works without it.
    console.warn('deskfit: could not list recent projects:', toErrorShape(err).message);
  }
}

/** Asks which project is open (at start-up and on every reconnect), and the recent list. */
export async function loadProject(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  const recent = loadRecentProjects(api, store);
  try {
    store.getState().projectLoaded(await api.invoke('projects:current', {}));
  } catch (err) {
    store.getState().projectFailed(toErrorShape(err));
  }
  await recent;
}

const refreshes = new WeakMap<Api, { running: boolean; again: boolean }>();

/**
 * Re-reads the open project (name, counts, undo state) after `project:changed`. A burst of events
 * costs at most one request in flight plus one after it.
 */
export async function refreshProject(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  let state = refreshes.get(api);
  if (state === undefined) {
    state = { running: false, again: false };
    refreshes.set(api, state);
  }
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  try {
    do {
      state.again = false;
      try {
        store.getState().projectLoaded(await api.invoke('projects:current', {}));
      } catch (err) {
        console.warn('deskfit: could not refresh the project:', toErrorShape(err).message);
      }
    } while (state.again);
  } finally {
    state.running = false;
  }
}

async function runProjectAction(
  api: Api,
  store: DeskfitStore,
  busy: 'create' | 'open' | 'rename',
  call: () => Promise<ProjectSummary>,
): Promise<boolean> {
  store.getState().projectBusy(busy);
  try {
    store.getState().projectLoaded(await call());
    void loadRecentProjects(api, store);
    return true;
  } catch (err) {
    store.getState().projectFailed(toErrorShape(err));
    return false;
  }
}

export function createProject(
  api: Api,
  dir: string,
  name?: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  const input = name !== undefined && name.trim() !== '' ? { dir, name: name.trim() } : { dir };
  return runProjectAction(api, store, 'create', () => api.invoke('projects:create', input));
}

export function openProject(api: Api, dir: string, store: DeskfitStore = useDeskfitStore): Promise<boolean> {
  return runProjectAction(api, store, 'open', () => api.invoke('projects:open', { dir }));
}

export function renameProject(
  api: Api,
  name: string,
  store: DeskfitStore = useDeskfitStore,
): Promise<boolean> {
  return runProjectAction(api, store, 'rename', () => api.invoke('projects:rename', { name }));
}

export async function closeProject(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  store.getState().projectBusy('close');
  try {
    await api.invoke('projects:close', {});
    store.getState().projectLoaded(null);
    void loadRecentProjects(api, store);
  } catch (err) {
    store.getState().projectFailed(toErrorShape(err));
  }
}
