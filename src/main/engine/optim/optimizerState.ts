/**
 * The optimizer's checkpoint format: per-group hyper-parameters and per-variable moving averages
 * and step counts as plain arrays, so a resumed run continues exactly. For a real model the averages
 * are millions of floats: `packOptimizerState` puts them in one Float32Array (a checkpoint's
 * `optimizer.bin`) and keeps only offsets in the JSON part.
 */
import type { GroupHyper } from './paramGroups';

export type OptimizerKind = 'sgd' | 'rmsprop' | 'adam' | 'adamw';

/** Names of the per-variable moving averages a rule may keep. */
export type SlotName = 'gradAvg' | 'sqrAvg';

export const slotNames: readonly SlotName[] = ['gradAvg', 'sqrAvg'];

/** `T` is `number[]` in JSON form, `Float32Array` when unpacked from a binary checkpoint. */
export interface VariableState<T extends ArrayLike<number> = number[]> {
  name: string;
  /** Number of steps this variable has taken (Adam's debiasing uses it). */
  step: number;
  shape: number[];
  gradAvg?: T;
  sqrAvg?: T;
}

export interface GroupState extends Required<GroupHyper> {
  /** Names of the group's variables, to check the state is restored onto the same model. */
  params: string[];
}

export interface OptimizerState<T extends ArrayLike<number> = number[]> {
  kind: OptimizerKind;
  groups: GroupState[];
  vars: VariableState<T>[];
}

/** The JSON half of a packed state: each slot is an offset (in floats) into the binary half. */
export interface PackedOptimizerState {
  kind: OptimizerKind;
  groups: GroupState[];
  vars: { name: string; step: number; shape: number[]; slots: Partial<Record<SlotName, number>> }[];
  /** Length of the binary half, in floats. */
  floats: number;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** Splits a state into JSON-able metadata and one Float32Array holding every moving average. */
export function packOptimizerState(state: OptimizerState<ArrayLike<number>>): {
  meta: PackedOptimizerState;
  data: Float32Array;
} {
  let floats = 0;
  const vars = state.vars.map((v) => {
    const slots: Partial<Record<SlotName, number>> = {};
    for (const name of slotNames) {
      const values = v[name];
      if (values === undefined) continue;
      if (values.length !== sizeOf(v.shape)) {
        throw new Error(
          `optimizer state for ${v.name}: ${name} has ${values.length} values, shape [${v.shape}]`,
        );
      }
      slots[name] = floats;
      floats += values.length;
    }
    return { name: v.name, step: v.step, shape: [...v.shape], slots };
  });
  const data = new Float32Array(floats);
  state.vars.forEach((v, i) => {
    for (const name of slotNames) {
      const values = v[name];
      const offset = vars[i]!.slots[name];
      if (values !== undefined && offset !== undefined) data.set(values, offset);
    }
  });
  return { meta: { kind: state.kind, groups: state.groups.map((g) => ({ ...g })), vars, floats }, data };
}

/** The inverse of `packOptimizerState`; the slot arrays are views into `data` (no copy). */
export function unpackOptimizerState(
  meta: PackedOptimizerState,
  data: Float32Array,
): OptimizerState<Float32Array> {
  if (data.length !== meta.floats) {
    throw new Error(`optimizer state data has ${data.length} floats, its description ${meta.floats}`);
  }
  const vars = meta.vars.map((v) => {
    const out: VariableState<Float32Array> = { name: v.name, step: v.step, shape: [...v.shape] };
    for (const name of slotNames) {
      const offset = v.slots[name];
      if (offset === undefined) continue;
      const end = offset + sizeOf(v.shape);
      if (offset < 0 || end > data.length)
        throw new Error(`optimizer state for ${v.name}: ${name} is out of range`);
      out[name] = data.subarray(offset, end);
    }
    return out;
  });
  return { kind: meta.kind, groups: meta.groups.map((g) => ({ ...g })), vars };
}

/**
 * The same state with variables renamed (tfjs names variables globally, so a model rebuilt in the
 * same process gets other names: a checkpoint maps saved names to live ones by position).
 */
export function renameOptimizerState<T extends ArrayLike<number>>(
  state: OptimizerState<T>,
  rename: (name: string) => string,
): OptimizerState<T> {
  return {
    ...state,
    groups: state.groups.map((g) => ({ ...g, params: g.params.map(rename) })),
    vars: state.vars.map((v) => ({ ...v, name: rename(v.name) })),
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Throws a message naming the first mismatch between a saved state and this optimizer. */
export function checkStateFits(
  state: OptimizerState<ArrayLike<number>>,
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
