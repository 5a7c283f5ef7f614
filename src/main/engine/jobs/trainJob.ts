/**
 * The `train` and `lr-find` jobs, run in the trainer process: build the model, the batch loaders
 * over the project's training-size cache, the Learner with the run's augmentation and optimizer,
 * then run the training plan (one-cycle or fine-tune, with the LR finder first when the rate is
 * 'auto'), reporting every epoch and at most ten batches a second. A train job is a run: `run.json`
 * and a checkpoint are rewritten after every epoch, the best epoch's weights are saved as the run's
 * model, and a stopped or crashed run resumes from its checkpoint with the same schedule.
 */
import { createHash } from 'node:crypto';
import type { BackendName, LrFindParams, TrainParams } from '../../../shared/contract';
import { TrainParamsSchema } from '../../../shared/contract';
import { DeskfitError } from '../../../shared/errors';
import { defaultAugSettings, type AugSettings, type RunRecord } from '../../../shared/training';
import { ensureTrainingImage } from '../../data/images/trainingImages';
import { requireField, type JobData } from '../../jobs/jobData';
import { JobCancelled, type JobContext } from '../../jobs/types';
import { runCheckpointDir, runModelDir } from '../../runs/runLayout';
import { readRunRecord, writeRunRecord } from '../../runs/runStore';
import { augmentBatch } from '../augment/augmentBatch';
import { sampleAugParams } from '../augment/augParams';
import { augConfigFromSettings } from '../augment/fromSettings';
import { initBackend } from '../backend';
import { readCheckpoint, removeCheckpoints, type CheckpointData } from '../checkpoint/checkpointFiles';
import { restoreCheckpoint } from '../checkpoint/learnerCheckpoint';
import { BestEpochKeeper } from '../learner/bestEpoch';
import { Learner } from '../learner/learner';
import { lrFind, runPlan, type LrFindResult } from '../learner/recipes';
import type { StepRunner } from '../learner/stepRunner';
import type { Callback, FitOutcome, LearnerData, LearnerModel } from '../learner/types';
import { modelVariables } from '../checkpoint/modelWeights';
import { classBalance, type DatasetSpec } from '../data/datasetSpec';
import { BatchLoader } from '../data/batchLoader';
import { imagenetStats, measureStats, type ChannelStats } from '../data/normalize';
import { createModel, customBody } from '../models/createModel';
import { DataParallelRunner } from '../parallel/dataParallelRunner';
import { MeasuredStepRunner } from '../parallel/measuredRunner';
import { parallelChoice, trainerWorkerEntry } from '../parallel/parallelChoice';
import type { ReplicaSpec } from '../parallel/replicaSpec';
import { checkBatchFits } from '../models/memoryEstimate';
import type { DeskfitModel } from '../models/types';
import { optimizerChoice } from '../optim/optimizerChoice';
import { planEpochs, trainingPlan } from '../schedule/trainingPlan';
import { singleLabelTask } from '../tasks/singleLabel';
import { learnerModel } from './learnerModel';
import { manifestVersion, writeModelManifest } from './modelManifest';
import { RunKeeper } from './runKeeper';
import { saveModel } from './saveModel';

type ModelParams = Pick<
  TrainParams,
  'arch' | 'size' | 'batchSize' | 'seed' | 'width' | 'pretrained' | 'body'
>;

/**
 * The data-parallel step runner when DESKFIT_TRAIN_WORKERS asks for one and it can run here (see
 * parallelChoice); undefined trains on this thread. A runner that cannot start is reported on the
 * trainer's log and the job trains on this thread.
 */
