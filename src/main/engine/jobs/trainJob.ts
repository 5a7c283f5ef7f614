/**
 * The `train` and `lr-find` jobs, run in the trainer process: build the model, the batch loaders
 * over the project's training-size cache, the Learner with augmentation, then fit (one-cycle or
 * fine-tune, with the LR finder first when the rate is 'auto'), reporting every epoch and at most
 * ten batches a second, and save the trained model in the project.
 */
import { dirname, join } from 'node:path';
import type { LrFindParams, TrainParams } from '../../../shared/contract';
import { DeskfitError } from '../../../shared/errors';
import { JobCancelled, type JobContext } from '../../jobs/types';
import { defaultAugConfig } from '../augment/augConfig';
import { augmentBatch } from '../augment/augmentBatch';
import { sampleAugParams } from '../augment/augParams';
import { initBackend } from '../backend';
import { BatchLoader } from '../data/batchLoader';
import { classBalance, type DatasetSpec } from '../data/datasetSpec';
import { imagenetStats, measureStats } from '../data/normalize';
import { ensureTrainingImage } from '../../data/images/trainingImages';
import { Learner } from '../learner/learner';
import { fineTune, lrFind, type LrFindResult } from '../learner/recipes';
import type { Callback, FitOutcome, LearnerData } from '../learner/types';
import { createModel } from '../models/createModel';
import type { DeskfitModel } from '../models/types';
import { singleLabelTask } from '../tasks/singleLabel';
import { learnerModel } from './learnerModel';
import { manifestVersion, writeModelManifest } from './modelManifest';
import { saveModel } from './saveModel';

type ModelParams = Pick<TrainParams, 'arch' | 'size' | 'batchSize' | 'seed' | 'width' | 'pretrained'>;

/** Batches at most every 100 ms, every epoch always (the UI's charts read these). */
export function progressCallback(ctx: JobContext, minIntervalMs = 100): Callback {
  let last = 0;
  return {
    name: 'progress',
    order: 20,
    afterBatch: (learn) => {
      if (learn.finding) return;
      const now = performance.now();
      const lastBatch = learn.iter === learn.nIter - 1;
      if (now - last < minIntervalMs && !lastBatch) return;
      last = now;
      const lrs = learn.currentLrs();
      ctx.progress({
        step: learn.trainIter,
        total: learn.totalIters,
        message: 'batch',
        metrics: {
          epoch: learn.epoch,
          loss: learn.loss,
          smoothLoss: learn.recorder.smoothLoss,
          lr: lrs[lrs.length - 1] ?? Number.NaN,
          mom: learn.currentMom(),
        },
      });
    },
    afterEpoch: (learn) => {
      if (learn.finding) return;
      const row = learn.recorder.epochs.at(-1);
      if (!row || row.epoch !== learn.epoch) return;
      ctx.progress({
        step: learn.trainIter,
        total: learn.totalIters,
        message: 'epoch',
        metrics: {
          epoch: row.epoch,
          train_loss: row.trainLoss,
          ...(row.validLoss !== null ? { valid_loss: row.validLoss } : {}),
          ...row.metrics,
          seconds: row.seconds,
        },
      });
    },
  };
}

async function buildLearner(
  params: ModelParams,
  dataset: DatasetSpec,
  ctx: JobContext,
  augment: boolean,
  wd = 0.01,
) {
  const report = await initBackend();
  const model = await createModel(params.arch, {
    inputSize: params.size,
    nClasses: dataset.classes.length,
    seed: params.seed,
    ...(params.width !== undefined ? { width: params.width } : {}),
    ...(params.pretrained !== undefined ? { pretrained: params.pretrained } : {}),
  });
  const loader = (items: DatasetSpec['train'], shuffle: boolean) =>
    new BatchLoader({
      items,
      cacheDir: dataset.cacheDir,
      size: params.size,
      batchSize: params.batchSize,
      shuffle,
      seed: params.seed,
    });
  const sample = await Promise.all(
    dataset.train
      .slice(0, 64)
      .map((item) => ensureTrainingImage(dataset.cacheDir, item.hash, item.file, params.size)),
  );
  const data: LearnerData = {
    train: loader(dataset.train, true),
    valid: loader(dataset.valid, false),
    size: params.size,
    stats: model.normalization === 'imagenet' ? imagenetStats : measureStats(sample),
    ...(augment
      ? {
          sampleAugmentation: (rng, n) => sampleAugParams(rng, defaultAugConfig, n),
          augment: (x01, p) => augmentBatch(x01, p, { padding: defaultAugConfig.padding }),
        }
      : {}),
  };
  const learn = new Learner({
    model: learnerModel(model),
    data,
    task: singleLabelTask(),
    wd,
    seed: params.seed,
    signal: ctx.signal,
    callbacks: [progressCallback(ctx)],
  });
  return { report, model, learn, data };
}

