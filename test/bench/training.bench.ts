// Benchmark: training images/second through the real Learner (data from memory, augmentation off,
// AdamW, one-cycle) for the small CNN and ResNet-18 at 32×32 and 64×64, batch 64, on the live
// backend. Peer: the same architecture in PyTorch when /usr/bin/python3 has torch
// (`apt-get install python3-torch`); otherwise the peer says why it is missing.
import { spawnSync } from 'node:child_process';
import { initBackend } from '../../src/main/engine/backend';
import { BatchLoader } from '../../src/main/engine/data/batchLoader';
import type { TrainingItem } from '../../src/main/engine/data/datasetSpec';
import { learnerModel } from '../../src/main/engine/jobs/learnerModel';
import { Learner } from '../../src/main/engine/learner/learner';
import { createModel } from '../../src/main/engine/models/createModel';
import type { ArchName } from '../../src/main/engine/models/types';
import { makeRng } from '../../src/main/engine/random';
import { singleLabelTask } from '../../src/main/engine/tasks/singleLabel';

const batchSize = 64;
const batches = Number(process.env.DESKFIT_BENCH_BATCHES ?? 4);
const report = await initBackend();

async function imagesPerSecond(arch: ArchName, size: number): Promise<number> {
  const rng = makeRng(1);
  const items: TrainingItem[] = Array.from({ length: batchSize * (batches + 1) }, (_, i) => ({
    id: i,
    file: '',
    hash: String(i),
    label: i % 10,
  }));
  const pixels = Uint8Array.from({ length: size * size * 3 }, () => Math.floor(rng.next() * 256));
  const loader = (list: TrainingItem[]) =>
    new BatchLoader({
      items: list,
      cacheDir: '',
      size,
      batchSize,
      shuffle: false,
      seed: 1,
      loadImage: async () => pixels,
    });
  const model = await createModel(arch, { inputSize: size, nClasses: 10, seed: 1 });
  const times: number[] = [];
  let last = 0;
  const learn = new Learner({
    model: learnerModel(model),
    data: {
      train: loader(items),
      valid: loader([]),
      size,
      stats: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    },
    task: singleLabelTask(),
    callbacks: [
      {
        name: 'clock',
        beforeBatch: () => void (last = performance.now()),
        afterStep: () => void times.push(performance.now() - last),
      },
    ],
  });
  await learn.fitOneCycle(1, 1e-3);
  learn.dispose();
  model.dispose();
  const warm = times.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  return Math.round((batchSize * 1000) / median);
}

function torchPeer(): { available: false; why: string } | { available: true } {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { available: false, why: 'python3-torch is not installed here (apt-get install python3-torch)' };
  }
  return { available: true };
}

const rows = [];
for (const [arch, size] of [
  ['simple-cnn', 32],
  ['simple-cnn', 64],
  ['resnet18', 32],
  ['resnet18', 64],
] as const) {
  rows.push({ arch, size, batchSize, imagesPerSecond: await imagesPerSecond(arch, size) });
}
console.log(
  JSON.stringify({
    benchmark: 'training-throughput',
    backend: report.backend,
    rows,
    peer: { pytorch: torchPeer() },
    targets: { 'simple-cnn@32 (wasm, one thread)': 250, 'resnet18@32 (wasm)': 35 },
  }),
);
