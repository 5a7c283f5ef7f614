import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { createModel, type DeskfitModel } from '../../../../../src/main/engine/models';

beforeAll(async () => {
  await initBackend();
});

function isBn(name: string, m: DeskfitModel): boolean {
  const layerName = name.split('/')[0] ?? '';
  return m.model.getLayer(layerName).getClassName() === 'BatchNormalization';
}

function snapshot(m: DeskfitModel): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const w of m.model.weights) out.set(w.originalName, w.read().dataSync() as Float32Array);
  return out;
}

/** One plain-SGD step on the trainable variables, as a Learner would take it. */
function sgdStep(m: DeskfitModel, lr: number): void {
  const vars = m.groupVariables().flat();
  tf.tidy(() => {
    const x = tf.randomNormal([8, 32, 32, 3], 0, 1, 'float32', 7);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
    const { grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(y, m.model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      vars,
    );
    for (const v of vars) {
      const g = grads[v.name];
      if (g !== undefined) v.assign(tf.sub(v, tf.mul(g, lr)));
    }
  });
}

function changed(before: Map<string, Float32Array>, after: Map<string, Float32Array>): Set<string> {
  const out = new Set<string>();
  for (const [name, a] of before) {
    const b = after.get(name);
    if (b === undefined || a.some((v, i) => v !== b[i])) out.add(name);
  }
  return out;
}

describe('freeze / unfreeze (fastai: head and BatchNorm train while frozen)', () => {
  it('frozen: the trainable weights are exactly the head’s and every BatchNorm’s gamma/beta', async () => {
    const m = await createModel('resnet18', { inputSize: 32, nClasses: 3, width: 4 });
    const allTrainable = m.model.trainableWeights.length;
    m.freeze();
    expect(m.frozen).toBe(true);
    const head = new Set(m.layerGroups[2]?.layers.flatMap((l) => l.weights.map((w) => w.originalName)));
    const trainable = m.model.trainableWeights.map((w) => w.originalName);
    for (const name of trainable) expect(head.has(name) || isBn(name, m)).toBe(true);
    const bodyConvKernels = m.model.weights.filter((w) => w.originalName.endsWith('conv/kernel'));
    expect(bodyConvKernels.length).toBeGreaterThan(10);
    for (const w of bodyConvKernels) expect(w.trainable).toBe(false);
    // Groups: the body groups hold only BatchNorm parameters.
    const groups = m.paramGroups();
    for (const g of groups.slice(0, 2)) {
      expect(g.params.length).toBeGreaterThan(0);
      for (const p of g.params) expect(p.kind).toBe('batchnorm');
    }
    expect(groups[2]?.params.map((p) => p.kind)).toContain('weight');
    m.unfreeze();
    expect(m.frozen).toBe(false);
    expect(m.model.trainableWeights.length).toBe(allTrainable);
    m.dispose();
  });

  it('a gradient step on a frozen model leaves body convs unchanged and moves BatchNorm and head', async () => {
    const m = await createModel('resnet18', { inputSize: 32, nClasses: 3, width: 4, seed: 3 });
    m.freeze();
    const before = snapshot(m);
    sgdStep(m, 0.1);
    const moved = changed(before, snapshot(m));
    const kernels = [...before.keys()].filter((n) => /_conv\/kernel$/.test(n) && !n.startsWith('head'));
    for (const k of kernels) expect(moved.has(k)).toBe(false);
    expect(moved.has('stem_bn/gamma')).toBe(true);
    expect(moved.has('stage4_1_2_bn/beta')).toBe(true);
    expect(moved.has('stem_bn/moving_mean')).toBe(true); // batch statistics still update
    expect(moved.has('head_linear1/kernel')).toBe(true);
    expect(moved.has('head_linear2/kernel')).toBe(true);

    m.unfreeze();
    const again = snapshot(m);
    sgdStep(m, 0.1);
    const movedUnfrozen = changed(again, snapshot(m));
    for (const k of kernels) expect(movedUnfrozen.has(k)).toBe(true);
    m.dispose();
  });

  it('parameter groups: kinds for weight decay, live variables, a flat tensor count over steps', async () => {
    const m = await createModel('simple-cnn', { inputSize: 32, nClasses: 3, head: 'fastai' });
    const groups = m.paramGroups();
    expect(groups.map((g) => g.name)).toEqual(['early', 'late', 'head']);
    const byName = new Map(groups.flatMap((g) => g.params).map((p) => [p.name, p]));
    expect(byName.get('conv1_conv/kernel')?.kind).toBe('weight');
    expect(byName.get('conv1_bn/gamma')?.kind).toBe('batchnorm');
    expect(byName.get('head_linear2/kernel')?.kind).toBe('weight');
    expect(byName.has('conv1_bn/moving_mean')).toBe(false); // not trainable
    const variable = byName.get('conv1_conv/kernel')?.variable;
    expect(variable).toBe(m.model.getLayer('conv1_conv').weights[0]?.read());
    expect(m.groupVariables().map((vs) => vs.length)).toEqual(groups.map((g) => g.params.length));
    sgdStep(m, 0.01);
    const count = tf.memory().numTensors;
    sgdStep(m, 0.01);
    sgdStep(m, 0.01);
    expect(tf.memory().numTensors).toBe(count);
    m.dispose();
  });

  it('conv biases count as bias (no weight decay): the simple head’s classifier conv', async () => {
    const m = await createModel('simple-cnn', { inputSize: 16, nClasses: 4 });
    const head = m.paramGroups()[2]?.params ?? [];
    expect(head.map((p) => [p.name, p.kind])).toEqual([
      ['head_conv/kernel', 'weight'],
      ['head_conv/bias', 'bias'],
    ]);
    m.dispose();
  });
});
