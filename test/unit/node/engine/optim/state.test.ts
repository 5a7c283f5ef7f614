import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { createOptimizer, optimizerKinds } from '../../../../../src/main/engine/optim/createOptimizer';
import type { OptimizerState } from '../../../../../src/main/engine/optim/optimizerState';
import { makeVar, runSteps } from './optimHelpers';

beforeAll(async () => {
  await initBackend();
});

const made: tf.Variable[] = [];
const v = (values?: number[]): tf.Variable => {
  const x = makeVar(values);
  made.push(x);
  return x;
};
afterEach(() => tf.dispose(made.splice(0)));

/** The saved state moved onto another variable (a restored model has its own variable names). */
function renamed(state: OptimizerState, to: string): OptimizerState {
  return {
    ...state,
    groups: state.groups.map((g) => ({ ...g, params: g.params.map(() => to) })),
    vars: state.vars.map((s) => ({ ...s, name: to })),
  };
}

describe('optimizer state', () => {
  it.each(optimizerKinds)('%s: a JSON round trip of getState continues identically', async (kind) => {
    const a = v();
    const opt = createOptimizer(kind, [{ params: [a], lr: 0.05, mom: 0.9, wd: 0.01 }]);
    runSteps(opt, [a], 2);
    const saved = JSON.parse(JSON.stringify(await opt.getState())) as OptimizerState;
    expect(saved.vars[0]?.step).toBe(2);
    const b = v(Array.from(a.dataSync()));
    // built with other hyper-parameters: setState restores the saved ones
    const resumed = createOptimizer(kind, [{ params: [b], lr: 1, mom: 0, wd: 0 }]);
    resumed.setState(renamed(saved, b.name));
    expect(resumed.hyper(0)).toEqual(opt.hyper(0));
    const [ca] = runSteps(opt, [a], 1, 2);
    const [cb] = runSteps(resumed, [b], 1, 2);
    expect(cb?.[0]).toEqual(ca?.[0]);
    expect(await resumed.getState()).toEqual(renamed(await opt.getState(), b.name));
    opt.dispose();
    resumed.dispose();
  });

  it('refuses a state from another optimizer kind, another grouping or another shape', async () => {
    const a = v();
    const adam = createOptimizer('adam', [{ params: [a], lr: 0.1, wd: 0 }]);
    runSteps(adam, [a], 1);
    const state = await adam.getState();
    const sgd = createOptimizer('sgd', [{ params: [a], lr: 0.1, wd: 0 }]);
    expect(() => sgd.setState(state)).toThrow(/for adam, not sgd/);
    const other = createOptimizer('adam', [{ params: [v()], lr: 0.1, wd: 0 }]);
    expect(() => other.setState(state)).toThrow(/different variables/);
    const wide = v([1, 2, 3]);
    const third = createOptimizer('adam', [{ params: [wide], lr: 0.1, wd: 0 }]);
    expect(() => third.setState(renamed(state, wide.name))).toThrow(/does not fit/);
    [adam, sgd, other, third].forEach((o) => o.dispose());
  });
});

describe('memory', () => {
  it.each(optimizerKinds)('%s: tensor count is flat across steps and dispose frees the state', (kind) => {
    const before = tf.memory().numTensors;
    const a = v();
    const b = v();
    const opt = createOptimizer(kind, [
      { params: [a], lr: 0.1, mom: 0.9, wd: 0.01 },
      { params: [b], lr: 0.01, mom: 0.9, wd: 0.01, decouple: false },
    ]);
    runSteps(opt, [a, b], 1);
    const afterFirst = tf.memory().numTensors;
    runSteps(opt, [a, b], 2, 1);
    expect(tf.memory().numTensors).toBe(afterFirst);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before + 2);
  });
});
