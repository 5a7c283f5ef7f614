// A batch that cannot fit in the backend's memory is refused before training starts, naming the batch
// size that would fit; activation sizes are summed from the model's own layer shapes.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import {
  activationBytesPerImage,
  batchFit,
  checkBatchFits,
  trainingMemoryFactor,
} from '../../../../../src/main/engine/models/memoryEstimate';
import { createModel } from '../../../../../src/main/engine/models/createModel';

beforeAll(async () => {
  await initBackend();
});

function tinyNet(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3] });
  const conv = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same' })
    .apply(input) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(conv) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('training memory estimate', () => {
  it("sums every layer's output for one image (input 8·8·3 + conv 8·8·4 + flatten 256 + dense 2)", () => {
    const model = tinyNet();
    expect(activationBytesPerImage(model)).toBe((192 + 256 + 256 + 2) * 4);
    model.dispose();
  });

  it('refuses MobileNetV2 at 224 px with batch 64 on wasm and names the batch that fits', async () => {
    const model = await createModel('mobilenetv2', {
      inputSize: 224,
      nClasses: 3,
      seed: 1,
      pretrained: false,
    });
    try {
      const fit = batchFit(model.model, 'wasm');
      // ~84 MiB of activations an image: a few hundred MiB to train, so only a handful fit in 2 GiB.
      expect(fit.bytesPerImage).toBeGreaterThan(300 * 2 ** 20);
      expect(fit.maxBatch).toBe(Math.floor((2 * 2 ** 30) / fit.bytesPerImage));
      expect(fit.maxBatch).toBeLessThan(10);
      let error: unknown;
      try {
        checkBatchFits(model.model, { arch: 'mobilenetv2', size: 224, batchSize: 64, backend: 'wasm' });
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      expect((error as Error).message).toContain(`Use a batch size of ${fit.maxBatch} or less`);
      expect(() =>
        checkBatchFits(model.model, {
          arch: 'mobilenetv2',
          size: 224,
          batchSize: fit.maxBatch!,
          backend: 'wasm',
        }),
      ).not.toThrow();
      // No known limit on a GPU; half the machine on the native CPU backend.
      expect(batchFit(model.model, 'tfjs-node-gpu').maxBatch).toBeNull();
      expect(batchFit(model.model, 'tfjs-node', 64 * 2 ** 30).budget).toBe(32 * 2 ** 30);
    } finally {
      model.dispose();
    }
  });

  it('lets the small models train at their default batch of 64 on wasm', async () => {
    for (const arch of ['simple-cnn', 'resnet18'] as const) {
      const model = await createModel(arch, { inputSize: 64, nClasses: 3, seed: 1 });
      expect(() =>
        checkBatchFits(model.model, { arch, size: 64, batchSize: 64, backend: 'wasm' }),
      ).not.toThrow();
      model.dispose();
    }
    expect(trainingMemoryFactor).toBeGreaterThan(1);
  });
});
