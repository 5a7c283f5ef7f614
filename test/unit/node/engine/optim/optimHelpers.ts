/**
 * Test helpers for the optimizers: a 2-element variable, the fixed gradient sequence the
 * hand-computed expectations use, and a way to run N steps and read the values back.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Optimizer } from '../../../../../src/main/engine/optim/optimizer';

/** Gradients of steps 1, 2, 3 for p₀ = [1, −2]. */
export const GRADS: readonly (readonly [number, number])[] = [
  [0.5, -1],
  [0.2, 0.4],
  [-0.3, 0.1],
];
export const P0: readonly [number, number] = [1, -2];

let counter = 0;
/** A uniquely named variable (tfjs variable names are global). */
export function makeVar(values: readonly number[] = P0, stem = 'w/kernel'): tf.Variable {
  counter += 1;
  return tf.tidy(() => tf.variable(tf.tensor1d([...values]), true, `t${counter}_${stem}`));
}

/** Runs `steps` steps with GRADS on `v` and returns its values after each step. */
export function runSteps(opt: Optimizer, vars: tf.Variable[], steps: number, first = 0): number[][][] {
  const out: number[][][] = [];
  for (let s = first; s < first + steps; s++) {
    const g = GRADS[s] ?? [0, 0];
    const grads = new Map(vars.map((v) => [v.name, tf.tensor1d([...g])] as const));
    opt.step(grads);
    tf.dispose([...grads.values()]);
    out.push(vars.map((v) => Array.from(v.dataSync())));
  }
  return out;
}

/** float32 arithmetic against float64 hand computation: within 2e-6. */
export function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - (expected[i] ?? NaN))).toBeLessThan(2e-6));
}
