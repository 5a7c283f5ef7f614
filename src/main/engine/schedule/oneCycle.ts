/**
 * The one-cycle policy (fastai's `fit_one_cycle`): learning rate warms up along a cosine from lrMax/div to
 * lrMax over the first `pctStart` of training, then anneals along a cosine to lrMax/divFinal; momentum does
 * the opposite (high → low → high), so the optimizer takes big steps with little inertia and vice versa.
 */
import type { Schedule } from './annealers';
import { combinedCos } from './combinedCos';
import { badSetting, requireFraction, requirePositive } from './scheduleErrors';

/** Momentum at the start, at the peak learning rate, and at the end of the cycle. */
export type Moms = readonly [number, number, number];

/** fastai v2 defaults (DESIGN.md §3). */
export const oneCycleDefaults = {
  div: 25,
  divFinal: 1e5,
  pctStart: 0.25,
  moms: [0.95, 0.85, 0.95] as Moms,
} as const;

export interface OneCycleOptions {
  lrMax: number;
  div?: number;
  divFinal?: number;
  pctStart?: number;
  moms?: Moms;
}

export interface OneCycleSchedule {
  /** Learning rate at a position in [0, 1] of the whole fit. */
  lr: Schedule;
  /** Momentum (Adam's beta1) at a position in [0, 1] of the whole fit. */
  mom: Schedule;
}

/** One-cycle for a single learning rate; see `groupSchedule` for one schedule per parameter group. */
export function oneCycleSchedule(options: OneCycleOptions): OneCycleSchedule {
  const {
    lrMax,
    div = oneCycleDefaults.div,
    divFinal = oneCycleDefaults.divFinal,
    pctStart = oneCycleDefaults.pctStart,
    moms = oneCycleDefaults.moms,
  } = options;
  requirePositive('lrMax', lrMax);
  requirePositive('div', div);
  requirePositive('divFinal', divFinal);
  requireFraction('pctStart', pctStart);
  checkMoms(moms);
  return {
    lr: combinedCos(pctStart, lrMax / div, lrMax, lrMax / divFinal),
    mom: combinedCos(pctStart, moms[0], moms[1], moms[2]),
  };
}

export function checkMoms(moms: readonly number[]): void {
  if (moms.length !== 3 || moms.some((m) => !(m >= 0 && m < 1))) {
    throw badSetting('moms', `[${moms.join(', ')}]`, 'three momentums, each ≥ 0 and < 1');
  }
}

export function checkMom(mom: number | undefined): void {
  if (mom !== undefined && !(mom >= 0 && mom < 1)) throw badSetting('mom', mom, 'a momentum ≥ 0 and < 1');
}
