import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { createModel } from '../../../../../src/main/engine/models';
import { CappedRelu } from '../../../../../src/main/engine/models/cappedRelu';
import { channelSums } from '../../../../../src/main/engine/models/channelSums';
import { FastBatchNorm } from '../../../../../src/main/engine/models/fastBatchNorm';
import { FastDense } from '../../../../../src/main/engine/models/fastDense';
import { LeanConv2D } from '../../../../../src/main/engine/models/leanConv2d';
import { SeededDropout } from '../../../../../src/main/engine/models/seededDropout';

beforeAll(async () => {
  await initBackend();
});

function expectClose(a: tf.Tensor | undefined, b: tf.Tensor | undefined, tol = 1e-4): void {
  if (a === undefined || b === undefined) throw new Error('missing tensor');
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  const scale = Math.max(1, ...Array.from(y, Math.abs));
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((x[i] ?? 0) - (y[i] ?? 0)));
  expect(worst / scale).toBeLessThan(tol);
}

/** Output, gradient wrt x and gradients wrt the layer's trainable weights, for a random projection loss. */
function run(layer: tf.layers.Layer, x: tf.Tensor, training: boolean) {
  const r = tf.randomNormal(layer.computeOutputShape(x.shape) as number[], 0, 1, 'float32', 5);
  const loss = (input: tf.Tensor) =>
    tf.sum(tf.mul(layer.apply(input, { training }) as tf.Tensor, r)) as tf.Scalar;
  const dx = tf.grad(loss)(x);
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const grads = vars.length > 0 ? tf.variableGrads(() => loss(x), vars).grads : {};
  return { y: layer.apply(x, { training }) as tf.Tensor, dx, dw: vars.map((v) => grads[v.name]) };
}

/** Copies `from`'s weights into `to` after building both on `shape`. */
function twin(from: tf.layers.Layer, to: tf.layers.Layer, shape: number[]): void {
  from.build(shape);
  to.build(shape);
  const values = from
    .getWeights()
    .map((w, i) => tf.randomNormal(w.shape, i === 3 ? 2 : 0, 0.5, 'float32', i + 1));
  const fixed = values.map((v, i) => (i === 3 && from instanceof FastBatchNorm ? tf.abs(v) : v));
  from.setWeights(fixed);
  to.setWeights(fixed);
}

describe('channelSums', () => {
  it('sums over every axis but the last, for rank 4 and rank 2, large maps included', () => {
    for (const shape of [
      [3, 5, 7, 4],
      [1, 120, 110, 2],
      [9, 6],
    ]) {
      const x = tf.randomNormal(shape, 1, 1, 'float32', 8);
      expectClose(
        channelSums(x),
        tf.sum(
          x,
          shape.slice(0, -1).map((_, i) => i),
        ),
        1e-5,
      );
    }
  });
});

describe('FastBatchNorm matches the stock BatchNormalization layer', () => {
  for (const shape of [
    [4, 5, 5, 3],
    [6, 7],
  ]) {
    it(`training and inference, values and gradients, rank ${shape.length}`, () => {
      const fast = new FastBatchNorm({ momentum: 0.9, epsilon: 1e-5 });
      const stock = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
      twin(fast, stock, shape);
      const x = tf.randomNormal(shape, 1, 2, 'float32', 11);
      const a = run(fast, x, true);
      const b = run(stock, x, true);
      expectClose(a.y, b.y);
      expectClose(a.dx, b.dx);
      expectClose(a.dw[0], b.dw[0]); // gamma
      expectClose(a.dw[1], b.dw[1]); // beta
      // Moving statistics moved the same way (each layer ran 3 training calls).
      fast.getWeights().forEach((w, i) => expectClose(w, stock.getWeights()[i], 1e-5));
      expect(fast.getWeights()[2]?.dataSync()[0]).not.toBe(0);
      // Inference is the stock op: identical outputs from identical weights.
      fast.setWeights(stock.getWeights());
      const inferFast = fast.apply(x, { training: false }) as tf.Tensor;
      const inferStock = stock.apply(x, { training: false }) as tf.Tensor;
      expect(Array.from(inferFast.dataSync())).toEqual(Array.from(inferStock.dataSync()));
    });
  }

  it('serialises as the stock layer (same class name, config keys and weight names)', () => {
    const fast = new FastBatchNorm({ name: 'bn', momentum: 0.9, epsilon: 1e-5 });
    const stock = tf.layers.batchNormalization({ name: 'bn', momentum: 0.9, epsilon: 1e-5 });
    twin(fast, stock, [2, 3]);
    expect(fast.getClassName()).toBe('BatchNormalization');
    expect(Object.keys(fast.getConfig()).sort()).toEqual(Object.keys(stock.getConfig()).sort());
    expect(fast.weights.map((w) => w.originalName)).toEqual(stock.weights.map((w) => w.originalName));
  });
});

