/**
 * The Learner: fastai's training loop on tfjs. `fit` runs epochs of training batches and a validation
 * pass, firing the ordered events of `events.ts`; everything else — schedules, recording, the LR
 * finder, cancel, divergence — is a callback, so `fitOneCycle`, `fineTune` and `lrFind` are `fit`
 * plus one callback, as in fastai. A StepRunner computes each step (on this thread by default, or
 * data-parallel over worker threads); every tensor of a step is disposed before the next.
 */
import * as tf from '@tensorflow/tfjs';
import { batchTensors, normalizeBatch } from '../data/batchLoader';
import type { OptimizerName } from '../../../shared/training';
import { createOptimizer } from '../optim/createOptimizer';
import type { Optimizer } from '../optim/optimizer';
import { optimizerChoice } from '../optim/optimizerChoice';
import type { OptimizerKind } from '../optim/optimizerState';
import { layerParamGroups, type ParamGroup } from '../optim/paramGroups';
import { makeRng, type Rng } from '../random';
import { Recorder } from '../recorder/recorder';
import { constantGroupSchedule, oneCycleGroupSchedule, stepPosition } from '../schedule/groupSchedule';
import type { GroupSchedule, OneCycleSettings } from '../schedule/groupSchedule';
import type { LrSpec } from '../schedule/lrRange';
import type { TaskKind } from '../tasks/taskKind';
import { CancelBatch, CancelEpoch, CancelFit, learnerEvents, type LearnerEvent } from './events';
import { localStepRunner, type StepRunner } from './stepRunner';
import type { Callback, FitOutcome, LearnerData, LearnerModel } from './types';

export interface LearnerOptions {
  model: LearnerModel;
  data: LearnerData;
  task: TaskKind;
  /**
   * fastai's default is Adam with decoupled weight decay: our AdamW. `sgd` and `rmsprop` run without
   * momentum; `sgd-momentum` follows the schedule's momentum.
   */
  optimizer?: OptimizerName | OptimizerKind;
  wd?: number;
  seed?: number;
  callbacks?: Callback[];
  /** Cancels the fit within one batch. */
  signal?: AbortSignal;
  /**
   * Computes each step's forward, backward and optimizer step; default: on this thread. The runner
   * belongs to the caller (dispose it after the Learner).
   */
  stepRunner?: StepRunner;
}

/** Where a fit starts: for resuming (`startEpoch`) and for fits that continue a longer plan. */
export interface FitOptions {
  /** First epoch of this fit to run (earlier ones are taken as done: schedule and data order match). */
  startEpoch?: number;
  /** Epochs of the whole run before this fit (fine-tune's unfrozen fit follows its frozen one). */
  epochOffset?: number;
}

/** The augmentation generator of one epoch: a pure function of (seed, epoch), like the data order. */
export function epochRng(seed: number, epoch: number): Rng {
  return makeRng((Math.imul(seed >>> 0, 0x27d4eb2d) ^ Math.imul(epoch + 1, 0x165667b1) ^ 0x5bd1e995) >>> 0);
}

export interface ValidationResult {
  loss: number;
  metrics: Record<string, number>;
  /** Decoded predictions per validation item, in loader order. */
  predictions: Float32Array[];
  targets: Int32Array;
  itemLosses: Float32Array;
  ids: number[];
}

export class Learner {
  readonly model: LearnerModel;
  readonly data: LearnerData;
  readonly task: TaskKind;
  /** Every batch and epoch of this learner's fits (the LR finder's sweep is not kept). */
  recorder = new Recorder();
  /** True while the LR finder sweeps: nothing is recorded as an epoch and progress shows the sweep. */
  finding = false;
  readonly optimizerKind: OptimizerKind;
  /** false for plain SGD and RMSProp: momentum stays 0 whatever the schedule says (as fastai's). */
  readonly scheduledMomentum: boolean;
  readonly wd: number;
  readonly seed: number;
  private rng: Rng;
  private readonly callbacks: Callback[] = [];
  private readonly signal: AbortSignal | undefined;
  readonly stepRunner: StepRunner;
  private optimizer: Optimizer | undefined;
  private paramGroups: ParamGroup[] = [];

