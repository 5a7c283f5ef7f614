/**
 * fastai's `fine_tune` recipe as data: one frozen one-cycle (head only, pctStart 0.99), then the base rate
 * halves and an unfrozen one-cycle runs with `slice(baseLr/lrMult, baseLr)` over the parameter groups.
 * The Learner runs the two phases; the UI previews them; both read this one plan.
 */
import { oneCycleDefaults, checkMoms, type Moms } from './oneCycle';
import { lrSlice, type LrSlice } from './lrRange';
import { requireCount, requireFraction, requirePositive } from './scheduleErrors';

export const fineTuneDefaults = {
  baseLr: 2e-3,
  freezeEpochs: 1,
  lrMult: 100,
  pctStart: 0.3,
  div: 5,
  /** fastai hard-codes the frozen phase's warm-up share. */
  frozenPctStart: 0.99,
} as const;

export interface FineTuneOptions {
  epochs: number;
  baseLr?: number;
  freezeEpochs?: number;
  lrMult?: number;
  pctStart?: number;
  div?: number;
  /** Passed to both phases, as fastai's `**kwargs` are. */
  divFinal?: number;
  /** Passed to both phases, as fastai's `**kwargs` are. */
  moms?: Moms;
}

/** The settings of one `fitOneCycle` call. */
export interface OneCyclePhase {
  /** Whether the body is frozen (only the head and BatchNorm train) during this phase. */
  frozen: boolean;
  /** May be 0 (fastai then fits nothing for that phase). */
  epochs: number;
  lrMax: LrSlice;
  div: number;
  divFinal: number;
  pctStart: number;
  moms: Moms;
}

export interface FineTunePlan {
  frozen: OneCyclePhase;
  unfrozen: OneCyclePhase;
}

export function fineTunePlan(options: FineTuneOptions): FineTunePlan {
  const {
    epochs,
    baseLr = fineTuneDefaults.baseLr,
    freezeEpochs = fineTuneDefaults.freezeEpochs,
    lrMult = fineTuneDefaults.lrMult,
    pctStart = fineTuneDefaults.pctStart,
    div = fineTuneDefaults.div,
    divFinal = oneCycleDefaults.divFinal,
    moms = oneCycleDefaults.moms,
  } = options;
  requireCount('epochs', epochs, 0);
  requireCount('freezeEpochs', freezeEpochs, 0);
  requirePositive('baseLr', baseLr);
  requirePositive('lrMult', lrMult);
  requireFraction('pctStart', pctStart);
  requirePositive('div', div);
  requirePositive('divFinal', divFinal);
  checkMoms(moms);
  const unfrozenLr = baseLr / 2;
  return {
    frozen: {
      frozen: true,
      epochs: freezeEpochs,
      lrMax: lrSlice(baseLr),
      div: oneCycleDefaults.div,
      divFinal,
      pctStart: fineTuneDefaults.frozenPctStart,
      moms,
    },
    unfrozen: {
      frozen: false,
      epochs,
      lrMax: lrSlice(unfrozenLr / lrMult, unfrozenLr),
      div,
      divFinal,
      pctStart,
      moms,
    },
  };
}