describe('FastDense and LeanConv2D match the stock layers', () => {
  it('FastDense: values and gradients, with and without bias', () => {
    for (const useBias of [true, false]) {
      const fast = new FastDense({ units: 5, useBias });
      const stock = tf.layers.dense({ units: 5, useBias });
      twin(fast, stock, [4, 6]);
      const x = tf.randomNormal([4, 6], 0, 1, 'float32', 3);
      const a = run(fast, x, true);
      const b = run(stock, x, true);
      expectClose(a.y, b.y);
      expectClose(a.dx, b.dx);
      a.dw.forEach((g, i) => expectClose(g, b.dw[i]));
      expect(Object.keys(fast.getConfig()).sort()).toEqual(Object.keys(stock.getConfig()).sort());
    }
  });

  it('LeanConv2D: strided same/valid, bias and ReLU; values and gradients', () => {
    for (const padding of ['same', 'valid'] as const) {
      const args = {
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding,
        useBias: true,
        activation: 'relu',
      } as const;
      const lean = new LeanConv2D(args);
      const stock = tf.layers.conv2d(args);
      twin(lean, stock, [2, 7, 7, 3]);
      const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 9);
      expect(lean.computeOutputShape([2, 7, 7, 3])).toEqual(stock.computeOutputShape([2, 7, 7, 3]));
      const a = run(lean, x, true);
      const b = run(stock, x, true);
      expectClose(a.y, b.y);
      expectClose(a.dx, b.dx);
      a.dw.forEach((g, i) => expectClose(g, b.dw[i]));
      const stockConfig = stock.getConfig();
      expect(Object.keys(lean.getConfig()).sort()).toEqual(Object.keys(stockConfig).sort());
      expect(LeanConv2D.fromStockConfig('c', stockConfig)?.getConfig()).toMatchObject({
        filters: 4,
        kernelSize: [3, 3],
        strides: [2, 2],
        padding,
        activation: 'relu',
      });
    }
  });
});

describe('CappedRelu matches the stock ReLU with maxValue', () => {
  it('values and gradients, for 6 and another cap', () => {
    for (const maxValue of [6, 2.5]) {
      const x = tf.mul(tf.randomNormal([3, 4, 5, 2], 0, 1, 'float32', 6), 5);
      const a = run(new CappedRelu({ maxValue }), x, true);
      const b = run(tf.layers.reLU({ maxValue }), x, true);
      expectClose(a.y, b.y, 1e-6);
      expectClose(a.dx, b.dx, 1e-6);
      expect(new CappedRelu({ maxValue, name: 'r' }).getConfig()).toMatchObject({ maxValue, name: 'r' });
    }
  });
});

describe('SeededDropout', () => {
  it('is the identity at inference and drops about `rate`, scaled by 1/keep, when training', () => {
    const layer = new SeededDropout({ rate: 0.25, seed: 1 });
    const x = tf.ones([100, 40]);
    expect(Array.from((layer.apply(x, { training: false }) as tf.Tensor).dataSync())).toEqual(
      Array.from(x.dataSync()),
    );
    const y = Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync());
    const dropped = y.filter((v) => v === 0).length / y.length;
    expect(dropped).toBeGreaterThan(0.22);
    expect(dropped).toBeLessThan(0.28);
    for (const v of y) expect([0, 1 / 0.75]).toContainEqual(expect.closeTo(v, 6));
  });

  it('replays masks from a seed or a saved state, and draws new ones each call', () => {
    const mask = (layer: SeededDropout) =>
      Array.from((layer.apply(tf.ones([8, 8]), { training: true }) as tf.Tensor).dataSync());
    const a = new SeededDropout({ rate: 0.5, seed: 42 });
    const b = new SeededDropout({ rate: 0.5, seed: 42 });
    const first = mask(a);
    expect(mask(b)).toEqual(first);
    const state = a.getState();
    const second = mask(a);
    expect(second).not.toEqual(first);
    a.setState(state);
    expect(mask(a)).toEqual(second);
  });

  it('model-level random state restores every dropout layer', async () => {
    const m = await createModel('simple-cnn', { inputSize: 16, nClasses: 3, head: 'fastai', seed: 5 });
    const x = tf.randomNormal([4, 16, 16, 3], 0, 1, 'float32', 2);
    const state = m.getRandomState();
    expect(state).toHaveLength(2);
    const train = () => Array.from((m.model.apply(x, { training: true }) as tf.Tensor).dataSync());
    train();
    m.setRandomState(state);
    // Same masks again; BatchNorm moving stats do not affect training-mode outputs.
    const replay = train();
    m.setRandomState(state);
    expect(train()).toEqual(replay);
    expect(() => m.setRandomState([1])).toThrow(/2 dropout layers/);
    m.dispose();
  });
});

describe('export compatibility', () => {
  it('a saved model uses only stock classes and reloads in plain tfjs with the same predictions', async () => {
    const m = await createModel('resnet18', { inputSize: 32, nClasses: 4, width: 4, seed: 1 });
    const x = tf.randomNormal([3, 32, 32, 3], 0, 1, 'float32', 4);
    m.model.apply(x, { training: true }); // non-trivial BatchNorm moving statistics
    let saved: tf.io.ModelArtifacts | undefined;
    await m.model.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
    );
    if (saved === undefined) throw new Error('nothing saved');
    const topology = saved.modelTopology as unknown as { config: { layers: { class_name: string }[] } };
    const layerClasses = new Set(topology.config.layers.map((l) => l.class_name));
    expect([...layerClasses].sort()).toEqual(
      [
        'Add',
        'BatchNormalization',
        'Concatenate',
        'Conv2D',
        'Dense',
        'Dropout',
        'GlobalAveragePooling2D',
        'GlobalMaxPooling2D',
        'InputLayer',
        'MaxPooling2D',
        'ReLU',
      ].sort(),
    );
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expectClose(reloaded.predict(x) as tf.Tensor, m.model.predict(x) as tf.Tensor, 1e-5);
    reloaded.dispose();
    m.dispose();
  });
});
