/**
 * The whole schedule of a planned run, step by step, so the UI can draw learning rate (one line per
 * parameter group) and momentum before training starts. Evaluates exactly the schedules the Learner uses.
 */
import { fineTunePlan, type FineTuneOptions } from './fineTunePlan';
import {
  constantGroupSchedule,
  oneCycleGroupSchedule,
  stepPosition,
  type GroupSchedule,
  type OneCycleSettings,
} from './groupSchedule';
import { lrFindSchedule } from './lrFindSchedule';
import type { LrSpec } from './lrRange';
import { checkMom } from './oneCycle';
import { badSetting, requireCount } from './scheduleErrors';

/** Adam's beta1 default (fastai `Adam(mom=0.9)`): the momentum when no schedule sets one. */
export const DEFAULT_OPTIMIZER_MOM = 0.9;

export type ScheduleConfig =
  | ({ kind: 'oneCycle' } & OneCycleSettings)
  | ({ kind: 'fineTune' } & FineTuneOptions)
  | { kind: 'constant'; lr: LrSpec; mom?: number }
  | { kind: 'lrFind'; start?: number; end?: number; numIt?: number; mom?: number };

export interface SchedulePreview {
  steps: number;
  /** `lrs[group][step]`: one series per parameter group, earliest layers first. */
  lrs: number[][];
  moms: number[];
}

/**
 * Learning rates and momentum for each of `totalSteps` batches. For `fineTune`, the steps are split between
 * the two phases in proportion to their epochs (exact when totalSteps = (freezeEpochs + epochs) × batches
 * per epoch); each phase restarts its one-cycle at position 0. For `lrFind`, step i uses the sweep's
 * iteration i (pass totalSteps = numIt).
 */
export function schedulePreview(
  config: ScheduleConfig,
  totalSteps: number,
  nGroups: number,
): SchedulePreview {
  requireCount('totalSteps', totalSteps, 0);
  requireCount('nGroups', nGroups, 1);
  const preview: SchedulePreview = {
    steps: totalSteps,
    lrs: Array.from({ length: nGroups }, () => []),
    moms: [],
  };
  const push = (lrs: number[], mom: number): void => {
    lrs.forEach((lr, g) => preview.lrs[g]?.push(lr));
    preview.moms.push(mom);
  };
  const run = (schedule: GroupSchedule, steps: number): void => {
    for (let i = 0; i < steps; i++) {
      const pos = stepPosition(i, steps);
      push(schedule.lrs(pos), schedule.mom(pos));
    }
  };

  switch (config.kind) {
    case 'oneCycle':
      run(oneCycleGroupSchedule(config, nGroups), totalSteps);
      break;
    case 'constant':
      run(constantGroupSchedule(config.lr, config.mom ?? DEFAULT_OPTIMIZER_MOM, nGroups), totalSteps);
      break;
    case 'fineTune': {
      const plan = fineTunePlan(config);
      const epochs = plan.frozen.epochs + plan.unfrozen.epochs;
      if (epochs === 0 && totalSteps > 0) throw badSetting('epochs', 0, 'at least one epoch to preview');
      const frozenSteps = epochs === 0 ? 0 : Math.round((totalSteps * plan.frozen.epochs) / epochs);
      run(oneCycleGroupSchedule(plan.frozen, nGroups), frozenSteps);
      run(oneCycleGroupSchedule(plan.unfrozen, nGroups), totalSteps - frozenSteps);
      break;
    }
    case 'lrFind': {
      const sweep = lrFindSchedule(config.start, config.end, config.numIt);
      checkMom(config.mom);
      const mom = config.mom ?? DEFAULT_OPTIMIZER_MOM;
      for (let i = 0; i < totalSteps; i++) {
        const lr = sweep.lrAt(i);
        push(
          Array.from({ length: nGroups }, () => lr),
          mom,
        );
      }
      break;
    }
  }
  return preview;
}
