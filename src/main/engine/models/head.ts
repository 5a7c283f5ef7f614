/**
 * The classifier heads put on every body. fastai's create_head: AdaptiveConcatPool (global max ‖
 * global mean; the mean is `tf.mean`, whose gradient is cheap on wasm, unlike avgPool's) →
 * BN → dropout(ps/2) → linear 512 → ReLU → BN → dropout(ps) → linear, the linears without bias
 * because a BatchNorm precedes them (LinBnDrop). The pools already give [batch, features], so no
 * Flatten layer is needed. The simple heads are the course's conv-to-classes and torchvision's fc.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { FastDense } from './fastDense';
import { batchNorm, conv, relu, type GraphBuilder } from './graphBuilder';
import { SeededDropout } from './seededDropout';
import type { HeadKind } from './types';

export interface HeadOptions {
  kind: HeadKind;
  nClasses: number;
  /** fastai's ps: [ps/2, ps] for the two dropouts. */
  ps: number;
  /** For `simple`: classes by a stride-2 conv then a global mean (simple-cnn) instead of mean → linear. */
  convClassifier: boolean;
  rng: Rng;
}

function dense(b: GraphBuilder, x: tf.SymbolicTensor, name: string, units: number, bias: boolean) {
  return b.add(new FastDense({ name, units, useBias: bias }), x);
}

function dropout(b: GraphBuilder, x: tf.SymbolicTensor, name: string, rate: number, rng: Rng) {
  return b.add(new SeededDropout({ name, rate, seed: rng.int(2 ** 32) }), x);
}

/** Adds the head's layers to the builder's `head` group; returns the logits. */
export function attachHead(b: GraphBuilder, features: tf.SymbolicTensor, o: HeadOptions): tf.SymbolicTensor {
  if (features.rank !== 4) {
    throw new Error(`a head needs a 4-d feature map [batch, h, w, c]; got rank ${String(features.rank)}`);
  }
  b.group = 'head';
  if (o.kind === 'simple') {
    if (o.convClassifier) {
      const logits = conv(b, features, 'head_conv', {
        filters: o.nClasses,
        kernel: 3,
        strides: 2,
        bias: true,
      });
      return b.add(tf.layers.globalAveragePooling2d({ name: 'head_pool' }), logits);
    }
    const pooled = b.add(tf.layers.globalAveragePooling2d({ name: 'head_pool' }), features);
    return dense(b, pooled, 'head_linear', o.nClasses, true);
  }
  const max = b.add(tf.layers.globalMaxPooling2d({ name: 'head_maxpool' }), features);
  const mean = b.add(tf.layers.globalAveragePooling2d({ name: 'head_avgpool' }), features);
  let x = b.add(tf.layers.concatenate({ name: 'head_concat_pool' }), [max, mean]);
  x = batchNorm(b, x, 'head_bn1');
  x = dropout(b, x, 'head_drop1', o.ps / 2, o.rng);
  x = dense(b, x, 'head_linear1', 512, false);
  x = relu(b, x, 'head_relu');
  x = batchNorm(b, x, 'head_bn2');
  x = dropout(b, x, 'head_drop2', o.ps, o.rng);
  return dense(b, x, 'head_linear2', o.nClasses, false);
}
