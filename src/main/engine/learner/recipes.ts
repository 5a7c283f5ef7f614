/**
 * fastai's recipes on top of `Learner.fit`: `fineTune` (frozen epochs, then unfrozen with
 * discriminative rates) and `lrFind` (an exponential sweep that stops when the loss blows up, then
 * restores the weights and gives the four suggestions).
 */
import * as tf from '@tensorflow/tfjs';
import { lrFindStop } from '../lrFind/lrFindStop';
import { suggestLrs, type LrSuggestions } from '../lrFind/suggestLrs';
import { constantGroupSchedule } from '../schedule/groupSchedule';
import { fineTunePlan, type FineTuneOptions, type OneCyclePhase } from '../schedule/fineTunePlan';
import { lrFindSchedule } from '../schedule/lrFindSchedule';
import { CancelEpoch, CancelFit } from './events';
import type { Learner } from './learner';
import type { Callback, FitOutcome } from './types';

function runPhase(learn: Learner, phase: OneCyclePhase): Promise<FitOutcome> {
  if (phase.frozen) learn.freeze();
  else learn.unfreeze();
  return learn.fitOneCycle(phase.epochs, phase.lrMax, {
    div: phase.div,
    divFinal: phase.divFinal,
    pctStart: phase.pctStart,
    moms: phase.moms,
  });
}

/** fastai's fine_tune: `freezeEpochs` frozen, then `epochs` unfrozen with `slice(lr/lrMult, lr)`. */
export async function fineTune(learn: Learner, options: FineTuneOptions): Promise<FitOutcome> {
  const plan = fineTunePlan(options);
  if (plan.frozen.epochs > 0) {
    const first = await runPhase(learn, plan.frozen);
    if (first.status !== 'completed') return first;
  }
  return runPhase(learn, plan.unfrozen);
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
  const finder: Callback = {
    name: 'lrFinder',
    order: 0,
    beforeBatch: (l) =>
      l.setHyper(new Array<number>(groups).fill(schedule.lrAt(l.trainIter)), l.currentMom()),
    afterBatch: (l) => {
      const smooth = l.recorder.smoothLoss;
      lrs.push(l.currentLrs()[groups - 1]!);
      losses.push(smooth);
      rawLosses.push(l.loss);
      if (smooth < best) best = smooth;
      if (lrs.length >= schedule.numIt || lrFindStop(smooth, best)) throw new CancelFit('lr_find finished');
    },
    beforeValidate: () => {
      throw new CancelEpoch('lr_find skips validation');
    },
  };
  learn.addCallback(finder);
  try {
    const epochs = Math.ceil(schedule.numIt / Math.max(1, learn.data.train.batchesPerEpoch()));
    await learn.fit(epochs, constantGroupSchedule(schedule.start, 0.9, groups));
  } finally {
    learn.removeCallback(finder);
    variables.forEach((v, i) => v.assign(saved[i]!));
    tf.dispose(saved);
    learn.resetOptimizer();
  }
  return { lrs, losses, rawLosses, suggestions: suggestLrs(lrs, losses, { numIt: schedule.numIt }) };
}
