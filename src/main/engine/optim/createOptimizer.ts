/**
 * Builds an optimizer by name, so the Learner, the CLI (`--opt`) and checkpoints (which store the
 * kind) share one switch.
 */
import { Adam, AdamW } from './adam';
import type { Optimizer, OptimizerDefaults } from './optimizer';
import type { OptimizerKind } from './optimizerState';
import type { ParamGroup } from './paramGroups';
import { RMSProp } from './rmsProp';
import { SGD } from './sgd';

export const optimizerKinds: readonly OptimizerKind[] = ['sgd', 'rmsprop', 'adam', 'adamw'];

export function createOptimizer(
  kind: OptimizerKind,
  groups: readonly ParamGroup[],
  defaults: Partial<OptimizerDefaults> = {},
): Optimizer {
  switch (kind) {
    case 'sgd':
      return new SGD(groups, defaults);
    case 'rmsprop':
      return new RMSProp(groups, defaults);
    case 'adam':
      return new Adam(groups, defaults);
    case 'adamw':
      return new AdamW(groups, defaults);
  }
}
