import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import {
  createModel,
  customBody,
  fsModelHandler,
  nsfwMobileNetV2Handler,
} from '../../../../../src/main/engine/models';

beforeAll(async () => {
  await initBackend();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function shapeOf(model: tf.LayersModel, layer: string): (number | null)[] {
  return (model.getLayer(layer).output as tf.SymbolicTensor).shape;
}

describe('MobileNetV2 body from nsfwjs, offline', () => {
  it('loads without the network: 1280-channel features pooled to 2560 (max ‖ mean), ImageNet weights in', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('the network was used')));
    const before = tf.memory().numTensors;
    const started = performance.now();
    const m = await createModel('mobilenetv2', { inputSize: 224, nClasses: 3 });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    expect(m.arch).toBe('mobilenetv2');
    expect(m.normalization).toBe('imagenet');
    expect(m.frozen).toBe(true);
    expect(shapeOf(m.model, 'out_relu')).toEqual([null, 7, 7, 1280]);
    expect(shapeOf(m.model, 'head_avgpool')).toEqual([null, 1280]);
    expect(shapeOf(m.model, 'head_concat_pool')).toEqual([null, 2560]);
    expect(m.model.layers.some((l) => /^(dense_\d|average_pooling2d)/.test(l.name))).toBe(false);

    // The pretrained weights are the package's, dequantized.
    const artifacts = await nsfwMobileNetV2Handler().load();
    const weightData = artifacts.weightData;
    if (!(weightData instanceof ArrayBuffer) || artifacts.weightSpecs === undefined)
      throw new Error('no weights');
    const decoded = tf.io.decodeWeights(weightData, artifacts.weightSpecs);
    for (const name of ['Conv1/kernel', 'block_13_depthwise/depthwise_kernel', 'Conv_1_bn/gamma']) {
      const layer = m.model.getLayer(name.split('/')[0] ?? '');
      const weight = layer.weights.find((w) => w.originalName === name);
      expect(Array.from(weight?.read().dataSync() ?? [])).toEqual(
        Array.from(decoded[name]?.dataSync() ?? [1]),
      );
    }
    tf.dispose(Object.values(decoded));

    // BatchNorm fine-tunes with fastai's momentum; epsilon stays the one the weights were trained with.
    expect(m.model.getLayer('bn_Conv1').getConfig()).toMatchObject({ momentum: 0.9, epsilon: 1e-3 });
    expect(m.model.getLayer('Conv1_relu').getConfig()).toMatchObject({ maxValue: 6 });
    // Early group: the ImageNet layers; late: from block 11 on, which the nsfwjs authors fine-tuned.
    expect(m.layerGroups[1]?.layers[0]?.name).toBe('block_11_expand');
    expect(m.layerGroups[0]?.layers.some((l) => l.name === 'block_10_project_BN')).toBe(true);
    // Frozen: only BatchNorm and the head train.
    const trainableLayers = new Set(m.model.trainableWeights.map((w) => w.originalName.split('/')[0]));
    for (const name of trainableLayers) {
      const layer = m.model.getLayer(name ?? '');
      expect(layer.getClassName() === 'BatchNormalization' || name?.startsWith('head_')).toBe(true);
    }

    const logits = tf.tidy(
      () => m.model.predict(tf.randomUniform([2, 224, 224, 3], -2, 2, 'float32', 1)) as tf.Tensor,
    );
    expect(logits.shape).toEqual([2, 3]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    logits.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes other input sizes and trains (depthwise gradients included) at 32×32', async () => {
    const m = await createModel('mobilenetv2', { inputSize: 32, nClasses: 2, seed: 1 });
    expect(shapeOf(m.model, 'out_relu')).toEqual([null, 1, 1, 1280]);
    m.unfreeze();
    const kernel = () => m.model.getLayer('block_5_depthwise').getWeights()[0]?.dataSync().slice(0, 8);
    const before = Array.from(kernel() ?? []);
    tf.tidy(() => {
      const x = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 2);
      const y = tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2);
      const vars = m.groupVariables().flat();
      const { grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(y, m.model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        vars,
      );
      for (const v of vars) {
        const g = grads[v.name];
        if (g !== undefined) v.assign(tf.sub(v, tf.mul(g, 0.1)));
      }
    });
    expect(Array.from(kernel() ?? [])).not.toEqual(before);
    m.dispose();
  });

  it('pretrained: false keeps the architecture, re-initialises it and normalises with dataset statistics', async () => {
    const m = await createModel('mobilenetv2', { inputSize: 32, nClasses: 2, pretrained: false });
    expect(m.normalization).toBe('dataset');
    expect(m.frozen).toBe(false);
    expect(m.model.getLayer('Conv1').getWeights()[0]?.shape).toEqual([3, 3, 3, 32]);
    m.dispose();
  });
});

