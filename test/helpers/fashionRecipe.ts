/**
 * The Fashion-MNIST accuracy recipe shared by the accuracy test and the accuracy benchmark: the
 * committed fixture (test/fixtures/fashion-mnist, made by scripts/make-fashion-fixture.mjs) read
 * through the real training-image cache (grayscale PNG → RGB), a seeded model, the Learner with
 * AdamW and fit_one_cycle, and fastai's augmentation without the perspective warp (so the PyTorch
 * peer can apply the very same kinds: flip, rotate, zoom, brightness, contrast).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultAugConfig, type AugConfig } from '../../src/main/engine/augment/augConfig';
import { augmentBatch } from '../../src/main/engine/augment/augmentBatch';
import { sampleAugParams } from '../../src/main/engine/augment/augParams';
import { BatchLoader } from '../../src/main/engine/data/batchLoader';
import type { TrainingItem } from '../../src/main/engine/data/datasetSpec';
import { measureStats, type ChannelStats } from '../../src/main/engine/data/normalize';
import { ensureTrainingImage } from '../../src/main/data/images/trainingImages';
import { learnerModel } from '../../src/main/engine/jobs/learnerModel';
import { Learner } from '../../src/main/engine/learner/learner';
import type { LearnerData } from '../../src/main/engine/learner/types';
import { createModel } from '../../src/main/engine/models/createModel';
import type { ArchName } from '../../src/main/engine/models/types';
import { singleLabelTask } from '../../src/main/engine/tasks/singleLabel';

/** The fixture folder, found upwards from this module (which benchmarks run bundled in .cache/bench). */
function findFixture(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'test', 'fixtures', 'fashion-mnist');
    if (existsSync(join(candidate, 'train'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('test/fixtures/fashion-mnist not found above ' + import.meta.url);
    dir = parent;
  }
}

export const fashionDir = findFixture();

export type FashionSplit = 'train' | 'valid' | 'test';

export interface FashionData {
  /** Folder names, sorted (as the importer orders classes). */
  classes: string[];
  train: TrainingItem[];
  valid: TrainingItem[];
  /** Labelled by its class folders here; a project import leaves test/ unlabelled, as fastai does. */
  test: TrainingItem[];
}

/** The fixture's items per split, in path order, keyed by content hash (as the project cache is). */
export function fashionData(dir = fashionDir): FashionData {
  const classes = readdirSync(join(dir, 'train')).sort();
  let id = 0;
  const split = (name: FashionSplit): TrainingItem[] =>
    classes.flatMap((cls, label) =>
      readdirSync(join(dir, name, cls))
        .filter((f) => f.endsWith('.png'))
        .sort()
        .map((f) => {
          const file = join(dir, name, cls, f);
          const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
          return { id: id++, file, hash, label };
        }),
    );
  return { classes, train: split('train'), valid: split('valid'), test: split('test') };
}

export interface FashionRecipe {
  arch: ArchName;
  size: number;
  epochs: number;
  lrMax: number;
  batchSize: number;
  seed: number;
  wd: number;
  /** Augmentation for training batches; undefined trains on the plain images. */
  aug: AugConfig | undefined;
  /** Model width (simple-cnn's first channels); undefined takes the architecture's default. */
  width?: number;
}

/** fastai's aug_transforms defaults without the perspective warp (the PyTorch peer has no warp). */
export const fashionAug: AugConfig = { ...defaultAugConfig, maxWarp: 0 };

export const fashionRecipe: FashionRecipe = {
  arch: 'simple-cnn',
  size: 28,
  epochs: 8,
  lrMax: 1e-2,
  batchSize: 64,
  seed: 1,
  wd: 0.01,
  aug: fashionAug,
};

/** RGB bytes of every item at `size` from the training-image cache, concatenated. */
export async function fashionPixels(
  items: readonly TrainingItem[],
  size: number,
  cacheDir: string,
): Promise<Uint8Array> {
  const frame = size * size * 3;
  const out = new Uint8Array(items.length * frame);
  const images = await Promise.all(
    items.map((item) => ensureTrainingImage(cacheDir, item.hash, item.file, size)),
  );
  images.forEach((image, k) => out.set(image, k * frame));
  return out;
}

export interface FashionRun {
  /** Per epoch: train loss, valid loss and accuracy, seconds. */
  epochs: { epoch: number; trainLoss: number; validLoss: number | null; accuracy: number; seconds: number }[];
  validAccuracy: number;
  testAccuracy: number;
  stats: ChannelStats;
  /** Training images per second over the whole fit (validation passes included). */
  imagesPerSecond: number;
  seconds: number;
}

/**
 * Trains `recipe` on the fixture through the Learner, as the train job does, and scores the test
 * split. `cacheDir` holds the training-size images (a temp folder; decoded once per size).
 */
export async function trainFashion(
  recipe: FashionRecipe,
  cacheDir: string,
  data: FashionData = fashionData(),
): Promise<FashionRun> {
  const { size, batchSize, seed } = recipe;
  const stats = measureStats(
    await Promise.all(data.train.map((i) => ensureTrainingImage(cacheDir, i.hash, i.file, size))),
  );
  const loader = (items: TrainingItem[], shuffle: boolean) =>
    new BatchLoader({ items, cacheDir, size, batchSize, shuffle, seed });
  const aug = recipe.aug;
  const learnerData: LearnerData = {
    train: loader(data.train, true),
    valid: loader(data.valid, false),
    size,
    stats,
    ...(aug
      ? {
          sampleAugmentation: (rng, n) => sampleAugParams(rng, aug, n),
          augment: (x01, p) => augmentBatch(x01, p, { padding: aug.padding }),
        }
      : {}),
  };
  const model = await createModel(recipe.arch, {
    inputSize: size,
    nClasses: data.classes.length,
    seed,
    ...(recipe.width !== undefined ? { width: recipe.width } : {}),
  });
  const started = performance.now();
  const learn = new Learner({
    model: learnerModel(model),
    data: learnerData,
    task: singleLabelTask(),
    optimizer: 'adamw',
    wd: recipe.wd,
    seed,
  });
  try {
    const outcome = await learn.fitOneCycle(recipe.epochs, recipe.lrMax);
    if (outcome.status !== 'completed')
      throw new Error(`the fit did not complete: ${JSON.stringify(outcome)}`);
    const seconds = (performance.now() - started) / 1000;
    const scorer = new Learner({
      model: learnerModel(model),
      data: { ...learnerData, valid: loader(data.test, false) },
      task: singleLabelTask(),
    });
    const test = await scorer.validate();
    scorer.dispose();
    const epochs = learn.recorder.epochs.map((e) => ({
      epoch: e.epoch,
      trainLoss: e.trainLoss,
      validLoss: e.validLoss,
      accuracy: e.metrics['accuracy'] ?? Number.NaN,
      seconds: e.seconds,
    }));
    return {
      epochs,
      validAccuracy: epochs.at(-1)?.accuracy ?? Number.NaN,
      testAccuracy: test.metrics['accuracy'] ?? Number.NaN,
      stats,
      imagesPerSecond: (data.train.length * recipe.epochs) / seconds,
      seconds,
    };
  } finally {
    learn.dispose();
    model.dispose();
  }
}
