/**
 * What the optimizer needs before each batch: one learning rate per parameter group and one momentum,
 * for the batch's position in the fit. fastai's ParamScheduler sets them from `train_iter / total_iters`,
 * so the first batch sees position 0 and the last one position (n-1)/n.
 */
import { checkMom, oneCycleDefaults, oneCycleSchedule, type Moms } from './oneCycle';
import { lrRange, type LrSpec } from './lrRange';
import { requireCount } from './scheduleErrors';

export interface GroupSchedule {
  /** One learning rate per parameter group at a position in [0, 1] of the fit. */
  lrs(pos: number): number[];
  /** The momentum at a position in [0, 1] of the fit (shared by all groups, as in fastai). */
  mom(pos: number): number;
}

/** The one-cycle settings of one `fitOneCycle` call; `lrMax` may be a slice for discriminative rates. */
export interface OneCycleSettings {
  lrMax: LrSpec;
  div?: number;
  divFinal?: number;
  pctStart?: number;
  moms?: Moms;
}

/** Position of batch `step` (0-based) in a fit of `totalSteps` batches, as fastai's `pct_train`. */
export function stepPosition(step: number, totalSteps: number): number {
  return totalSteps > 0 ? step / totalSteps : 0;
}

/** One one-cycle schedule per parameter group, each peaking at that group's share of `lrMax`. */
export function oneCycleGroupSchedule(settings: OneCycleSettings, nGroups: number): GroupSchedule {
  requireCount('nGroups', nGroups, 1);
  const perGroup = lrRange(settings.lrMax, nGroups).map((lrMax) =>
    oneCycleSchedule({
      lrMax,
      div: settings.div ?? oneCycleDefaults.div,
      divFinal: settings.divFinal ?? oneCycleDefaults.divFinal,
      pctStart: settings.pctStart ?? oneCycleDefaults.pctStart,
      moms: settings.moms ?? oneCycleDefaults.moms,
    }),
  );
  const first = perGroup[0];
  if (first === undefined) throw new Error('oneCycleGroupSchedule: no groups');
  return { lrs: (pos) => perGroup.map((s) => s.lr(pos)), mom: (pos) => first.mom(pos) };
}

/** A constant rate per group and a constant momentum (plain `fit`). */
export function constantGroupSchedule(lr: LrSpec, mom: number, nGroups: number): GroupSchedule {
  checkMom(mom);
  const lrs = lrRange(lr, nGroups);
  return { lrs: () => [...lrs], mom: () => mom };
}
