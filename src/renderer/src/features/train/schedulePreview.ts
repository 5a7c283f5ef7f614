/**
 * The learning rate of each layer group and the momentum over a planned run, computed before anything
 * trains, with fastai's one-cycle formulas: a cosine warm-up from lrMax/div to lrMax over the first
 * pctStart of the fit, then a cosine down to lrMax/divFinal; momentum goes the other way (high → low →
 * high). Discriminative rates spread geometrically from lr/lrMult (earliest layers) to lr (head), as
 * `slice(lo, hi)` does; fine-tune is a frozen one-cycle (head only, pctStart 0.99) then an unfrozen one
 * at half the base rate. The renderer may not import the engine, so these few formulas live here too;
 * the unit tests pin them to hand-computed fastai values.
 */
import type { OneCycle, OptimizerName } from '../../../../shared/training';

/** The engine's layer groups, earliest first (fastai's body split in two, then the head). */
export const layerGroupNames = ['early', 'late', 'head'] as const;
export type LayerGroupName = (typeof layerGroupNames)[number];

/** fastai's `fine_tune` defaults that differ from `fit_one_cycle`'s. */
export const fineTuneDefaults = { baseLr: 2e-3, lrMult: 100, pctStart: 0.3, div: 5, frozenPctStart: 0.99 };
/** fastai's `fit_one_cycle` defaults. */
export const oneCycleDefaults: OneCycle = {
  pctStart: 0.25,
  div: 25,
  divFinal: 1e5,
  moms: [0.95, 0.85, 0.95],
};
/** The optimizer's default rate, which `fit_one_cycle` uses when no rate is given. */
export const defaultLrMax = 1e-3;

/** Half a cosine from `start` to `end` (fastai's `sched_cos`). */
export function schedCos(start: number, end: number, pos: number): number {
  return start + ((1 + Math.cos(Math.PI * (1 - pos))) * (end - start)) / 2;
}

/**
 * fastai's `combined_cos(pct, start, middle, end)` at `pos` in [0, 1]: cosine start → middle over the
 * first `pct`, then middle → end. A zero-width segment is never entered.
 */
export function combinedCos(pct: number, start: number, middle: number, end: number, pos: number): number {
  const p = Math.min(1, Math.max(0, pos));
  if (pct <= 0) return schedCos(middle, end, p);
  if (pct >= 1 || p < pct) return schedCos(start, middle, pct >= 1 ? p : p / pct);
  return schedCos(middle, end, (p - pct) / (1 - pct));
}

/** `n` rates from `lo` to `hi`, evenly spaced on a log axis (fastai's `even_mults`). */
export function evenMults(lo: number, hi: number, n: number): number[] {
  if (n <= 1) return [hi];
  const step = (hi / lo) ** (1 / (n - 1));
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo * step ** i));
}

/**
 * One peak rate per layer group. `lrMult` given: `slice(hi/lrMult, hi)`; `lrMult` 1: the same rate for
 * every group; absent: fastai's `slice(hi)`, hi/10 for every group but the head.
 */
export function groupPeakLrs(
  hi: number,
  lrMult: number | undefined,
  nGroups = layerGroupNames.length,
): number[] {
  if (lrMult === undefined)
    return Array.from({ length: nGroups }, (_, i) => (i === nGroups - 1 ? hi : hi / 10));
  if (lrMult === 1) return Array.from({ length: nGroups }, () => hi);
  return evenMults(hi / lrMult, hi, nGroups);
}

export interface CyclePhase {
  /** Epochs this `fit_one_cycle` call runs (0 runs nothing). */
  epochs: number;
  /** Only the head and BatchNorm layers train (fine-tune's first phase). */
  frozen: boolean;
  /** Peak rate per layer group, earliest first. */
  peaks: number[];
  div: number;
  divFinal: number;
  pctStart: number;
  moms: readonly [number, number, number];
}

export interface ScheduleInput {
  /** The head's peak rate (fine-tune: the base rate, halved for the unfrozen phase as fastai does). */
  lr: number;
  epochs: number;
  fineTune: boolean;
  freezeEpochs: number;
  /** Body rate = head rate ÷ lrMult. Absent: 100 for fine-tune's unfrozen phase, 1 otherwise. */
  lrMult?: number | undefined;
  /** For fine-tune, pctStart and div shape the unfrozen phase; divFinal and moms shape both. */
  oneCycle: OneCycle;
  optimizer: OptimizerName;
}

