/**
 * The user's preferences (`preferences:get`/`preferences:save`), as `preferences.json` in deskfit's
 * home folder. A missing or damaged file, or a field it lacks, reads as the default.
 */
import { z } from 'zod';
import { defaultUiPreferences, UiPreferencesSchema, type UiPreferences } from '../../../shared/preferences';
import { readHomeJson, writeHomeJson } from './homeFiles';

const preferencesFile = 'preferences.json';

/** Each field on its own: one bad value does not reset the others. */
const StoredSchema = z.object({
  advanceAfterLabel: UiPreferencesSchema.shape.advanceAfterLabel.catch(
    defaultUiPreferences.advanceAfterLabel,
  ),
  gridSize: UiPreferencesSchema.shape.gridSize.catch(defaultUiPreferences.gridSize),
});

export function readPreferences(): UiPreferences {
  return readHomeJson(preferencesFile, StoredSchema, defaultUiPreferences);
}

export function savePreferences(change: Partial<UiPreferences>): UiPreferences {
  const next = { ...readPreferences(), ...change };
  writeHomeJson(preferencesFile, next);
  return next;
}