  // The loop's state, read by callbacks (fastai's `learn.epoch`, `learn.iter`, `learn.loss`…).
  epoch = 0;
  nEpochs = 0;
  /** Epochs of the run before this fit's epoch 0 (so `globalEpoch` numbers a run's epochs 0…N-1). */
  epochOffset = 0;
  iter = 0;
  nIter = 0;
  /** Training batches done in this fit, and the fit's total. */
  trainIter = 0;
  totalIters = 0;
  training = false;
  /** The current batch's loss as a number (NaN before the first). */
  loss = Number.NaN;
  schedule: GroupSchedule | undefined;
  lastValidation: ValidationResult | undefined;
  outcome: FitOutcome = { status: 'completed' };
  /** True when this fit started after its first epoch (resumed): the recorder keeps its smoothing. */
  resumed = false;

  constructor(options: LearnerOptions) {
    this.model = options.model;
    this.data = options.data;
    this.task = options.task;
    const choice = optimizerChoice(options.optimizer ?? 'adamw');
    this.optimizerKind = choice.kind;
    this.scheduledMomentum = choice.scheduledMomentum;
    this.wd = options.wd ?? 0.01;
    this.seed = options.seed ?? 42;
    this.rng = epochRng(this.seed, 0);
    this.signal = options.signal;
    this.stepRunner = options.stepRunner ?? localStepRunner;
    for (const cb of options.callbacks ?? []) this.addCallback(cb);
  }

  addCallback(cb: Callback): void {
    this.callbacks.push(cb);
    this.callbacks.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }

  removeCallback(cb: Callback): void {
    const i = this.callbacks.indexOf(cb);
    if (i >= 0) this.callbacks.splice(i, 1);
  }

  /** The epoch's number in the whole run (data order and augmentation are drawn from it). */
  get globalEpoch(): number {
    return this.epochOffset + this.epoch;
  }

  get layerGroupCount(): number {
    return this.model.groupVariables().length;
  }

  /** The optimizer, created on first use with one no-decay and one decay group per layer group. */
  get opt(): Optimizer {
    if (!this.optimizer) {
      this.paramGroups = layerParamGroups(this.model.groupVariables(), { lr: 1e-3, wd: this.wd });
      this.optimizer = createOptimizer(this.optimizerKind, this.paramGroups);
    }
    return this.optimizer;
  }

  /** Sets the learning rate of each layer group (and one momentum) on the optimizer. */
  setHyper(lrs: readonly number[], mom: number): void {
    const opt = this.opt;
    const momentum = this.scheduledMomentum ? mom : 0;
    this.paramGroups.forEach((group, k) => {
      const lr = lrs[group.layer ?? 0] ?? lrs[lrs.length - 1]!;
      opt.setHyper(k, { lr, mom: momentum });
    });
  }

  /** Current learning rate per layer group (from the optimizer). */
  currentLrs(): number[] {
    const opt = this.opt;
    const lrs: number[] = new Array<number>(this.layerGroupCount).fill(Number.NaN);
    this.paramGroups.forEach((group, k) => (lrs[group.layer ?? 0] = opt.hyper(k).lr));
    return lrs;
  }

  currentMom(): number {
    return this.opt.hyper(0).mom;
  }