/** The `fit_one_cycle` calls a run makes, in order. */
export function cyclePhases(input: ScheduleInput): CyclePhase[] {
  const { oneCycle } = input;
  if (!input.fineTune) {
    return [
      {
        epochs: input.epochs,
        frozen: false,
        peaks: groupPeakLrs(input.lr, input.lrMult ?? 1),
        div: oneCycle.div,
        divFinal: oneCycle.divFinal,
        pctStart: oneCycle.pctStart,
        moms: oneCycle.moms,
      },
    ];
  }
  const unfrozenLr = input.lr / 2;
  return [
    {
      epochs: input.freezeEpochs,
      frozen: true,
      peaks: groupPeakLrs(input.lr, undefined),
      div: oneCycleDefaults.div,
      divFinal: oneCycle.divFinal,
      pctStart: fineTuneDefaults.frozenPctStart,
      moms: oneCycle.moms,
    },
    {
      epochs: input.epochs,
      frozen: false,
      peaks: groupPeakLrs(unfrozenLr, input.lrMult ?? fineTuneDefaults.lrMult),
      div: oneCycle.div,
      divFinal: oneCycle.divFinal,
      pctStart: oneCycle.pctStart,
      moms: oneCycle.moms,
    },
  ];
}

/** Rates (per group) and momentum at position `pos` in [0, 1] of one phase. */
export function phaseValuesAt(phase: CyclePhase, pos: number): { lrs: number[]; mom: number } {
  return {
    lrs: phase.peaks.map((peak) =>
      combinedCos(phase.pctStart, peak / phase.div, peak, peak / phase.divFinal, pos),
    ),
    mom: combinedCos(phase.pctStart, phase.moms[0], phase.moms[1], phase.moms[2], pos),
  };
}

/** One chart row: `epoch` is the run's position in epochs; one rate per group; momentum or null. */
export interface SchedulePoint {
  epoch: number;
  early: number;
  late: number;
  head: number;
  mom: number | null;
}

export interface SchedulePreview {
  points: SchedulePoint[];
  phases: CyclePhase[];
  /** Epoch where each phase after the first starts (a frozen → unfrozen boundary). */
  boundaries: number[];
  totalEpochs: number;
  /** True when every group gets the same rate all along (draw one line). */
  sameForAllGroups: boolean;
  /** False for plain SGD, which has no momentum to schedule. */
  hasMomentum: boolean;
}

/**
 * Samples the run. With `batchesPerEpoch` and at most `maxPoints` steps in all, every step is a point at
 * fastai's own position (step i of n at i/n); otherwise `maxPoints` evenly spaced positions per run.
 */
export function schedulePreview(
  input: ScheduleInput,
  batchesPerEpoch?: number,
  maxPoints = 500,
): SchedulePreview {
  const phases = cyclePhases(input).filter((p) => p.epochs > 0);
  const totalEpochs = phases.reduce((sum, p) => sum + p.epochs, 0);
  const hasMomentum = input.optimizer !== 'sgd';
  const points: SchedulePoint[] = [];
  const push = (epoch: number, phase: CyclePhase, pos: number): void => {
    const { lrs, mom } = phaseValuesAt(phase, pos);
    points.push({
      epoch,
      early: lrs[0] ?? Number.NaN,
      late: lrs[1] ?? Number.NaN,
      head: lrs[2] ?? Number.NaN,
      mom: hasMomentum ? mom : null,
    });
  };

  const exact =
    batchesPerEpoch !== undefined && batchesPerEpoch >= 1 && totalEpochs * batchesPerEpoch <= maxPoints;
  let start = 0;
  const boundaries: number[] = [];
  for (const [index, phase] of phases.entries()) {
    if (index > 0) boundaries.push(start);
    if (exact) {
      const steps = phase.epochs * batchesPerEpoch;
      for (let i = 0; i < steps; i++) push(start + i / batchesPerEpoch, phase, i / steps);
    } else {
      const share = Math.max(2, Math.round((maxPoints * phase.epochs) / Math.max(1, totalEpochs)));
      for (let i = 0; i < share; i++) {
        const pos = i / (share - 1);
        push(start + pos * phase.epochs, phase, pos);
      }
    }
    start += phase.epochs;
  }
  const sameForAllGroups = phases.every((p) => p.peaks.every((v) => v === p.peaks[0]));
  return { points, phases, boundaries, totalEpochs, sameForAllGroups, hasMomentum };
}
