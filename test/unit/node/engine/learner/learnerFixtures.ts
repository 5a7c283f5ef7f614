// A tiny two-class problem and model for Learner tests: class 0 images are dark with a bright left
// half, class 1 dark with a bright right half (with noise), so a small convnet learns it in a few
// epochs on any backend.
import * as tf from '@tensorflow/tfjs';
import { BatchLoader } from '../../../../../src/main/engine/data/batchLoader';
import type { TrainingItem } from '../../../../../src/main/engine/data/datasetSpec';
import type { LearnerData, LearnerModel } from '../../../../../src/main/engine/learner/types';
import { SeededDropout } from '../../../../../src/main/engine/models/seededDropout';
import { makeRng } from '../../../../../src/main/engine/random';

export const size = 8;

export function items(count: number, offset = 0): TrainingItem[] {
  return Array.from({ length: count }, (_, i) => ({
    id: offset + i,
    file: `/virtual/${offset + i}.png`,
    hash: `h${offset + i}`,
    label: i % 2,
  }));
}

function image(item: TrainingItem): Uint8Array {
  const rng = makeRng(item.id + 1);
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bright = item.label === 0 ? x < size / 2 : x >= size / 2;
      for (let c = 0; c < 3; c++)
        out[(y * size + x) * 3 + c] = (bright ? 200 : 40) + Math.floor(rng.next() * 40);
    }
  }
  return out;
}

export function data(options: { train?: number; valid?: number; batchSize?: number } = {}): LearnerData {
  const load = async (item: TrainingItem) => image(item);
  const batchSize = options.batchSize ?? 16;
  return {
    train: new BatchLoader({
      items: items(options.train ?? 64),
      cacheDir: '',
      size,
      batchSize,
      shuffle: true,
      seed: 1,
      loadImage: load,
    }),
    valid: new BatchLoader({
      items: items(options.valid ?? 32, 1000),
      cacheDir: '',
      size,
      batchSize,
      shuffle: false,
      seed: 1,
      loadImage: load,
    }),
    size,
    stats: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
  };
}

/**
 * conv(4) → relu → global mean → dense(2), in two layer groups: body and head. With `dropout`, a
 * seeded dropout sits before the dense layer (its generator state is part of a checkpoint).
 */
export function tinyModel(seed = 3, dropout?: number): LearnerModel & { dispose(): void } {
  const input = tf.input({ shape: [size, size, 3] });
  const conv = tf.layers.conv2d({
    filters: 4,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotNormal({ seed }),
  });
  const pool = tf.layers.globalAveragePooling2d({});
  const dense = tf.layers.dense({
    units: 2,
    kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
  });
  const drop = dropout !== undefined ? new SeededDropout({ rate: dropout, seed: seed + 2 }) : undefined;
  const pooled = pool.apply(conv.apply(input)) as tf.SymbolicTensor;
  const output = dense.apply(drop ? drop.apply(pooled) : pooled) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const vars = (layer: tf.layers.Layer) => layer.weights.map((w) => w.read() as tf.Variable);
  return {
    model,
    groupVariables: () => [vars(conv), vars(dense)],
    ...(drop
      ? {
          getRandomState: () => [drop.getState()],
          setRandomState: (state: readonly number[]) => drop.setState(state[0] ?? 0),
        }
      : {}),
    freeze: () => {
      conv.trainable = false;
    },
    unfreeze: () => {
      conv.trainable = true;
    },
    dispose: () => model.dispose(),
  };
}
