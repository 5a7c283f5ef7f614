import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { AdamW } from '../../../../../src/main/engine/optim/adam';
import {
  layerParamGroups,
  splitParamGroups,
  isNormOrBias,
} from '../../../../../src/main/engine/optim/paramGroups';
import { SGD } from '../../../../../src/main/engine/optim/sgd';
import { expectClose, makeVar, runSteps } from './optimHelpers';

beforeAll(async () => {
  await initBackend();
});

const made: tf.Variable[] = [];
const v = (values?: number[], stem?: string): tf.Variable => {
  const x = makeVar(values, stem);
  made.push(x);
  return x;
};
afterEach(() => tf.dispose(made.splice(0)));

describe('splitParamGroups', () => {
  it('puts BatchNorm gamma/beta and biases of a real Layers model in the no-decay group, drops moving stats', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }),
        tf.layers.batchNormalization(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const vars = model.weights.map((w) => w.read() as tf.Variable);
    const suffix = (xs: tf.Variable[]): string[] => xs.map((x) => x.name.split('/').pop() ?? '');
    const { decay, noDecay } = splitParamGroups(vars);
    expect(suffix(decay)).toEqual(['kernel', 'kernel']);
    expect(suffix(noDecay).sort()).toEqual(['beta', 'bias', 'bias', 'gamma']);
    model.dispose();
  });

  it('keeps frozen (non-trainable) weights so unfreezing needs no regrouping, and takes a custom test', () => {
    const frozen = tf.tidy(() => tf.variable(tf.zeros([2]), false, 'split_test/kernel'));
    const { decay } = splitParamGroups([frozen]);
    expect(decay).toEqual([frozen]);
    const custom = splitParamGroups([frozen], (x) => x.name.startsWith('split_test'));
    expect(custom.noDecay).toEqual([frozen]);
    expect(isNormOrBias(frozen)).toBe(false);
    frozen.dispose();
  });

  it('layerParamGroups: two groups per layer group, the second without weight decay', () => {
    const k0 = v(undefined, 'a/kernel');
    const b0 = v(undefined, 'a/bias');
    const k1 = v(undefined, 'b/kernel');
    const groups = layerParamGroups([[k0, b0], [k1]], { lr: 1e-3, wd: 0.01 });
    expect(groups.map((g) => [g.layer, g.wd, g.params.length])).toEqual([
      [0, 0.01, 1],
      [0, 0, 1],
      [1, 0.01, 1],
      [1, 0, 0],
    ]);
  });
});

describe('parameter groups in the optimizer', () => {
  it('steps each group with its own lr (discriminative learning rates)', () => {
    const slow = v();
    const fast = v();
    const opt = new SGD([
      { params: [slow], lr: 0.01, wd: 0 },
      { params: [fast], lr: 0.1, wd: 0 },
    ]);
    const [s1] = runSteps(opt, [slow, fast], 1);
    expectClose(s1?.[0] ?? [], [1 - 0.005, -2 + 0.01]);
    expectClose(s1?.[1] ?? [], [1 - 0.05, -2 + 0.1]);
    opt.setHyper(0, { lr: 0.02 });
    const [s2] = runSteps(opt, [slow, fast], 1, 1);
    expectClose(s2?.[0] ?? [], [0.995 - 0.004, -1.99 - 0.008]);
    expectClose(s2?.[1] ?? [], [0.95 - 0.02, -1.9 - 0.04]);
    opt.dispose();
  });

  it('decays only the decay group: with zero gradients the no-wd group does not move', () => {
    const kernel = v([1, -2], 'k/kernel');
    const bias = v([1, -2], 'k/bias');
    const opt = new AdamW(layerParamGroups([[kernel, bias]], { lr: 0.1, wd: 0.5 }));
    for (let i = 0; i < 2; i++) {
      const zeros = new Map([kernel, bias].map((x) => [x.name, tf.zeros([2])] as const));
      opt.step(zeros);
      tf.dispose([...zeros.values()]);
    }
    // zero gradient ⇒ Adam's direction is 0; only the decay group shrinks by (1 − 0.05)² = 0.9025
    expectClose(Array.from(kernel.dataSync()), [0.9025, -1.805]);
    expect(Array.from(bias.dataSync())).toEqual([1, -2]);
    opt.dispose();
  });

  it('leaves variables without a gradient untouched (frozen layers), decay included', () => {
    const a = v();
    const frozen = v();
    const opt = new SGD([{ params: [a, frozen], lr: 0.1, wd: 0.1 }]);
    const g = tf.tensor1d([0.5, -1]);
    opt.step({ [a.name]: g });
    g.dispose();
    expectClose(Array.from(a.dataSync()), [0.94, -1.88]);
    expect(Array.from(frozen.dataSync())).toEqual([1, -2]);
    opt.dispose();
  });

  it('momentum and lr set per step by a scheduler take effect on the next step', () => {
    const p = v();
    const opt = new SGD([{ params: [p], lr: 0.1, mom: 0.9, wd: 0 }]);
    runSteps(opt, [p], 1);
    opt.setHyper(0, { mom: 0.5, lr: 0.2 });
    const [s2] = runSteps(opt, [p], 1, 1);
    // avg₂ = 0.5·[0.5, −1] + [0.2, 0.4] = [0.45, −0.1]; p = [0.95, −1.9] − 0.2·avg₂
    expectClose(s2?.[0] ?? [], [0.86, -1.88]);
    expect(opt.hyper(0)).toMatchObject({ lr: 0.2, mom: 0.5 });
    opt.dispose();
  });

  it('steps straight from tf.variableGrads: AdamW fits y = 3x − 1', () => {
    const w = v([0], 'fit/kernel');
    const b = v([0], 'fit/bias');
    const opt = new AdamW(layerParamGroups([[w, b]], { lr: 0.1, wd: 0.01 }));
    const xs = tf.tensor1d([-1, 0, 1, 2]);
    const ys = tf.tensor1d([-4, -1, 2, 5]);
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(ys, tf.add(tf.mul(xs, w), b));
    const first = tf.tidy(() => loss().dataSync()[0] ?? NaN);
    for (let i = 0; i < 200; i++) {
      const { value, grads } = tf.variableGrads(loss, [w, b]);
      opt.step(grads);
      tf.dispose([value, ...Object.values(grads)]);
    }
    const last = tf.tidy(() => loss().dataSync()[0] ?? NaN);
    expect(last).toBeLessThan(first / 100);
    expect(w.dataSync()[0]).toBeCloseTo(3, 1);
    tf.dispose([xs, ys]);
    opt.dispose();
  });

  it('refuses a variable in two groups, a bad group index and a non-finite lr', () => {
    const p = v();
    expect(
      () =>
        new SGD([
          { params: [p], lr: 0.1, wd: 0 },
          { params: [p], lr: 0.1, wd: 0 },
        ]),
    ).toThrow(/more than one parameter group/);
    const opt = new SGD([{ params: [p], lr: 0.1, wd: 0 }]);
    expect(() => opt.setHyper(1, { lr: 1 })).toThrow(/no parameter group 1/);
    expect(() => opt.setHyper(0, { lr: NaN })).toThrow(/finite/);
    const wrong = tf.zeros([3]);
    expect(() => opt.step({ [p.name]: wrong })).toThrow(/shape/);
    wrong.dispose();
    opt.dispose();
  });
});
