/**
 * The project's training settings (augmentation from the Augment page, the Train page's last
 * settings), kept in the project database's settings table so they travel with the project.
 */
import { TrainingSettingsSchema, type TrainingSettings } from '../../shared/training';
import type { ProjectStoreApi } from '../data/types';

const key = 'training';

export function readTrainingSettings(store: ProjectStoreApi): TrainingSettings {
  const parsed = TrainingSettingsSchema.safeParse(store.getSetting<unknown>(key) ?? {});
  // Settings written by an older or newer deskfit that no longer parse fall back to the defaults.
  return parsed.success ? parsed.data : TrainingSettingsSchema.parse({});
}

export function saveTrainingSettings(store: ProjectStoreApi, settings: TrainingSettings): TrainingSettings {
  const parsed = TrainingSettingsSchema.parse(settings);
  store.setSetting(key, parsed);
  return parsed;
}