describe('customBody: any TF.js Layers model on disk', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deskfit-body-'));
    const input = tf.input({ name: 'pixels', shape: [16, 16, 3] });
    let x = tf.layers
      .conv2d({ name: 'c1', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' })
      .apply(input);
    x = tf.layers.batchNormalization({ name: 'bn1' }).apply(x);
    x = tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }).apply(x);
    x = tf.layers.conv2d({ name: 'c2', filters: 10, kernelSize: 3, padding: 'same' }).apply(x);
    x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x);
    const out = tf.layers
      .dense({ name: 'classes', units: 4, activation: 'softmax' })
      .apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        const weights = a.weightData;
        if (!(weights instanceof ArrayBuffer)) throw new Error('expected one weight buffer');
        const json = {
          format: 'layers-model',
          modelTopology: a.modelTopology,
          weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
        };
        await writeFile(join(dir, 'model.json'), JSON.stringify(json));
        await writeFile(join(dir, 'group1-shard1of1.bin'), new Uint8Array(weights));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    model.dispose();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts before the last pooling layer, keeps the weights, adds the head, starts frozen', async () => {
    const before = tf.memory().numTensors;
    const m = await customBody(dir, { inputSize: 32, nClasses: 2 });
    expect(m.arch).toBe('custom');
    expect(m.normalization).toBe('imagenet');
    expect(m.frozen).toBe(true);
    expect(m.model.layers.map((l) => l.name)).not.toContain('gap');
    expect(shapeOf(m.model, 'c2')).toEqual([null, 16, 16, 10]);
    expect(shapeOf(m.model, 'head_concat_pool')).toEqual([null, 20]);
    expect(m.model.outputs[0]?.shape).toEqual([null, 2]);
    const saved = await tf.loadLayersModel(fsModelHandler(dir));
    expect(Array.from(m.model.getLayer('c2').getWeights()[0]?.dataSync() ?? [])).toEqual(
      Array.from(saved.getLayer('c2').getWeights()[0]?.dataSync() ?? [1]),
    );
    saved.dispose();
    expect(m.layerGroups.map((g) => g.layers.length)).toEqual([2, 2, 10]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cuts at a named layer; says what is wrong with a bad path, a graph model or a missing shard', async () => {
    const m = await customBody(join(dir, 'model.json'), { inputSize: 16, nClasses: 3, cutAt: 'bn1' });
    expect(m.model.layers.map((l) => l.name).filter((n) => !n.startsWith('head_'))).toEqual([
      'pixels',
      'c1',
      'bn1',
    ]);
    m.dispose();
    await expect(customBody(join(dir, 'nope'), { inputSize: 16, nClasses: 2 })).rejects.toThrow(
      /no model at .*nope/,
    );
    await expect(customBody(dir, { inputSize: 16, nClasses: 2, cutAt: 'zz' })).rejects.toThrow(
      /no layer named "zz"/,
    );
    const graph = await mkdtemp(join(tmpdir(), 'deskfit-graph-'));
    await writeFile(join(graph, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: {} }));
    await expect(customBody(graph, { inputSize: 16, nClasses: 2 })).rejects.toThrow(
      /graph model.*Layers model/,
    );
    await writeFile(
      join(graph, 'model.json'),
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }),
    );
    await expect(customBody(graph, { inputSize: 16, nClasses: 2 })).rejects.toThrow(
      /gone\.bin .* is missing/,
    );
    await rm(graph, { recursive: true, force: true });
  });
});
