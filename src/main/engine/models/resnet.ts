/**
 * ResNet-18/34 as torchvision builds them (and so fastai's `resnet18`/`resnet34`): a 7×7 stride-2
 * stem with BN, ReLU and a 3×3 stride-2 max pool, then four stages of BasicBlocks (two 3×3
 * conv+BN, ReLU between) whose skip connection is the identity, or a 1×1 stride-2 conv + BN when
 * the shape changes. Layer groups follow fastai's `_resnet_split`: stem + stages 1–2 | stages 3–4.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNorm, conv, convBnRelu, relu, type GraphBuilder } from './graphBuilder';

export const resnetStages = {
  resnet18: [2, 2, 2, 2],
  resnet34: [3, 4, 6, 3],
} as const;
export type ResnetArch = keyof typeof resnetStages;

function basicBlock(
  b: GraphBuilder,
  x: tf.SymbolicTensor,
  name: string,
  filters: number,
  strides: number,
): tf.SymbolicTensor {
  const inChannels = x.shape[x.shape.length - 1];
  let y = convBnRelu(b, x, `${name}_1`, { filters, kernel: 3, strides });
  y = batchNorm(b, conv(b, y, `${name}_2_conv`, { filters, kernel: 3 }), `${name}_2_bn`);
  let shortcut = x;
  if (strides !== 1 || inChannels !== filters) {
    const projected = conv(b, x, `${name}_down_conv`, { filters, kernel: 1, strides, padding: 'valid' });
    shortcut = batchNorm(b, projected, `${name}_down_bn`);
  }
  const sum = b.add(tf.layers.add({ name: `${name}_add` }), [y, shortcut]);
  return relu(b, sum, `${name}_relu`);
}

/** `width` is the stem's and first stage's channels (torchvision: 64); stages use 1, 2, 4, 8 × width. */
export function resnetBody(
  b: GraphBuilder,
  input: tf.SymbolicTensor,
  arch: ResnetArch,
  width: number,
): tf.SymbolicTensor {
  b.group = 'early';
  let x = convBnRelu(b, input, 'stem', { filters: width, kernel: 7, strides: 2 });
  x = b.add(tf.layers.maxPooling2d({ name: 'stem_pool', poolSize: 3, strides: 2, padding: 'same' }), x);
  resnetStages[arch].forEach((blocks, stage) => {
    b.group = stage < 2 ? 'early' : 'late';
    for (let i = 0; i < blocks; i++) {
      const strides = stage > 0 && i === 0 ? 2 : 1;
      x = basicBlock(b, x, `stage${stage + 1}_${i}`, width * 2 ** stage, strides);
    }
  });
  return x;
}
