/**
 * The fastai course's simple CNN (fastbook ch. 13): stride-2 3×3 conv → BN → ReLU layers, each
 * halving the image and doubling the channels (8 → 16 → 32 → …), until the map is 2×2; the
 * `simple` head then convolves to the classes and takes a global mean. Fast to train anywhere,
 * which makes it the default for small images and the speed yardstick on wasm.
 */
import type * as tf from '@tensorflow/tfjs';
import { convBnRelu, sameOut, type GraphBuilder } from './graphBuilder';

const MAX_CHANNELS = 512;

/** Channels of each stride-2 conv for this input size (at least one conv). */
export function simpleCnnChannels(inputSize: number, width: number): number[] {
  const channels: number[] = [];
  let size = inputSize;
  do {
    channels.push(Math.min(width * 2 ** channels.length, MAX_CHANNELS));
    size = sameOut(size, 2);
  } while (size > 2);
  return channels;
}

export function simpleCnnBody(
  b: GraphBuilder,
  input: tf.SymbolicTensor,
  inputSize: number,
  width: number,
): tf.SymbolicTensor {
  const channels = simpleCnnChannels(inputSize, width);
  const earlyCount = Math.ceil(channels.length / 2);
  let x = input;
  channels.forEach((filters, i) => {
    b.group = i < earlyCount ? 'early' : 'late';
    x = convBnRelu(b, x, `conv${i + 1}`, { filters, kernel: 3, strides: 2 });
  });
  return x;
}
