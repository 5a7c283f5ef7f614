/**
 * A whole training run as data: the one-cycle fits it is made of, in order. `fit_one_cycle` is one
 * phase; `fine_tune` is a frozen phase then an unfrozen one. Epochs are numbered across the run
 * (0…N-1), so a checkpoint's epoch says which phase to resume and where in it, and the schedule of
 * a resumed run is the one it would have followed without the stop.
 */
import { fineTunePlan } from './fineTunePlan';
import { lrSlice, type LrSpec } from './lrRange';
import { oneCycleDefaults, type Moms } from './oneCycle';
import { requireCount, requirePositive } from './scheduleErrors';

export interface PlanPhase {
  /** true: body frozen (head and BatchNorm train); false: all layers; undefined: left as it is. */
  frozen: boolean | undefined;
  epochs: number;
  lrMax: LrSpec;
  div: number;
  divFinal: number;
  pctStart: number;
  moms: Moms;
}

export interface TrainingPlanOptions {
  epochs: number;
  /** The head's peak learning rate (fine-tune's base rate). */
  lr: number;
  fineTune: boolean;
  freezeEpochs: number;
  /**
   * Discriminative rates: the earliest layer group trains at lr / lrMult (fastai's
   * `slice(lr/lrMult, lr)`). Absent → 100 for fine-tune's unfrozen phase, 1 (one rate) otherwise.
   */
  lrMult?: number | undefined;
  oneCycle: { pctStart: number; div: number; divFinal: number; moms: Moms };
}

/** fine_tune's own warm-up share and divisor (0.3, 5) unless the one-cycle settings were changed. */
function changedFromOneCycle<K extends 'pctStart' | 'div'>(
  oneCycle: TrainingPlanOptions['oneCycle'],
  key: K,
): number | undefined {
  return oneCycle[key] !== oneCycleDefaults[key] ? oneCycle[key] : undefined;
}

export function trainingPlan(options: TrainingPlanOptions): PlanPhase[] {
  const { epochs, lr, lrMult, oneCycle } = options;
  requireCount('epochs', epochs, 1);
  requirePositive('lr', lr);
  if (lrMult !== undefined) requirePositive('lrMult', lrMult);
  if (!options.fineTune) {
    return [
      {
        frozen: undefined,
        epochs,
        lrMax: lrMult !== undefined && lrMult !== 1 ? lrSlice(lr / lrMult, lr) : lr,
        div: oneCycle.div,
        divFinal: oneCycle.divFinal,
        pctStart: oneCycle.pctStart,
        moms: oneCycle.moms,
      },
    ];
  }
  const pctStart = changedFromOneCycle(oneCycle, 'pctStart');
  const div = changedFromOneCycle(oneCycle, 'div');
  const plan = fineTunePlan({
    epochs,
    baseLr: lr,
    freezeEpochs: options.freezeEpochs,
    ...(lrMult !== undefined ? { lrMult } : {}),
    ...(pctStart !== undefined ? { pctStart } : {}),
    ...(div !== undefined ? { div } : {}),
    divFinal: oneCycle.divFinal,
    moms: oneCycle.moms,
  });
  return [plan.frozen, plan.unfrozen].filter((phase) => phase.epochs > 0);
}

export function planEpochs(plan: readonly PlanPhase[]): number {
  return plan.reduce((n, phase) => n + phase.epochs, 0);
}

/** The phase holding run epoch `globalEpoch`, and the epoch's index within that phase. */
export function locateEpoch(
  plan: readonly PlanPhase[],
  globalEpoch: number,
): { phase: number; epoch: number; offset: number } | undefined {
  let offset = 0;
  for (let phase = 0; phase < plan.length; phase++) {
    const epochs = plan[phase]!.epochs;
    if (globalEpoch >= offset && globalEpoch < offset + epochs) {
      return { phase, epoch: globalEpoch - offset, offset };
    }
    offset += epochs;
  }
  return undefined;
}
