// Benchmark: one conv layer's forward + backward (what a training step costs) on wasm with deskfit's
// gradient kernels, against the cpu backend (the only stock way to train a convnet without a native
// build) measured in the same run. Prints one JSON object.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import { ensureWasmBackend } from '../../src/main/engine/wasmBackend';
import { runSelftest } from '../../src/main/engine/selftest';

interface Case {
  batch: number;
  size: number;
  inC: number;
  outC: number;
  stride: 1 | 2;
}
const cases: Case[] = [
  { batch: 16, size: 32, inC: 16, outC: 32, stride: 1 },
  { batch: 16, size: 32, inC: 32, outC: 64, stride: 2 },
];

async function msPerStep(backend: string, c: Case, repeats: number): Promise<number> {
  await tf.setBackend(backend);
  await tf.ready();
  const x = tf.randomNormal([c.batch, c.size, c.size, c.inC], 0, 1, 'float32', 1);
  const w = tf.randomNormal([3, 3, c.inC, c.outC], 0, 0.1, 'float32', 2);
  const step = () =>
    tf.tidy(() => {
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, 'same')
          .square()
          .mean(),
      )([x, w]);
      dx!.dataSync();
      dw!.dataSync();
    });
  step();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) step();
  const ms = (performance.now() - start) / repeats;
  x.dispose();
  w.dispose();
  return ms;
}

async function selftestImagesPerSecond(backend: string): Promise<number> {
  await tf.setBackend(backend);
  const controller = new AbortController();
  const params = { steps: 10, batchSize: 16, imageSize: 16, seed: 1 };
  const result = await runSelftest(params, { signal: controller.signal, progress: () => {} });
  return result.imagesPerSecond;
}

const { patchedKernels } = await ensureWasmBackend();
const rows = [];
for (const c of cases) {
  const wasm = await msPerStep('wasm', c, 5);
  const cpu = await msPerStep('cpu', c, 1);
  rows.push({
    ...c,
    wasmMs: +wasm.toFixed(1),
    cpuMs: +cpu.toFixed(1),
    speedupOverCpu: +(cpu / wasm).toFixed(1),
  });
}
const selftest = {
  wasmImagesPerSecond: Math.round(await selftestImagesPerSecond('wasm')),
  cpuImagesPerSecond: Math.round(await selftestImagesPerSecond('cpu')),
};
console.log(JSON.stringify({ benchmark: 'conv-gradients', patchedKernels, convStep: rows, selftest }));
