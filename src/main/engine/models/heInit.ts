/**
 * Seeded Kaiming/He-normal initialisation (std √(2/fan_in), not truncated), as fastai's
 * `kaiming_normal_`: drawn in plain JS from the engine's seeded generator so a seed gives the
 * same weights on every backend. Layers are built with zero kernels and filled here, in order.
 */
import * as tf from '@tensorflow/tfjs';
import { normalArray, type Rng } from '../random';

const kernelNames = /\/(kernel|depthwise_kernel)$/;

/** fan_in of a tfjs kernel: conv [kh, kw, cin, cout], depthwise [kh, kw, cin, mult], dense [in, out]. */
export function fanIn(className: string, shape: readonly number[]): number {
  const [a = 1, b = 1, c = 1] = shape;
  if (className === 'Dense') return a;
  if (className === 'DepthwiseConv2D') return a * b;
  return a * b * c;
}

/** Fills the kernel of every conv/dense layer in `layers` with He-normal values from `rng`. */
export function heNormalInit(layers: readonly tf.layers.Layer[], rng: Rng): void {
  for (const layer of layers) {
    const className = layer.getClassName();
    if (!['Conv2D', 'Dense', 'DepthwiseConv2D'].includes(className)) continue;
    for (const weight of layer.weights) {
      if (!kernelNames.test(weight.originalName)) continue;
      const shape = weight.shape.map((d) => d ?? 0);
      const std = Math.sqrt(2 / fanIn(className, shape));
      const size = shape.reduce((p, d) => p * d, 1);
      const values = tf.tensor(normalArray(rng, size, std), shape);
      weight.write(values);
      values.dispose();
    }
  }
}