function lrFindProgress(ctx: JobContext, numIt: number): Callback {
  return {
    name: 'lrFindProgress',
    order: 30,
    afterBatch: (learn) => {
      if (!learn.finding) return;
      ctx.progress({
        step: Math.min(learn.trainIter, numIt),
        total: numIt,
        message: 'lr-find',
        metrics: { lr: learn.currentLrs().at(-1) ?? Number.NaN, loss: learn.loss },
      });
    },
  };
}

function checkCancelled(ctx: JobContext, outcome?: FitOutcome): void {
  if (ctx.signal.aborted || (outcome?.status === 'cancelled' && outcome.reason === 'Stopped by the user.')) {
    throw new JobCancelled();
  }
}

export interface LrFindJobResult {
  backend: string;
  suggestions: LrFindResult['suggestions'];
  lrs: number[];
  losses: number[];
}

export async function runLrFindJob(
  params: LrFindParams,
  dataset: DatasetSpec,
  ctx: JobContext,
): Promise<LrFindJobResult> {
  const { report, model, learn } = await buildLearner(params, dataset, ctx, true);
  try {
    learn.addCallback(lrFindProgress(ctx, params.numIt));
    const result = await lrFind(learn, { start: params.start, end: params.end, numIt: params.numIt });
    checkCancelled(ctx);
    return {
      backend: report.backend,
      suggestions: result.suggestions,
      lrs: result.lrs,
      losses: result.losses,
    };
  } finally {
    learn.dispose();
    model.dispose();
  }
}

export interface TrainJobResult {
  backend: string;
  arch: string;
  lr: number;
  outcome: FitOutcome;
  epochs: {
    epoch: number;
    train_loss: number;
    valid_loss: number | null;
    accuracy?: number;
    error_rate?: number;
    seconds: number;
  }[];
  classes: string[];
  balance: ReturnType<typeof classBalance>;
  model: string;
  seconds: number;
}

export async function runTrainJob(
  params: TrainParams,
  dataset: DatasetSpec,
  ctx: JobContext,
): Promise<TrainJobResult> {
  const started = performance.now();
  const { report, model, learn, data } = await buildLearner(params, dataset, ctx, params.augment, params.wd);
  try {
    let lr = typeof params.lr === 'number' ? params.lr : Number.NaN;
    if (params.lr === 'auto') {
      const finder = lrFindProgress(ctx, 100);
      learn.addCallback(finder);
      const found = await lrFind(learn);
      learn.removeCallback(finder);
      checkCancelled(ctx);
      lr = found.suggestions.valley ?? 1e-3;
    }
    const outcome = params.fineTune
      ? await fineTune(learn, { epochs: params.epochs, baseLr: lr, freezeEpochs: params.freezeEpochs })
      : await learn.fitOneCycle(params.epochs, lr);
    checkCancelled(ctx, outcome);
    if (outcome.status === 'diverged' && learn.recorder.epochs.length === 0) {
      throw new DeskfitError('DIVERGED', outcome.reason);
    }
    const dir = join(dirname(dataset.cacheDir), 'models', new Date().toISOString().replace(/[:.]/g, '-'));
    await saveModel(model.model, dir);
    const last = learn.recorder.epochs.at(-1);
    await writeModelManifest(dir, {
      deskfit: manifestVersion,
      task: 'single-label',
      classes: dataset.classes,
      inputSize: params.size,
      normalization: data.stats,
      arch: params.arch,
      backend: report.backend,
      createdAt: new Date().toISOString(),
      training: {
        epochs: learn.recorder.epochs.length,
        lr,
        outcome: outcome.status,
        validLoss: last?.validLoss ?? null,
        metrics: { ...(last?.metrics ?? {}) },
      },
    });
    return {
      backend: report.backend,
      arch: params.arch,
      lr,
      outcome,
      epochs: learn.recorder.epochs.map((e) => ({
        epoch: e.epoch,
        train_loss: e.trainLoss,
        valid_loss: e.validLoss,
        ...e.metrics,
        seconds: e.seconds,
      })),
      classes: dataset.classes,
      balance: classBalance(dataset),
      model: dir,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    learn.dispose();
    model.dispose();
  }
}

export type { DeskfitModel };
