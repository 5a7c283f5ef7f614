/**
 * The `selftest` job: trains a tiny convnet for a few dozen steps on seeded synthetic stripes,
 * on whichever backend initBackend() made live, and reports whether the loss fell and how fast it
 * ran. It proves the whole training path (forward, conv gradients, Adam) works on this machine.
 * Reports progress and honours cancellation every step; leaves no tensors behind.
 */
import * as tf from '@tensorflow/tfjs';
import type { SelftestParams, SelftestResult } from '../../shared/contract';
import { JobCancelled, type JobContext } from '../jobs/types';
import { initBackend } from './backend';
import { makeRng } from './random';
import { stripesBatch } from './stripes';
import { tinyConvNet } from './tinyConvNet';

const CLASSES = 2;
const CHANNELS = 3;
const LEARNING_RATE = 0.01;

/** Lets queued events (a cancel message, a timer) run between steps. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

/** Mean of the last quarter of the losses is below the mean of the first quarter. */
export function lossFell(losses: number[]): boolean {
  if (losses.length < 2) return false;
  const q = Math.max(1, Math.floor(losses.length / 4));
  return mean(losses.slice(-q)) < mean(losses.slice(0, q));
}

export async function runSelftest(params: SelftestParams, ctx: JobContext): Promise<SelftestResult> {
  const report = await initBackend();
  const { steps, batchSize, imageSize, seed } = params;
  const rng = makeRng(seed);
  const model = tinyConvNet(rng, CHANNELS, CLASSES);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const losses: number[] = [];
  const started = performance.now();
  try {
    for (let step = 1; step <= steps; step++) {
      if (ctx.signal.aborted) throw new JobCancelled();
      const batch = stripesBatch(rng, batchSize, imageSize);
      const lossTensor = tf.tidy(() => {
        const x = tf.tensor4d(batch.pixels, [batchSize, imageSize, imageSize, CHANNELS]);
        const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), CLASSES);
        const cost = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x)) as tf.Scalar,
          true,
          model.variables,
        );
        if (cost === null) throw new Error('optimizer returned no loss');
        return cost;
      });
      const loss = (await lossTensor.data())[0] ?? Number.NaN;
      lossTensor.dispose();
      losses.push(loss);
      ctx.progress({ step, total: steps, metrics: { loss } });
      await yieldToEventLoop();
    }
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    backend: report.backend,
    losses,
    firstLoss: losses[0] ?? Number.NaN,
    lastLoss: losses[losses.length - 1] ?? Number.NaN,
    fell: lossFell(losses),
    imagesPerSecond: seconds > 0 ? (steps * batchSize) / seconds : 0,
    seconds,
  };
}
