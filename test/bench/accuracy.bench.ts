// Benchmark: test accuracy on the committed Fashion-MNIST subset (test/fixtures/fashion-mnist) for
// deskfit's recipe (test/helpers/fashionRecipe.ts: simple CNN at 28 px, AdamW, fit_one_cycle, flip +
// rotate + zoom + lighting) against the same recipe in PyTorch (test/bench/pytorch_peer.py) on the
// very same pixels (exported from deskfit's training-image cache) and epochs, over a few seeds.
// Target: the mean test accuracies within 2 points. Without torch in /usr/bin/python3 the peer is
// reported as skipped with the reason, and deskfit's figures are still printed.
// `augmentationMatch` shows the peer's augmentation applied to deskfit's sampled parameters against
// deskfit's output (max absolute difference, ~1e-6). DESKFIT_BENCH_SEEDS (default "1,2,3").
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../src/main/engine/backend';
import type { TrainingItem } from '../../src/main/engine/data/datasetSpec';
import type { ChannelStats } from '../../src/main/engine/data/normalize';
import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from '../../src/main/engine/augment/augmentBatch';
import { sampleAugParams } from '../../src/main/engine/augment/augParams';
import { makeRng } from '../../src/main/engine/random';
import {
  fashionAug,
  fashionData,
  fashionPixels,
  fashionRecipe,
  trainFashion,
} from '../helpers/fashionRecipe';
import { isSkipped, peerForPrint, pytorchPeer } from './pytorchPeer';

interface AccuracyRun {
  seed: number;
  validAccuracy: number;
  testAccuracy: number;
  seconds: number;
  imagesPerSecond: number;
}

interface PeerAccuracy {
  torch: string;
  threads: number;
  runs: AccuracyRun[];
}

const seeds = (process.env.DESKFIT_BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const report = await initBackend();
const data = fashionData();
const work = mkdtempSync(join(tmpdir(), 'deskfit-accuracy-bench-'));
const round = (v: number, digits = 4) => Number(v.toFixed(digits));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summary = (runs: AccuracyRun[]) => ({
  meanTestAccuracy: round(mean(runs.map((r) => r.testAccuracy))),
  meanValidAccuracy: round(mean(runs.map((r) => r.validAccuracy))),
  runs: runs.map((r) => ({
    seed: r.seed,
    validAccuracy: round(r.validAccuracy),
    testAccuracy: round(r.testAccuracy),
    seconds: round(r.seconds, 2),
    imagesPerSecond: Math.round(r.imagesPerSecond),
  })),
});

try {
  const cacheDir = join(work, 'cache');
  const ours: AccuracyRun[] = [];
  let stats: ChannelStats | undefined;
  for (const seed of seeds) {
    const run = await trainFashion({ ...fashionRecipe, seed }, cacheDir, data);
    stats = run.stats;
    ours.push({ seed, ...run });
  }

  // The peer reads the same RGB bytes (and normalisation statistics) the Learner trained on.
  const peerDir = join(work, 'peer');
  mkdirSync(peerDir, { recursive: true });
  const exportSplit = async (name: string, items: TrainingItem[]) => {
    const pixels = await fashionPixels(items, fashionRecipe.size, cacheDir);
    writeFileSync(join(peerDir, `${name}.u8`), pixels);
    writeFileSync(
      join(peerDir, `${name}.labels`),
      Uint8Array.from(items, (i) => i.label),
    );
    return pixels;
  };
  const trainPixels = await exportSplit('train', data.train);
  await exportSplit('valid', data.valid);
  await exportSplit('test', data.test);
  writeFileSync(
    join(peerDir, 'meta.json'),
    JSON.stringify({
      arch: fashionRecipe.arch,
      size: fashionRecipe.size,
      batchSize: fashionRecipe.batchSize,
      nClasses: data.classes.length,
      wd: fashionRecipe.wd,
      augment: fashionRecipe.aug !== undefined,
      padding: fashionRecipe.aug?.padding ?? 'reflection',
      stats,
    }),
  );
  const peer = pytorchPeer<PeerAccuracy>([
    'accuracy',
    '--data',
    peerDir,
    '--epochs',
    String(fashionRecipe.epochs),
    '--lr',
    String(fashionRecipe.lrMax),
    '--seeds',
    seeds.join(','),
  ]);

  // The peer's augmentation, checked against ours on the same images and sampled parameters.
  const n = 16;
  const frame = fashionRecipe.size * fashionRecipe.size * 3;
  const params = sampleAugParams(makeRng(7), fashionAug, n);
  const [images, augmented] = tf.tidy(() => {
    const shape: [number, number, number, number] = [n, fashionRecipe.size, fashionRecipe.size, 3];
    const x01 = tf.div(tf.tensor4d(trainPixels.subarray(0, n * frame), shape, 'float32'), 255) as tf.Tensor4D;
    return [x01, augmentBatch(x01, params, { padding: fashionAug.padding })];
  });
  const check = {
    n,
    params,
    images: Array.from(images.dataSync()),
    expected: Array.from(augmented.dataSync()),
  };
  tf.dispose([images, augmented]);
  writeFileSync(
    join(peerDir, 'augment.json'),
    JSON.stringify({ ...check, size: fashionRecipe.size, padding: fashionAug.padding }),
  );
  const augmentCheck = pytorchPeer<{ images: number; maxAbsDiff: number }>([
    'augment-check',
    '--data',
    peerDir,
  ]);

  const deskfit = summary(ours);
  const pytorch = isSkipped(peer)
    ? undefined
    : { torch: peer.torch, threads: peer.threads, ...summary(peer.runs) };
  const gap = pytorch ? deskfit.meanTestAccuracy - pytorch.meanTestAccuracy : undefined;
  console.log(
    JSON.stringify({
      benchmark: 'fashion-mnist-accuracy',
      data: {
        classes: data.classes.length,
        train: data.train.length,
        valid: data.valid.length,
        test: data.test.length,
      },
      recipe: {
        ...fashionRecipe,
        aug: fashionRecipe.aug ? 'flip, rotate, zoom, lighting (no warp)' : 'none',
      },
      deskfit: { backend: report.backend, ...deskfit },
      pytorch: pytorch ?? peerForPrint(peer),
      augmentationMatch: peerForPrint(augmentCheck),
      ...(gap !== undefined ? { gapPoints: round(gap * 100, 2), withinTarget: Math.abs(gap) <= 0.02 } : {}),
      target: 'mean test accuracy within 2 points of PyTorch',
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
