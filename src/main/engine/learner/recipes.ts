/**
 * fastai's recipes on top of `Learner.fit`: `fineTune` (frozen epochs, then unfrozen with
 * discriminative rates) and `lrFind` (an exponential sweep that stops when the loss blows up, then
 * restores the weights and gives the four suggestions).
 */
import * as tf from '@tensorflow/tfjs';
import { lrFindStop } from '../lrFind/lrFindStop';
import { SmoothLoss } from '../recorder/smoothLoss';
import { suggestLrs, type LrSuggestions } from '../lrFind/suggestLrs';
import { constantGroupSchedule } from '../schedule/groupSchedule';
import { fineTunePlan, type FineTuneOptions } from '../schedule/fineTunePlan';
import { lrFindSchedule } from '../schedule/lrFindSchedule';
import { locateEpoch, type PlanPhase } from '../schedule/trainingPlan';
import { CancelEpoch, CancelFit } from './events';
import type { Learner } from './learner';
import type { Callback, FitOutcome } from './types';

/**
 * Runs a training plan's one-cycle fits in order, from run epoch `fromEpoch` on (a resumed run):
 * each phase freezes or unfreezes, then continues its schedule where that epoch falls. Stops at the
 * first fit that does not complete.
 */
export async function runPlan(
  learn: Learner,
  plan: readonly PlanPhase[],
  fromEpoch = 0,
): Promise<FitOutcome> {
  const start = locateEpoch(plan, fromEpoch);
  if (!start) return { status: 'completed' };
  let offset = start.offset;
  for (let p = start.phase; p < plan.length; p++) {
    const phase = plan[p]!;
    if (phase.frozen === true) learn.freeze();
    else if (phase.frozen === false) learn.unfreeze();
    const outcome = await learn.fitOneCycle(
      phase.epochs,
      phase.lrMax,
      { div: phase.div, divFinal: phase.divFinal, pctStart: phase.pctStart, moms: phase.moms },
      { startEpoch: p === start.phase ? start.epoch : 0, epochOffset: offset },
    );
    if (outcome.status !== 'completed') return outcome;
    offset += phase.epochs;
  }
  return { status: 'completed' };
}

/** fastai's fine_tune: `freezeEpochs` frozen, then `epochs` unfrozen with `slice(lr/lrMult, lr)`. */
export function fineTune(learn: Learner, options: FineTuneOptions): Promise<FitOutcome> {
  const plan = fineTunePlan(options);
  return runPlan(
    learn,
    [plan.frozen, plan.unfrozen].filter((phase) => phase.epochs > 0),
  );
}

export interface LrFindOptions {
  start?: number;
  end?: number;
  numIt?: number;
}

export interface LrFindResult {
  lrs: number[];
  /** Smoothed losses, as fastai plots them. */
  losses: number[];
  rawLosses: number[];
  suggestions: LrSuggestions;
}

/** Sweeps the learning rate exponentially, then puts the weights back exactly as they were. */
export async function lrFind(learn: Learner, options: LrFindOptions = {}): Promise<LrFindResult> {
  const schedule = lrFindSchedule(options.start, options.end, options.numIt);
  const variables = learn.model.groupVariables().flat();
  const saved = variables.map((v) => tf.clone(v));
  const lrs: number[] = [];
  const losses: number[] = [];
  const rawLosses: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  const groups = learn.layerGroupCount;
  const smooth = new SmoothLoss();
  const finder: Callback = {
    name: 'lrFinder',
    order: 0,
    beforeBatch: (l) =>
      l.setHyper(new Array<number>(groups).fill(schedule.lrAt(l.trainIter)), l.currentMom()),
    afterStep: (l) => {
      const smoothed = smooth.accumulate(l.loss);
      lrs.push(l.currentLrs()[groups - 1]!);
      losses.push(smoothed);
      rawLosses.push(l.loss);
      if (smoothed < best) best = smoothed;
    },
    afterBatch: () => {
      const last = losses.at(-1);
      if (lrs.length >= schedule.numIt || (last !== undefined && lrFindStop(last, best))) {
        throw new CancelFit('lr_find finished');
      }
    },
    afterLoss: (l) => {
      // A non-finite loss ends the sweep like a blow-up (the divergence guard stops the fit).
      if (!Number.isFinite(l.loss)) {
        lrs.push(l.currentLrs()[groups - 1]!);
        losses.push(Number.NaN);
        rawLosses.push(l.loss);
      }
    },
    beforeValidate: () => {
      throw new CancelEpoch('lr_find skips validation');
    },
  };
  learn.addCallback(finder);
  learn.finding = true;
  try {
    const epochs = Math.ceil(schedule.numIt / Math.max(1, learn.data.train.batchesPerEpoch()));
    await learn.fit(epochs, constantGroupSchedule(schedule.start, 0.9, groups));
  } finally {
    learn.finding = false;
    learn.removeCallback(finder);
    variables.forEach((v, i) => v.assign(saved[i]!));
    tf.dispose(saved);
    learn.resetOptimizer();
  }
  return { lrs, losses, rawLosses, suggestions: suggestLrs(lrs, losses, { numIt: schedule.numIt }) };
}
