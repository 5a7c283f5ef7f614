/**
 * A small DenseNet-BC: torchvision's stem (7×7/2 conv, BN, ReLU, 3×3/2 max pool), then dense
 * blocks whose layers (BN → ReLU → 1×1 conv to 4k → BN → ReLU → 3×3 conv to k) each concatenate
 * their k new channels onto everything before them, with transitions (BN → ReLU → 1×1 conv halving
 * the channels → 2×2 average pool) between blocks, and a final BN → ReLU. Groups follow fastai's
 * `_densenet_split`: stem, block 1, transition 1, block 2 | the rest.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNorm, conv, convBnRelu, relu, type GraphBuilder } from './graphBuilder';

/** Dense layers per block: DenseNet-121's four-block shape, scaled down. */
export const denseBlockLayers = [4, 6, 8, 6] as const;
export const DEFAULT_GROWTH_RATE = 16;

function channelsOf(x: tf.SymbolicTensor): number {
  return x.shape[x.shape.length - 1] ?? 0;
}

function denseLayer(b: GraphBuilder, x: tf.SymbolicTensor, name: string, growth: number): tf.SymbolicTensor {
  let y = relu(b, batchNorm(b, x, `${name}_bn1`), `${name}_relu1`);
  y = conv(b, y, `${name}_conv1`, { filters: 4 * growth, kernel: 1 });
  y = relu(b, batchNorm(b, y, `${name}_bn2`), `${name}_relu2`);
  y = conv(b, y, `${name}_conv2`, { filters: growth, kernel: 3 });
  return b.add(tf.layers.concatenate({ name: `${name}_concat` }), [x, y]);
}

function transition(b: GraphBuilder, x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  let y = relu(b, batchNorm(b, x, `${name}_bn`), `${name}_relu`);
  y = conv(b, y, `${name}_conv`, { filters: Math.floor(channelsOf(x) / 2), kernel: 1 });
  return b.add(
    tf.layers.averagePooling2d({ name: `${name}_pool`, poolSize: 2, strides: 2, padding: 'same' }),
    y,
  );
}

export function densenetBody(b: GraphBuilder, input: tf.SymbolicTensor, growth: number): tf.SymbolicTensor {
  b.group = 'early';
  let x = convBnRelu(b, input, 'stem', { filters: 2 * growth, kernel: 7, strides: 2 });
  x = b.add(tf.layers.maxPooling2d({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 'same' }), x);
  denseBlockLayers.forEach((layers, block) => {
    if (block > 0) {
      b.group = block < 2 ? 'early' : 'late';
      x = transition(b, x, `transition${block}`);
    }
    for (let i = 0; i < layers; i++) x = denseLayer(b, x, `block${block + 1}_${i}`, growth);
  });
  return relu(b, batchNorm(b, x, 'final_bn'), 'final_relu');
}
