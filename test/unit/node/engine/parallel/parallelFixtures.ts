// Models a data-parallel test builds on the test thread and, from a bundle of this file, in each
// worker: the same function and seed give the same weights on every thread. No BatchNorm, no
// dropout here, so two half-batch gradients average to exactly the full batch's.
import { isMainThread } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { LearnerModel } from '../../../../../src/main/engine/learner/types';

/** conv(6) → relu → conv(8, stride 2) → relu → global mean → dense: two layer groups. */
export function plainConvNet(
  size: number,
  classes: number,
  seed: number,
): LearnerModel & { dispose(): void } {
  const input = tf.input({ shape: [size, size, 3] });
  const conv1 = tf.layers.conv2d({
    filters: 6,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotNormal({ seed }),
  });
  const conv2 = tf.layers.conv2d({
    filters: 8,
    kernelSize: 3,
    strides: 2,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }),
  });
  const pool = tf.layers.globalAveragePooling2d({});
  const dense = tf.layers.dense({
    units: classes,
    kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 2 }),
  });
  const output = dense.apply(pool.apply(conv2.apply(conv1.apply(input)))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const vars = (layers: tf.layers.Layer[]) =>
    layers.flatMap((l) => l.weights.map((w) => w.read() as tf.Variable));
  return {
    model,
    groupVariables: () => [vars([conv1, conv2]), vars([dense])],
    dispose: () => model.dispose(),
  };
}

/**
 * `plainConvNet` whose training forward fails in a worker thread (never on the test's own thread)
 * from its `after`-th call on: `exit` ends the thread, `throw` raises an error.
 */
export function failingConvNet(
  size: number,
  classes: number,
  seed: number,
  after: number,
  failure: 'exit' | 'throw',
): LearnerModel & { dispose(): void } {
  const built = plainConvNet(size, classes, seed);
  const model = built.model;
  const apply = model.apply.bind(model);
  let calls = 0;
  model.apply = (inputs, kwargs) => {
    calls += 1;
    if (!isMainThread && calls >= after) {
      if (failure === 'exit') process.exit(3);
      throw new Error('out of memory in the test replica');
    }
    return apply(inputs, kwargs);
  };
  return built;
}