  /**
   * Trains `nEpochs` epochs with a schedule (constant 1e-3 when none is given). With `startEpoch`, the
   * earlier epochs count as done (a resumed run): the schedule continues at the same position.
   */
  async fit(nEpochs: number, schedule?: GroupSchedule, options: FitOptions = {}): Promise<FitOutcome> {
    const startEpoch = options.startEpoch ?? 0;
    if (!(Number.isInteger(startEpoch) && startEpoch >= 0 && startEpoch <= nEpochs)) {
      throw new RangeError(`fit: startEpoch must be a whole number from 0 to ${nEpochs}, got ${startEpoch}`);
    }
    this.schedule = schedule ?? constantGroupSchedule(1e-3, 0.9, this.layerGroupCount);
    this.nEpochs = nEpochs;
    this.epochOffset = options.epochOffset ?? 0;
    this.epoch = startEpoch;
    this.nIter = this.data.train.batchesPerEpoch();
    this.totalIters = nEpochs * this.nIter;
    this.trainIter = startEpoch * this.nIter;
    this.resumed = startEpoch > 0;
    this.outcome = { status: 'completed' };
    const schedulerCb = paramScheduler();
    const recorderCb = recorderCallback();
    const guard = divergenceGuard(this.signal);
    for (const cb of [schedulerCb, recorderCb, guard]) this.addCallback(cb);
    try {
      await this.event('beforeFit');
      await this.stepRunner.beforeFit?.(this);
      for (let epoch = startEpoch; epoch < nEpochs; epoch++) {
        this.epoch = epoch;
        try {
          await this.event('beforeEpoch');
          await this.trainEpoch();
          await this.validateEpoch();
        } catch (err) {
          if (!(err instanceof CancelEpoch)) throw err;
        }
        await this.event('afterEpoch');
      }
    } catch (err) {
      if (!(err instanceof CancelFit)) throw err;
      if (this.outcome.status === 'completed') this.outcome = { status: 'cancelled', reason: err.message };
    } finally {
      await this.event('afterFit').catch(() => undefined);
      for (const cb of [schedulerCb, recorderCb, guard]) this.removeCallback(cb);
    }
    return this.outcome;
  }

  /** fastai's fit_one_cycle. */
  fitOneCycle(
    nEpochs: number,
    lrMax: LrSpec,
    settings: Omit<OneCycleSettings, 'lrMax'> = {},
    options: FitOptions = {},
  ): Promise<FitOutcome> {
    return this.fit(nEpochs, oneCycleGroupSchedule({ ...settings, lrMax }, this.layerGroupCount), options);
  }

  freeze(): void {
    this.model.freeze?.();
  }

  unfreeze(): void {
    this.model.unfreeze?.();
  }

  /** One pass over the validation data: mean loss, metrics, and per-item predictions and losses. */
  async validate(): Promise<ValidationResult> {
    const { size, stats } = this.data;
    let lossSum = 0;
    let count = 0;
    const predictions: Float32Array[] = [];
    const targets: number[] = [];
    const itemLosses: number[] = [];
    const ids: number[] = [];
    for await (const batch of this.data.valid.epoch(0)) {
      const [lossSumT, probs, perItem] = tf.tidy(() => {
        const { x01, y } = batchTensors(batch, size);
        const out = this.model.model.apply(normalizeBatch(x01, stats), { training: false }) as tf.Tensor;
        const items = this.task.itemLosses(out, y);
        return [tf.sum(items), this.task.decode(out), items] as const;
      });
      const [sum, flat, lossesArr] = await Promise.all([lossSumT.data(), probs.data(), perItem.data()]);
      const nClasses = probs.shape[1] ?? 1;
      tf.dispose([lossSumT, probs, perItem]);
      lossSum += sum[0]!;
      count += batch.count;
      for (let k = 0; k < batch.count; k++) {
        predictions.push(Float32Array.from(flat.subarray(k * nClasses, (k + 1) * nClasses)));
        targets.push(batch.labels[k]!);
        itemLosses.push(lossesArr[k]!);
        ids.push(batch.ids[k]!);
      }
    }
    const targetArray = Int32Array.from(targets);
    return {
      loss: count > 0 ? lossSum / count : Number.NaN,
      metrics: count > 0 ? this.task.metrics(predictions, targetArray) : {},
      predictions,
      targets: targetArray,
      itemLosses: Float32Array.from(itemLosses),
      ids,
    };
  }

  /** Frees the optimizer state (the model belongs to the caller). */
  dispose(): void {
    this.optimizer?.dispose();
    this.optimizer = undefined;
  }