async function startStepRunner(
  backend: BackendName,
  model: LearnerModel,
  spec: Omit<ReplicaSpec, 'backend'>,
): Promise<StepRunner | undefined> {
  const choice = parallelChoice(backend);
  if (choice.replicas < 2 || (backend !== 'wasm' && backend !== 'cpu')) return undefined;
  const workerEntry = trainerWorkerEntry();
  if (!workerEntry) {
    console.warn('deskfit trainer: trainerWorker.js is not built; training on one thread');
    return undefined;
  }
  try {
    const runner = await DataParallelRunner.start(model, {
      spec: { ...spec, backend },
      replicas: choice.replicas,
      workerEntry,
    });
    console.info(`deskfit trainer: ${choice.reason}`);
    if (!choice.measure) return runner;
    return new MeasuredStepRunner(runner, {
      onChoice: (c) =>
        console.info(
          `deskfit trainer: a step takes ${c.localMs.toFixed(0)} ms on one thread, ${c.parallelMs.toFixed(0)} ms ` +
            `data-parallel: training ${c.parallel ? `data-parallel (${runner.description})` : 'on one thread'}`,
        ),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.warn(
      `deskfit trainer: data-parallel training could not start (${message}); training on one thread`,
    );
    return undefined;
  }
}

/**
 * Batches at most every 100 ms, every epoch always (the UI's charts read these). Steps count across
 * the whole run (fine-tune's two fits) when `plannedEpochs` is given.
 */
export function progressCallback(ctx: JobContext, plannedEpochs?: number, minIntervalMs = 100): Callback {
  let last = 0;
  const position = (learn: Learner) =>
    plannedEpochs === undefined
      ? { step: learn.trainIter, total: learn.totalIters }
      : {
          step: learn.epochOffset * learn.nIter + learn.trainIter,
          total: plannedEpochs * learn.nIter,
        };
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
        ...position(learn),
        message: 'batch',
        metrics: {
          epoch: learn.globalEpoch,
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
      if (!row || row.epoch !== learn.globalEpoch) return;
      ctx.progress({
        ...position(learn),
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

interface LearnerSetup {
  augmentation: AugSettings | null;
  optimizer?: TrainParams['optimizer'];
  wd?: number;
  labelSmoothing?: number;
  /** Normalisation to use (a resumed run keeps its own); measured or ImageNet's otherwise. */
  stats?: ChannelStats;
}

/** A user's TF.js Layers model as the body; a path that is not one is a clear error naming it. */
async function loadCustomBody(
  path: string,
  options: Parameters<typeof customBody>[1],
): Promise<DeskfitModel> {
  try {
    return await customBody(path, options);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new DeskfitError(
      'BAD_REQUEST',
      `Could not use ${path} as a model body: ${why}. Point at a TF.js Layers model (its model.json or folder).`,
    );
  }
}

/** The engine model as the Learner sees it, dropout generators included (checkpoints save them). */
function asLearnerModel(model: DeskfitModel): LearnerModel {
  return {
    ...learnerModel(model),
    getRandomState: () => model.getRandomState(),
    setRandomState: (state) => model.setRandomState(state),
  };
}

async function buildLearner(params: ModelParams, dataset: DatasetSpec, ctx: JobContext, setup: LearnerSetup) {
  const report = await initBackend();
  const model =
    params.body !== undefined
      ? await loadCustomBody(params.body, {
          inputSize: params.size,
          nClasses: dataset.classes.length,
          seed: params.seed,
          ...(params.pretrained !== undefined ? { pretrained: params.pretrained } : {}),
        })
      : await createModel(params.arch, {
          inputSize: params.size,
          nClasses: dataset.classes.length,
          seed: params.seed,
          ...(params.width !== undefined ? { width: params.width } : {}),
          ...(params.pretrained !== undefined ? { pretrained: params.pretrained } : {}),
        });
  let stepRunner: StepRunner | undefined;
  try {
    checkBatchFits(model.model, { ...params, backend: report.backend });
    const loader = (items: DatasetSpec['train'], shuffle: boolean) =>
      new BatchLoader({
        items,
        cacheDir: dataset.cacheDir,
        size: params.size,
        batchSize: params.batchSize,
        shuffle,
        seed: params.seed,
      });
    let stats = setup.stats;
    if (!stats) {
      const sample =
        model.normalization === 'imagenet'
          ? []
          : await Promise.all(
              dataset.train
                .slice(0, 64)
                .map((item) => ensureTrainingImage(dataset.cacheDir, item.hash, item.file, params.size)),
            );
      stats = model.normalization === 'imagenet' ? imagenetStats : measureStats(sample);
    }
    const aug = setup.augmentation ? augConfigFromSettings(setup.augmentation) : undefined;
    const data: LearnerData = {
      train: loader(dataset.train, true),
      valid: loader(dataset.valid, false),
      size: params.size,
      stats,
      ...(aug
        ? {
            sampleAugmentation: (rng, n) => sampleAugParams(rng, aug, n),
            augment: (x01, p) => augmentBatch(x01, p, { padding: aug.padding }),
          }
        : {}),
    };
    const engineModel = asLearnerModel(model);
    const optimizer = optimizerChoice(setup.optimizer ?? 'adamw').kind;
    const wd = setup.wd ?? 0.01;
    // Replicas rebuild the model from its architecture; a custom body trains on this thread.
    stepRunner =
      params.body !== undefined
        ? undefined
        : await startStepRunner(report.backend, engineModel, {
            model: {
              kind: 'arch',
              arch: params.arch,
              options: {
                inputSize: params.size,
                nClasses: dataset.classes.length,
                seed: params.seed,
                ...(params.width !== undefined ? { width: params.width } : {}),
                ...(params.pretrained !== undefined ? { pretrained: params.pretrained } : {}),
              },
            },
            task: { kind: 'single-label', labelSmoothing: setup.labelSmoothing ?? 0 },
            size: params.size,
            stats,
            augment: aug ? { padding: aug.padding } : null,
            optimizer,
            wd,
          });
    const learn = new Learner({
      model: engineModel,
      data,
      task: singleLabelTask({ labelSmoothing: setup.labelSmoothing ?? 0 }),
      ...(setup.optimizer !== undefined ? { optimizer: setup.optimizer } : {}),
      wd,
      seed: params.seed,
      signal: ctx.signal,
      ...(stepRunner ? { stepRunner } : {}),
    });
    return { report, model, learn, data, stepRunner };
  } catch (err) {
    await stepRunner?.dispose?.();
    model.dispose();
    throw err;
  }
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

export interface LrFindJobResult {
  backend: string;
  suggestions: LrFindResult['suggestions'];
  lrs: number[];
  losses: number[];
}

export async function runLrFindJob(
  params: LrFindParams,
  data: JobData,
  ctx: JobContext,
): Promise<LrFindJobResult> {
  const dataset = requireField('lr-find', data, 'dataset');
  const { report, model, learn, stepRunner } = await buildLearner(params, dataset, ctx, {
    augmentation: data.augmentation ?? null,
  });
  try {
    learn.addCallback(lrFindProgress(ctx, params.numIt));
    const result = await lrFind(learn, { start: params.start, end: params.end, numIt: params.numIt });
    if (ctx.signal.aborted) throw new JobCancelled();
    return {
      backend: report.backend,
      suggestions: result.suggestions,
      lrs: result.lrs,
      losses: result.losses,
    };
  } finally {
    await stepRunner?.dispose?.();
    learn.dispose();
    model.dispose();
  }
}

export interface TrainEpochRow {
  epoch: number;
  train_loss: number;
  valid_loss: number | null;
  accuracy?: number;
  error_rate?: number;
  seconds: number;
}

export interface TrainJobResult {
  backend: string;
  arch: string;
  lr: number;
  outcome: FitOutcome;
  epochs: TrainEpochRow[];
  classes: string[];
  balance: ReturnType<typeof classBalance>;
  /** The run's saved model folder (best epoch's weights). */
  model: string;
  run: string;
  bestEpoch: number | null;
  bestMetric: { name: string; value: number } | null;
  seconds: number;
}

/** Identifies the data a run trained on: items, their content and labels, and the split. */
export function datasetFingerprint(dataset: DatasetSpec): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(dataset.classes));
  for (const [split, items] of [
    ['train', dataset.train],
    ['valid', dataset.valid],
  ] as const) {
    hash.update(split);
    for (const item of items) hash.update(`${item.id}:${item.hash}:${item.label};`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** The params a resumed run continues with: its own, as it ran, plus where it is resumed from. */
function resumedParams(checkpoint: CheckpointData, runId: string): TrainParams {
  const parsed = TrainParamsSchema.safeParse({ ...checkpoint.meta.params, resumeRunId: runId });
  if (!parsed.success) {
    throw new DeskfitError(
      'INTERNAL',
      `Run ${runId}'s checkpoint holds settings this version cannot read (${parsed.error.issues[0]?.message}). Start a new run.`,
    );
  }
  return parsed.data;
}

function checkSameData(checkpoint: CheckpointData, dataset: DatasetSpec, runId: string): void {
  const saved = checkpoint.meta;
  if (JSON.stringify(saved.classes) !== JSON.stringify(dataset.classes)) {
    throw new DeskfitError(
      'CONFLICT',
      `Run ${runId} cannot be resumed: it trained on classes ${saved.classes.join(', ')}; the project now has ${dataset.classes.join(', ')}. Start a new run.`,
    );
  }
  if (saved.data.fingerprint !== datasetFingerprint(dataset)) {
    throw new DeskfitError(
      'CONFLICT',
      `Run ${runId} cannot be resumed: its data changed since it stopped (${saved.data.train} train / ${saved.data.valid} valid images then, ${dataset.train.length} / ${dataset.valid.length} now, or labels or splits changed). Start a new run.`,
    );
  }
}

const describeBest = (best: { epoch: number; metric: { name: string; value: number } }): string =>
  `epoch ${best.epoch} (${best.metric.name} ${best.metric.value.toFixed(4)})`;

export async function runTrainJob(
  requested: TrainParams,
  data: JobData,
  ctx: JobContext,
): Promise<TrainJobResult> {
  const started = performance.now();
  const dataset = requireField('train', data, 'dataset');
  const projectDir = requireField('train', data, 'projectDir');
  const runId = requireField('train', data, 'runId');
  const runDir = requireField('train', data, 'runDir');
  const checkpointDir = runCheckpointDir(runDir);

  const checkpoint = requested.resumeRunId !== undefined ? await readCheckpoint(checkpointDir) : undefined;
  if (checkpoint) checkSameData(checkpoint, dataset, runId);
  const params = checkpoint ? resumedParams(checkpoint, runId) : requested;
  const augmentation = checkpoint
    ? checkpoint.meta.augmentation
    : params.augment
      ? (data.augmentation ?? params.augmentation ?? defaultAugSettings)
      : null;

  const {
    report,
    model,
    learn,
    data: learnerData,
    stepRunner,
  } = await buildLearner(params, dataset, ctx, {
    augmentation,
    optimizer: params.optimizer,
    wd: params.wd,
    labelSmoothing: params.labelSmoothing,
    ...(checkpoint ? { stats: checkpoint.meta.stats } : {}),
  });
  const best = new BestEpochKeeper(() => modelVariables(model.model));
  const { resumeRunId: _resume, ...paramsAsRun } = params;
  let record: RunRecord = {
    id: runId,
    status: 'running',
    startedAt: Date.now(),
    params: paramsAsRun,
    augmentation,
    backend: report.backend,
    lr: checkpoint ? checkpoint.meta.lr : typeof params.lr === 'number' ? params.lr : null,
    classes: dataset.classes,
    balance: classBalance(dataset),
    epochs: [],
    batches: [],
    bestEpoch: null,
    bestMetric: null,
    modelDir: null,
    checkpointEpoch: checkpoint ? checkpoint.meta.epoch : null,
    seconds: 0,
    imagesPerSecond: null,
  };
  if (checkpoint) {
    const previous = await readRunRecord(projectDir, runId).catch(() => undefined);
    if (previous) {
      const { reason: _reason, endedAt: _ended, ...kept } = previous;
      record = { ...kept, ...record, startedAt: previous.startedAt, modelDir: previous.modelDir };
    }
  }
  let keeper: RunKeeper | undefined;
  try {
    let lr = record.lr ?? Number.NaN;
    if (checkpoint) restoreCheckpoint(learn, best, checkpoint);
    else {
      // The run shows up as 'running' at once, before the LR finder.
      await writeRunRecord(projectDir, record);
      if (params.lr === 'auto') {
        const finder = lrFindProgress(ctx, 100);
        learn.addCallback(finder);
        const found = await lrFind(learn);
        learn.removeCallback(finder);
        lr = found.suggestions.valley ?? 1e-3;
      }
    }
    const plan = trainingPlan({
      epochs: params.epochs,
      lr,
      fineTune: params.fineTune,
      freezeEpochs: params.freezeEpochs,
      lrMult: params.lrMult,
      oneCycle: params.oneCycle,
    });
    const plannedEpochs = planEpochs(plan);
    keeper = new RunKeeper({
      projectDir,
      checkpointDir,
      record: { ...record, lr },
      learn,
      best,
      plan,
      facts: {
        runId,
        plannedEpochs,
        seed: params.seed,
        params: paramsAsRun,
        lr,
        augmentation,
        stats: learnerData.stats,
        classes: dataset.classes,
        data: {
          train: dataset.train.length,
          valid: dataset.valid.length,
          fingerprint: datasetFingerprint(dataset),
        },
      },
      ...(checkpoint
        ? {
            before: {
              seconds: checkpoint.meta.seconds,
              trainSeconds: checkpoint.meta.trainSeconds,
              imagesSeen: checkpoint.meta.imagesSeen,
            },
          }
        : {}),
    });
    if (ctx.signal.aborted) {
      await keeper.finish('cancelled', { reason: 'Stopped by the user before training started.' });
      throw new JobCancelled();
    }
    await keeper.update();
    for (const cb of [best.callback, keeper.callback, progressCallback(ctx, plannedEpochs)]) {
      learn.addCallback(cb);
    }
    const outcome = await runPlan(learn, plan, checkpoint ? checkpoint.meta.epoch + 1 : 0);
    return await finishRun({ keeper, outcome, plannedEpochs, lr });
  } catch (err) {
    if (err instanceof JobCancelled || (err instanceof DeskfitError && err.code === 'DIVERGED')) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // A resume that fails before training leaves the stopped run's record as it was.
    if (keeper) await keeper.finish('failed', { reason: message }).catch(() => undefined);
    else if (!checkpoint) {
      await writeRunRecord(projectDir, {
        ...record,
        status: 'failed',
        reason: message,
        endedAt: Date.now(),
      }).catch(() => undefined);
    }
    throw err;
  } finally {
    await stepRunner?.dispose?.();
    learn.dispose();
    model.dispose();
  }

  async function finishRun(end: {
    keeper: RunKeeper;
    outcome: FitOutcome;
    plannedEpochs: number;
    lr: number;
  }): Promise<TrainJobResult> {
    const { keeper: run, outcome, plannedEpochs, lr } = end;
    const epochs = learn.recorder.epochs;
    const last = epochs.at(-1);
    const cancelled = outcome.status === 'cancelled';
    if (!last || !best.best) {
      if (cancelled) {
        await run.finish('cancelled', {
          reason: 'Stopped by the user before the first epoch ended; no model was saved.',
        });
        throw new JobCancelled();
      }
      const reason =
        outcome.status === 'diverged' ? outcome.reason : 'Training ended before any epoch finished.';
      await run.finish(outcome.status === 'diverged' ? 'diverged' : 'failed', { reason });
      throw new DeskfitError('DIVERGED', reason);
    }
    best.restoreBest();
    const bestRow = epochs.find((e) => e.epoch === best.best!.epoch) ?? last;
    const modelDir = runModelDir(runDir);
    await saveModel(model.model, modelDir);
    await writeModelManifest(modelDir, {
      deskfit: manifestVersion,
      task: 'single-label',
      classes: dataset.classes,
      inputSize: params.size,
      normalization: learnerData.stats,
      arch: params.body !== undefined ? 'custom' : params.arch,
      backend: report.backend,
      createdAt: new Date().toISOString(),
      training: {
        epochs: epochs.length,
        lr,
        outcome: cancelled ? 'cancelled' : outcome.status,
        validLoss: bestRow.validLoss,
        metrics: { ...bestRow.metrics },
      },
    });
    const saved = `The model from ${describeBest(best.best)} was saved`;
    let finalOutcome: FitOutcome = outcome;
    if (cancelled) {
      const reason = `Stopped by the user after ${last.epoch + 1} of ${plannedEpochs} epochs. ${saved}; resume the run to finish it.`;
      finalOutcome = { status: 'cancelled', reason };
      await run.finish('cancelled', { reason, modelDir });
    } else if (outcome.status === 'diverged') {
      const reason = `${outcome.reason} ${saved}.`;
      finalOutcome = { status: 'diverged', reason };
      await run.finish('diverged', { reason, modelDir });
    } else {
      await removeCheckpoints(checkpointDir);
      await run.finish('completed', { modelDir, checkpointEpoch: null });
    }
    return {
      backend: report.backend,
      arch: params.body !== undefined ? 'custom' : params.arch,
      lr,
      outcome: finalOutcome,
      epochs: epochs.map((e) => ({
        epoch: e.epoch,
        train_loss: e.trainLoss,
        valid_loss: e.validLoss,
        ...e.metrics,
        seconds: e.seconds,
      })),
      classes: dataset.classes,
      balance: classBalance(dataset),
      model: modelDir,
      run: runId,
      bestEpoch: best.best.epoch,
      bestMetric: best.best.metric,
      seconds: (performance.now() - started) / 1000,
    };
  }
}

export type { DeskfitModel };
