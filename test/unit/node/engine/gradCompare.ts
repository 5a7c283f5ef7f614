/**
 * Test helper: runs a function of seeded inputs once on the cpu backend and once on wasm and
 * reports how far the results differ. Backends are global, so callers run these sequentially.
 */
import * as tf from '@tensorflow/tfjs';
import { makeRng, normalArray } from '../../../../src/main/engine/random';

export interface Diff {
  maxAbs: number;
  /** max |a−b| / max(|a|) over the tensor: relative to the gradient's scale. */
  maxRel: number;
}

export function seeded(shape: number[], seed: number): { values: Float32Array; shape: number[] } {
  const n = shape.reduce((a, b) => a * b, 1);
  return { values: normalArray(makeRng(seed), n, 1), shape };
}

export function diff(a: Float32Array, b: Float32Array): Diff {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    scale = Math.max(scale, Math.abs(a[i] ?? 0));
  }
  return { maxAbs, maxRel: scale === 0 ? maxAbs : maxAbs / scale };
}

/** Evaluates `fn` on `backend` and returns its outputs as plain arrays (no tensors left behind). */
export async function onBackend(backend: 'cpu' | 'wasm', fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(fn);
  const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(outs);
  return values.map((v) => Float32Array.from(v));
}