  /** Replaces the optimizer with a fresh one (after the LR finder, as fastai reloads its state). */
  resetOptimizer(): void {
    this.dispose();
  }

  async event(name: LearnerEvent): Promise<void> {
    for (const cb of [...this.callbacks]) {
      const handler = cb[name];
      if (handler) await handler(this);
    }
  }

  private async trainEpoch(): Promise<void> {
    this.training = true;
    await this.event('beforeTrain');
    this.rng = epochRng(this.seed, this.globalEpoch);
    let b = 0;
    for await (const batch of this.data.train.epoch(this.globalEpoch)) {
      this.iter = b++;
      try {
        await this.event('beforeBatch');
        const augParams = this.data.sampleAugmentation?.(this.rng, batch.count);
        const step = await this.stepRunner.step(this, batch, augParams);
        try {
          this.loss = step.loss;
          await this.event('afterPred');
          await this.event('afterLoss');
          await this.event('afterBackward');
          await step.apply();
          await this.event('afterStep');
        } finally {
          step.release();
        }
        this.trainIter += 1;
      } catch (err) {
        if (!(err instanceof CancelBatch)) throw err;
      }
      await this.event('afterBatch');
    }
    this.training = false;
    await this.event('afterTrain');
  }

  private async validateEpoch(): Promise<void> {
    await this.event('beforeValidate');
    this.lastValidation = this.data.valid.itemCount > 0 ? await this.validate() : undefined;
    await this.event('afterValidate');
  }
}

/** Sets each layer group's learning rate and the momentum before every batch, from the fit's schedule. */
function paramScheduler(): Callback {
  return {
    name: 'paramScheduler',
    order: -10,
    beforeBatch: (learn) => {
      const schedule = learn.schedule;
      if (!schedule) return;
      const pos = stepPosition(learn.trainIter, learn.totalIters);
      learn.setHyper(schedule.lrs(pos), schedule.mom(pos));
    },
  };
}

/** Records every batch (raw and smoothed loss, LRs, momentum) and every epoch (losses, metrics, time). */
function recorderCallback(): Callback {
  let started = 0;
  return {
    name: 'recorder',
    order: 10,
    beforeFit: (learn) => {
      if (!learn.resumed) learn.recorder.resetSmoothing();
    },
    beforeEpoch: () => {
      started = performance.now();
    },
    afterStep: (learn) => {
      if (learn.finding) return;
      learn.recorder.recordBatch({
        epoch: learn.globalEpoch,
        lrs: learn.currentLrs(),
        mom: learn.currentMom(),
        rawLoss: learn.loss,
      });
    },
    afterEpoch: (learn) => {
      if (learn.finding) return;
      const valid = learn.lastValidation;
      learn.recorder.recordEpoch({
        epoch: learn.globalEpoch,
        validLoss: valid ? valid.loss : null,
        metrics: valid?.metrics ?? {},
        seconds: (performance.now() - started) / 1000,
      });
    },
  };
}

/**
 * Stops the fit when the user cancels (checked before every batch) or when the loss is not finite:
 * the step that would apply it is skipped, so the weights from before the bad batch are kept.
 */
function divergenceGuard(signal: AbortSignal | undefined): Callback {
  return {
    name: 'divergenceGuard',
    order: -20,
    beforeBatch: (learn) => {
      if (signal?.aborted) {
        learn.outcome = { status: 'cancelled', reason: 'Stopped by the user.' };
        throw new CancelFit('Stopped by the user.');
      }
    },
    afterLoss: (learn) => {
      if (Number.isFinite(learn.loss)) return;
      const lr = Math.max(...learn.currentLrs());
      const reason =
        `The loss became ${learn.loss} at epoch ${learn.globalEpoch + 1}, batch ${learn.iter + 1}, with learning rate ` +
        `${lr.toPrecision(3)}: training stopped and the weights from before that batch are kept. ` +
        `Try a learning rate about 10× lower (the LR finder's valley suggestion).`;
      learn.outcome = { status: 'diverged', reason };
      throw new CancelFit(reason);
    },
  };
}

export { learnerEvents };
