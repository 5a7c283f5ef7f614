import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { Adam, AdamW } from '../../../../../src/main/engine/optim/adam';
import { RMSProp } from '../../../../../src/main/engine/optim/rmsProp';
import { SGD } from '../../../../../src/main/engine/optim/sgd';
import { expectClose, makeVar, runSteps } from './optimHelpers';

// Every expectation below is p after steps 1, 2, 3 from p₀ = [1, −2] with gradients
// g₁ = [0.5, −1], g₂ = [0.2, 0.4], g₃ = [−0.3, 0.1], computed by hand (float64).

let live = 'cpu';
beforeAll(async () => {
  live = (await initBackend()).backend;
});

describe.each(['live', 'cpu'])('update rules on the %s backend', (which) => {
  const made: tf.Variable[] = [];
  const v = (): tf.Variable => {
    const x = makeVar();
    made.push(x);
    return x;
  };
  beforeAll(async () => {
    await tf.setBackend(which === 'live' ? live : 'cpu');
    expect(tf.getBackend()).toBe(which === 'live' ? live : 'cpu');
  });
  afterEach(() => tf.dispose(made.splice(0)));

  it('SGD: p ← p − lr·g', () => {
    const p = v();
    const opt = new SGD([{ params: [p], lr: 0.1, wd: 0 }]);
    const [s1, s2, s3] = runSteps(opt, [p], 3);
    // [1 − 0.05, −2 + 0.1], then − 0.1·[0.2, 0.4], then − 0.1·[−0.3, 0.1]
    expectClose(s1?.[0] ?? [], [0.95, -1.9]);
    expectClose(s2?.[0] ?? [], [0.93, -1.94]);
    expectClose(s3?.[0] ?? [], [0.96, -1.95]);
    opt.dispose();
  });

  it('SGD with momentum: avg ← mom·avg + g (undamped), p ← p − lr·avg', () => {
    const p = v();
    const opt = new SGD([{ params: [p], lr: 0.1, mom: 0.9, wd: 0 }]);
    const steps = runSteps(opt, [p], 3);
    // avg₁ = [0.5, −1]; avg₂ = 0.9·avg₁ + g₂ = [0.65, −0.5]; avg₃ = [0.285, −0.35]
    expectClose(steps[0]?.[0] ?? [], [0.95, -1.9]);
    expectClose(steps[1]?.[0] ?? [], [0.885, -1.85]);
    expectClose(steps[2]?.[0] ?? [], [0.8565, -1.815]);
    opt.dispose();
  });

  it('RMSProp: sqr ← 0.99·sqr + 0.01·g², p ← p − lr·g/(√sqr + eps)', () => {
    const p = v();
    const opt = new RMSProp([{ params: [p], lr: 0.01, wd: 0 }]);
    const steps = runSteps(opt, [p], 3);
    // step 1: √sqr = 0.1·|g| so the step is lr·10·sign(g) = 0.1·sign(g) (eps 1e-8 aside)
    expectClose(steps[0]?.[0] ?? [], [0.90000002, -1.90000001]);
    expectClose(steps[1]?.[0] ?? [], [0.862699835, -1.937300199]);
    expectClose(steps[2]?.[0] ?? [], [0.911714135, -1.946631334]);
    opt.dispose();
  });

  it('RMSProp with momentum averages the undamped gradient', () => {
    const p = v();
    const opt = new RMSProp([{ params: [p], lr: 0.01, mom: 0.9, wd: 0 }]);
    const steps = runSteps(opt, [p], 3);
    expectClose(steps[0]?.[0] ?? [], [0.90000002, -1.90000001]);
    expectClose(steps[1]?.[0] ?? [], [0.778774418, -1.853374774]);
    expectClose(steps[2]?.[0] ?? [], [0.732210832, -1.820715802]);
    opt.dispose();
  });

  it('Adam with fastai defaults (mom 0.9, sqr_mom 0.99, eps 1e-5), debiased by step', () => {
    const p = v();
    const opt = new Adam([{ params: [p], lr: 0.1, wd: 0 }]);
    expect(opt.hyper(0)).toEqual({ lr: 0.1, wd: 0, mom: 0.9, sqrMom: 0.99, eps: 1e-5, decouple: false });
    const steps = runSteps(opt, [p], 3);
    // step 1: avg/(1−0.9) = g and √(sqr/(1−0.99)) = |g|, so p moves lr·|g|/(|g|+eps) ≈ lr.
    // step 2, first element: avg = 0.065, sqr = 0.002875, debias 0.19 and 0.0199:
    // u = 0.342105/(0.380095 + 1e-5) = 0.900028, p = 0.900002 − 0.0900028 = 0.809999.
    expectClose(steps[0]?.[0] ?? [], [0.900002, -1.900001]);
    expectClose(steps[1]?.[0] ?? [], [0.809999216, -1.865384089]);
    expectClose(steps[2]?.[0] ?? [], [0.780388392, -1.84461527]);
    opt.dispose();
  });

  it('AdamW: Adam with decoupled decay p·(1 − lr·wd) before the step', () => {
    const p = v();
    const opt = new AdamW([{ params: [p], lr: 0.1, wd: 0.1 }]);
    expect(opt.hyper(0).decouple).toBe(true);
    const steps = runSteps(opt, [p], 3);
    // step 1: [1·0.99 − 0.099998, −2·0.99 + 0.099999]
    expectClose(steps[0]?.[0] ?? [], [0.890002, -1.880001]);
    expectClose(steps[1]?.[0] ?? [], [0.791099196, -1.826584079]);
    expectClose(steps[2]?.[0] ?? [], [0.75357738, -1.787549419]);
    opt.dispose();
  });

  it('Adam with L2: wd·p joins the gradient, so it is normalised away and differs from AdamW', () => {
    const p = v();
    const opt = new Adam([{ params: [p], lr: 0.1, wd: 0.1 }]);
    const steps = runSteps(opt, [p], 3);
    // step 1: g' = [0.6, −1.2]; the step is still ≈ lr·sign(g'), barely decayed
    expectClose(steps[0]?.[0] ?? [], [0.900001667, -1.900000833]);
    expectClose(steps[1]?.[0] ?? [], [0.807154451, -1.846719776]);
    expectClose(steps[2]?.[0] ?? [], [0.758926187, -1.801088103]);
    opt.dispose();
  });

  it('SGD: L2 and decoupled decay agree on the first plain step, differ once momentum averages', () => {
    const a = v();
    const b = v();
    const l2 = new SGD([{ params: [a], lr: 0.1, mom: 0.9, wd: 0.1, decouple: false }]);
    const dec = new SGD([{ params: [b], lr: 0.1, mom: 0.9, wd: 0.1, decouple: true }]);
    const sa = runSteps(l2, [a], 2);
    const sb = runSteps(dec, [b], 2);
    // step 1 both: [1 − 0.1·(0.5 + 0.1)] = 0.94 and [0.99 − 0.05] = 0.94
    expectClose(sa[0]?.[0] ?? [], [0.94, -1.88]);
    expectClose(sb[0]?.[0] ?? [], [0.94, -1.88]);
    // step 2, L2: avg = 0.9·[0.6, −1.2] + [0.294, 0.212]; decoupled: avg = [0.65, −0.5] on 0.99·p
    expectClose(sa[1]?.[0] ?? [], [0.8566, -1.7932]);
    expectClose(sb[1]?.[0] ?? [], [0.8656, -1.8112]);
    l2.dispose();
    dec.dispose();
  });
});
