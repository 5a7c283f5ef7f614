// Benchmark: one augmented batch (64 images of 64×64×3, fastai's default transforms, reflection
// padding) on the live backend, next to tfjs's stock `tf.image.transform` resample of the same batch
// (which deskfit cannot use: wrong on cpu after the first image, and its reflection differs).
import * as tf from '@tensorflow/tfjs';
import { defaultAugConfig } from '../../src/main/engine/augment/augConfig';
import { augmentBatch } from '../../src/main/engine/augment/augmentBatch';
import { augmentationMatrix, sampleAugParams } from '../../src/main/engine/augment/augParams';
import { toPixelMatrix } from '../../src/main/engine/augment/matrices';
import { initBackend } from '../../src/main/engine/backend';
import { makeRng } from '../../src/main/engine/random';

const [n, size] = [64, 64];
const report = await initBackend();
const rng = makeRng(1);
const x = tf.tensor4d(
  Float32Array.from({ length: n * size * size * 3 }, () => rng.next()),
  [n, size, size, 3],
);

async function medianMs(run: () => tf.Tensor, repeats = 15): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const start = performance.now();
    const y = run();
    await y.data();
    times.push(performance.now() - start);
    y.dispose();
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  return +warm[Math.floor(warm.length / 2)]!.toFixed(1);
}

const ours = await medianMs(() =>
  augmentBatch(x, sampleAugParams(rng, defaultAugConfig, n), { padding: 'reflection' }),
);
const stock = await medianMs(() => {
  const params = sampleAugParams(rng, defaultAugConfig, n);
  const rows = params.map((p) => toPixelMatrix(augmentationMatrix(p, size, size), size, size).slice(0, 8));
  return tf.tidy(() => tf.image.transform(x, tf.tensor2d(rows), 'bilinear', 'reflect'));
});
x.dispose();
console.log(
  JSON.stringify({
    benchmark: 'augment-batch',
    backend: report.backend,
    batch: [n, size, size, 3],
    augmentBatchMs: ours,
    imagesPerSecond: Math.round((n * 1000) / ours),
    peer: { stockImageTransformMs: stock },
  }),
);
