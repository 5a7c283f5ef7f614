/**
 * The optimizer's checkpoint format: per-group hyper-parameters and per-variable moving averages
 * and step counts as plain arrays, so a checkpoint is JSON and a resumed run continues exactly.
 */
import type { GroupHyper } from './paramGroups';

export type OptimizerKind = 'sgd' | 'rmsprop' | 'adam' | 'adamw';

/** Names of the per-variable moving averages a rule may keep. */
export type SlotName = 'gradAvg' | 'sqrAvg';

export interface VariableState {
  name: string;
  /** Number of steps this variable has taken (Adam's debiasing uses it). */
  step: number;
  shape: number[];
  gradAvg?: number[];
  sqrAvg?: number[];
}

export interface GroupState extends Required<GroupHyper> {
  /** Names of the group's variables, to check the state is restored onto the same model. */
  params: string[];
}

export interface OptimizerState {
  kind: OptimizerKind;
  groups: GroupState[];
  vars: VariableState[];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Throws a message naming the first mismatch between a saved state and this optimizer. */
export function checkStateFits(
  state: OptimizerState,
  kind: OptimizerKind,
  groupParams: readonly (readonly string[])[],
): void {
  if (state.kind !== kind) {
    throw new Error(`optimizer state is for ${state.kind}, not ${kind}; resume with the same optimizer`);
  }
  if (state.groups.length !== groupParams.length) {
    throw new Error(
      `optimizer state has ${state.groups.length} parameter groups, this optimizer ${groupParams.length}`,
    );
  }
  state.groups.forEach((g, i) => {
    if (!sameNames(g.params, groupParams[i] ?? [])) {
      throw new Error(`parameter group ${i} holds different variables than the saved state (model changed?)`);
    }
  });
}
