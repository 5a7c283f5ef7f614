/**
 * The self-test's model: conv 8 3×3 → ReLU → conv 16 3×3 stride 2 → ReLU → global mean → dense 2,
 * as raw tfjs variables with a seeded He-normal initialiser. It exercises exactly the kernels a
 * real convnet needs (conv forward, both conv gradients, mean, matMul) on whatever backend is live.
 */
import * as tf from '@tensorflow/tfjs';
import { normalArray, type Rng } from './random';

export interface TinyConvNet {
  variables: tf.Variable[];
  /** Logits [batch, classes] for NHWC images. */
  apply(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

/** A trainable variable holding `values`; the temporary tensor is disposed by the tidy. */
function variableOf(values: Float32Array, shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
}

function heNormal(rng: Rng, shape: number[], fanIn: number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  return variableOf(normalArray(rng, size, Math.sqrt(2 / fanIn)), shape);
}

export function tinyConvNet(rng: Rng, channels: number, classes: number): TinyConvNet {
  const w1 = heNormal(rng, [3, 3, channels, 8], 9 * channels);
  const b1 = variableOf(new Float32Array(8), [8]);
  const w2 = heNormal(rng, [3, 3, 8, 16], 9 * 8);
  const b2 = variableOf(new Float32Array(16), [16]);
  const wd = variableOf(normalArray(rng, 16 * classes, Math.sqrt(1 / 16)), [16, classes]);
  const bd = variableOf(new Float32Array(classes), [classes]);
  const variables = [w1, b1, w2, b2, wd, bd];
  return {
    variables,
    apply: (x) =>
      tf.tidy(() => {
        const h1 = tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
        const h2 = tf.relu(tf.add(tf.conv2d(h1, w2 as tf.Tensor4D, 2, 'same'), b2));
        const pooled = tf.mean(h2, [1, 2]) as tf.Tensor2D;
        return tf.add(tf.matMul(pooled, wd as tf.Tensor2D), bd) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose(variables),
  };
}
