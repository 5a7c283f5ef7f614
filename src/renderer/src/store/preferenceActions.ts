/**
 * The user's preferences (next image after labelling, thumbnail size): read from the service when
 * the app connects, and saved there when changed. The service keeps them in deskfit's home folder,
 * so a browser remembers them whatever port `deskfit serve` listened on.
 */
import type { Api } from '../../../shared/contract';
import { toErrorShape } from '../../../shared/errors';
import type { UiPreferences } from '../../../shared/preferences';
import { useDeskfitStore, type DeskfitStore } from './store';

export async function loadPreferences(api: Api, store: DeskfitStore = useDeskfitStore): Promise<void> {
  try {
    store.getState().preferencesChanged(await api.invoke('preferences:get', {}));
  } catch (err) {
    // The defaults stand; a choice made now still applies.
    console.warn('deskfit: could not read the preferences:', toErrorShape(err).message);
  }
}

/** Applies the change at once, then saves it; unsaved, it still holds until the app closes. */
export async function changePreferences(
  api: Api,
  change: Partial<UiPreferences>,
  store: DeskfitStore = useDeskfitStore,
): Promise<void> {
  store.getState().preferencesChanged(change);
  try {
    await api.invoke('preferences:save', change);
  } catch (err) {
    console.warn('deskfit: could not save the preferences:', toErrorShape(err).message);
  }
}
