/**
 * The contract's augmentation settings (what the Augment page edits and the project saves) as the
 * engine's AugConfig. The two have the same fields; this checks ranges the schema cannot express.
 */
import type { AugSettings } from '../../../shared/training';
import { checkAugConfig, type AugConfig } from './augConfig';

export function augConfigFromSettings(settings: AugSettings): AugConfig {
  const config: AugConfig = { ...settings };
  checkAugConfig(config);
  return config;
}
