// Optimizer state for a binary checkpoint: the moving averages packed into one Float32Array with
// offsets, unpacked without copies, renamed onto a rebuilt model's variables, and restored exactly.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { createOptimizer } from '../../../../../src/main/engine/optim/createOptimizer';
import {
  packOptimizerState,
  renameOptimizerState,
  unpackOptimizerState,
} from '../../../../../src/main/engine/optim/optimizerState';
import { makeVar, runSteps } from './optimHelpers';

beforeAll(async () => {
  await initBackend();
});

describe('packed optimizer state', () => {
  it('round-trips through one Float32Array and continues exactly on renamed variables', async () => {
    const a = makeVar();
    const b = makeVar([3, 4]);
    const opt = createOptimizer('adamw', [
      { params: [a], lr: 0.05, mom: 0.9, wd: 0.01 },
      { params: [b], lr: 0.01, mom: 0.9, wd: 0 },
    ]);
    runSteps(opt, [a, b], 2);
    const typed = await opt.getTypedState();
    const { meta, data } = packOptimizerState(typed);
    // Two slots (gradAvg, sqrAvg) of two floats for each of two variables.
    expect(data).toHaveLength(8);
    expect(meta.vars.map((v) => v.slots)).toEqual([
      { gradAvg: 0, sqrAvg: 2 },
      { gradAvg: 4, sqrAvg: 6 },
    ]);
    const copyA = makeVar(Array.from(a.dataSync()));
    const copyB = makeVar(Array.from(b.dataSync()));
    const names = new Map([
      [a.name, copyA.name],
      [b.name, copyB.name],
    ]);
    const restored = renameOptimizerState(unpackOptimizerState(JSON.parse(JSON.stringify(meta)), data), (n) =>
      names.get(n)!,
    );
    const resumed = createOptimizer('adamw', [
      { params: [copyA], lr: 1, wd: 0 },
      { params: [copyB], lr: 1, wd: 0 },
    ]);
    resumed.setState(restored);
    expect(runSteps(resumed, [copyA, copyB], 1, 2)).toEqual(runSteps(opt, [a, b], 1, 2));
    expect(await resumed.getState()).toEqual(
      renameOptimizerState(await opt.getState(), (n) => names.get(n)!),
    );
    opt.dispose();
    resumed.dispose();
    tf.dispose([a, b, copyA, copyB]);
  });

  it('refuses data of the wrong length and slots that do not fit the shape', () => {
    const state = {
      kind: 'sgd' as const,
      groups: [],
      vars: [{ name: 'v', step: 1, shape: [2], gradAvg: [1, 2, 3] }],
    };
    expect(() => packOptimizerState(state)).toThrow(/gradAvg has 3 values, shape \[2\]/);
    const { meta } = packOptimizerState({ ...state, vars: [{ ...state.vars[0]!, gradAvg: [1, 2] }] });
    expect(() => unpackOptimizerState(meta, new Float32Array(5))).toThrow(/5 floats, its description 2/);
  });
});
