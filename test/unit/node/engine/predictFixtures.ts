// A tiny trained classifier for the predict / interpret / export tests: three colour-and-stripe
// classes from the shared fixtures, a narrow simple-cnn at 16 px trained a few epochs through the
// Learner (no augmentation), saved as the trainer saves it (model.json + weights.bin + deskfit.json).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { initBackend } from '../../../../src/main/engine/backend';
import { BatchLoader } from '../../../../src/main/engine/data/batchLoader';
import type { DatasetSpec, TrainingItem } from '../../../../src/main/engine/data/datasetSpec';
import { measureStats, type ChannelStats } from '../../../../src/main/engine/data/normalize';
import { learnerModel } from '../../../../src/main/engine/jobs/learnerModel';
import { manifestVersion, writeModelManifest } from '../../../../src/main/engine/jobs/modelManifest';
import { saveModel } from '../../../../src/main/engine/jobs/saveModel';
import { Learner } from '../../../../src/main/engine/learner/learner';
import { createModel } from '../../../../src/main/engine/models/createModel';
import type { DeskfitModel } from '../../../../src/main/engine/models/types';
import { singleLabelTask } from '../../../../src/main/engine/tasks/singleLabel';
import { ensureTrainingImage } from '../../../../src/main/data/images/trainingImages';
import type { JobContext } from '../../../../src/main/jobs/types';
import type { StepProgress } from '../../../../src/main/jobs/types';
import { makeFolderPerClass, type FixtureDataset } from '../../../helpers/fixtures';

export const inputSize = 16;
export const classes = ['red', 'green', 'blue'];

export interface TrainedFixture {
  images: FixtureDataset;
  dataset: DatasetSpec;
  model: DeskfitModel;
  stats: ChannelStats;
  modelDir: string;
  validAccuracy: number;
}

export function hashOf(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Images in `work/images/<class>/…`, every fourth one in valid; a model trained and saved in `work/model`. */
export async function trainTinyModel(
  work: string,
  options: { epochs?: number } = {},
): Promise<TrainedFixture> {
  await initBackend();
  const images = await makeFolderPerClass(join(work, 'images'), {
    classes,
    perClass: 8,
    size: 32,
    format: 'png',
  });
  const items: (TrainingItem & { valid: boolean })[] = images.files.map((f, i) => ({
    id: 100 + i,
    file: join(images.root, f.path),
    hash: hashOf(f.path),
    label: classes.indexOf(f.labels[0]!),
    valid: i % 4 === 0,
  }));
  const strip = ({ valid: _valid, ...item }: TrainingItem & { valid: boolean }): TrainingItem => item;
  const dataset: DatasetSpec = {
    classes,
    train: items.filter((i) => !i.valid).map(strip),
    valid: items.filter((i) => i.valid).map(strip),
    cacheDir: join(work, 'cache'),
  };
  const sample = await Promise.all(
    dataset.train.map((i) => ensureTrainingImage(dataset.cacheDir, i.hash, i.file, inputSize)),
  );
  const stats = measureStats(sample);
  const model = await createModel('simple-cnn', { inputSize, nClasses: classes.length, width: 4, seed: 7 });
  const loader = (list: TrainingItem[], shuffle: boolean) =>
    new BatchLoader({
      items: list,
      cacheDir: dataset.cacheDir,
      size: inputSize,
      batchSize: 8,
      shuffle,
      seed: 3,
    });
  const learn = new Learner({
    model: learnerModel(model),
    data: { train: loader(dataset.train, true), valid: loader(dataset.valid, false), size: inputSize, stats },
    task: singleLabelTask(),
    seed: 5,
  });
  await learn.fitOneCycle(options.epochs ?? 6, 3e-2);
  const last = learn.recorder.epochs.at(-1);
  learn.dispose();
  const modelDir = join(work, 'model');
  await saveModel(model.model, modelDir);
  await writeModelManifest(modelDir, {
    deskfit: manifestVersion,
    task: 'single-label',
    classes,
    inputSize,
    normalization: stats,
    arch: 'simple-cnn',
    backend: 'test',
    createdAt: new Date(0).toISOString(),
    training: {
      epochs: learn.recorder.epochs.length,
      lr: 3e-2,
      outcome: 'completed',
      validLoss: last?.validLoss ?? null,
      metrics: { ...(last?.metrics ?? {}) },
    },
  });
  return { images, dataset, model, stats, modelDir, validAccuracy: last?.metrics.accuracy ?? 0 };
}

/** A JobContext that records progress and can be cancelled. */
export function testContext(): JobContext & { updates: StepProgress[]; controller: AbortController } {
  const controller = new AbortController();
  const updates: StepProgress[] = [];
  return { updates, controller, signal: controller.signal, progress: (u) => void updates.push(u) };
}
