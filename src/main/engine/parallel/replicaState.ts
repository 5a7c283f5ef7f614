/**
 * Small pure helpers every rank uses the same way: a checksum of a model's weights (to check that a
 * replica built from the same seed starts equal), the names optimizer state crosses threads with
 * (tfjs names variables per thread, so state travels keyed by position), and each rank's dropout
 * generators derived from rank 0's (DDP gives each rank its own random stream).
 */
import type * as tf from '@tensorflow/tfjs';
import { renameOptimizerState, type OptimizerState } from '../optim/optimizerState';

/** FNV-1a over the bits of every value, variable by variable, as 8 hex digits. */
export function weightsChecksum(variables: readonly tf.Variable[]): string {
  let h = 0x811c9dc5;
  for (const v of variables) {
    const values = v.dataSync() as Float32Array;
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i]!, 0x01000193);
    h = Math.imul(h ^ v.size, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const positional = (index: number) => `#${index}`;

/** Optimizer state with each variable named by its position in `variables` (for another thread). */
export function statePositional<T extends ArrayLike<number>>(
  state: OptimizerState<T>,
  variables: readonly tf.Variable[],
): OptimizerState<T> {
  const position = new Map(variables.map((v, i) => [v.name, i]));
  return renameOptimizerState(state, (name) => {
    const i = position.get(name);
    if (i === undefined) throw new Error(`optimizer state names ${name}, which is not a model variable`);
    return positional(i);
  });
}

/** The inverse of `statePositional` on this thread's variables. */
export function stateFromPositional<T extends ArrayLike<number>>(
  state: OptimizerState<T>,
  variables: readonly tf.Variable[],
): OptimizerState<T> {
  return renameOptimizerState(state, (name) => {
    const v = variables[Number(name.slice(1))];
    if (!name.startsWith('#') || v === undefined)
      throw new Error(`optimizer state names unknown position ${name}`);
    return v.name;
  });
}

/** Rank `rank`'s dropout generator states, derived from rank 0's (rank 0 keeps its own). */
export function rankRandomState(state: readonly number[], rank: number): number[] {
  if (rank === 0) return [...state];
  return state.map((s, i) => {
    let h = (s ^ Math.imul(rank, 0x9e3779b9) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return (h ^ (h >>> 16)) >>> 0;
  });
}
