/**
 * Reads training curves the way the fastai course teaches, and says what it sees in plain words:
 * divergence, underfitting (train loss well above valid loss), overfitting (valid loss rising while
 * train loss falls), an error rate that improved and then got worse, a run that could have gone on, and
 * an LR-finder curve that never turned up. Pure functions over plain numbers, so every rule is tested
 * on synthetic curves.
 */

export type AdviceKind =
  | 'diverged'
  | 'underfitting'
  | 'overfitting'
  | 'metric-worsening'
  | 'keep-training'
  | 'healthy'
  | 'lr-range-too-low'
  | 'lr-curve-problem'
  | 'lr-curve-ok';

export interface Advice {
  kind: AdviceKind;
  /** warn: act on it; info: worth knowing; ok: nothing to fix. */
  severity: 'warn' | 'info' | 'ok';
  title: string;
  detail: string;
}

export interface EpochLike {
  train_loss: number | null;
  valid_loss: number | null;
  metrics: Record<string, number | null>;
}

export interface TrainingCurves {
  epochs: readonly EpochLike[];
  /** Raw batch losses seen so far (a NaN or infinity means divergence). */
  batchLosses?: readonly (number | null)[];
  /** 'running' while it trains; a run status or job outcome afterwards. */
  status?: string | null;
  /** The job's error code when it failed (DIVERGED, CANCELLED…). */
  errorCode?: string | null;
  /** Epochs planned, to tell a finished run from one still going. */
  plannedEpochs?: number;
}

/** Train loss at least this many times the valid loss counts as "well above". */
export const UNDERFIT_RATIO = 1.1;
/** A valid error rate at or below this (1%) leaves nothing for more training to win. */
export const NEAR_PERFECT_ERROR = 0.01;
/** Epochs in a row of valid loss rising while train loss falls before calling it overfitting. */
export const OVERFIT_EPOCHS = 2;
/** An error rate this much above its best (absolute) counts as worse, not noise. */
export const METRIC_SLACK = 0.002;

const fmtPercent = (v: number): string => `${(100 * v).toFixed(1)}%`;
const fmt = (v: number): string => (Math.abs(v) >= 0.001 || v === 0 ? v.toPrecision(3) : v.toExponential(2));
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function errorRates(epochs: readonly EpochLike[]): (number | null)[] {
  return epochs.map((e) => {
    const err = e.metrics['error_rate'];
    if (typeof err === 'number') return err;
    const acc = e.metrics['accuracy'];
    return typeof acc === 'number' ? 1 - acc : null;
  });
}

function isBad(v: number | null | undefined): boolean {
  return typeof v === 'number' && !Number.isFinite(v);
}

export function diverged(curves: TrainingCurves): boolean {
  if (curves.errorCode === 'DIVERGED' || curves.status === 'diverged') return true;
  if (curves.epochs.some((e) => isBad(e.train_loss) || isBad(e.valid_loss))) return true;
  return (curves.batchLosses ?? []).some((v) => isBad(v));
}

/** Everything worth saying about a run's curves, most important first. */
export function adviseOnTraining(curves: TrainingCurves): Advice[] {
  if (diverged(curves)) {
    return [
      {
        kind: 'diverged',
        severity: 'warn',
        title: 'Training diverged',
        detail:
          'The loss became NaN or infinite, so the weights stopped meaning anything. Lower the learning rate ' +
          '(try the LR finder’s valley, or ten times lower than this run) and train again.',
      },
    ];
  }
  const rows = curves.epochs.filter(
    (e): e is EpochLike & { train_loss: number; valid_loss: number } =>
      typeof e.train_loss === 'number' && typeof e.valid_loss === 'number',
  );
  if (rows.length === 0) return [];
  const advice: Advice[] = [];
  const last = rows[rows.length - 1]!;
  const finished = curves.status !== 'running' && curves.status !== undefined && curves.status !== null;
  const errors = errorRates(rows);
  const lastError = errors[errors.length - 1] ?? null;
  const previousError = errors[errors.length - 2] ?? null;
  const errorImproving = lastError !== null && previousError !== null && lastError < previousError;

  // Overfitting: valid loss rose for the last few epochs while train loss kept falling.
  let rising = 0;
  for (let i = rows.length - 1; i > 0; i--) {
    const now = rows[i]!;
    const before = rows[i - 1]!;
    if (now.valid_loss > before.valid_loss && now.train_loss < before.train_loss) rising++;
    else break;
  }
  const bestValid = rows.reduce(
    (best, r, i) => (r.valid_loss < (rows[best]?.valid_loss ?? Infinity) ? i : best),
    0,
  );
  if (rising >= OVERFIT_EPOCHS) {
    advice.push({
      kind: 'overfitting',
      severity: errorImproving ? 'info' : 'warn',
      title: 'Overfitting: valid loss is rising while train loss falls',
      detail:
        `Valid loss has risen for ${rising} epochs in a row (best ${fmt(rows[bestValid]!.valid_loss)} at epoch ${bestValid + 1}, ` +
        `now ${fmt(last.valid_loss)}) while train loss kept falling. Add weight decay or stronger augmentation, ` +
        `or train for fewer epochs (${bestValid + 1} would have done).` +
        (errorImproving
          ? ' The error rate is still improving, so the model is still getting better at its job: watch it.'
          : ''),
    });
  }

  // Error rate improved, then got worse.
  const known = errors.map((e, i) => ({ e, i })).filter((x): x is { e: number; i: number } => x.e !== null);
  if (known.length >= 3) {
    const first = known[0]!;
    const best = known.reduce((b, x) => (x.e < b.e ? x : b), first);
    const end = known[known.length - 1]!;
    if (best.i !== end.i && best.e < first.e && end.e > best.e + METRIC_SLACK) {
      advice.push({
        kind: 'metric-worsening',
        severity: 'warn',
        title: 'The error rate got better, then worse',
        detail:
          `Error rate was best at epoch ${best.i + 1} (${pct(best.e)}) and is ${pct(end.e)} now. ` +
          `Train for ${best.i + 1} epoch${best.i === 0 ? '' : 's'} next time, or add regularisation (weight decay, augmentation).`,
      });
    }
  }

  // Underfitting: train loss well above valid loss at the end. With the validation set already (nearly)
  // all right there is nothing to gain from more training: augmentation (and dropout) make training
  // harder than validation, and a small or easy validation set is the thing to question.
  if (
    last.train_loss > last.valid_loss * UNDERFIT_RATIO &&
    lastError !== null &&
    lastError <= NEAR_PERFECT_ERROR
  ) {
    advice.push({
      kind: 'underfitting',
      severity: 'info',
      title: 'Train loss is above valid loss, and validation is already near perfect',
      detail:
        `Error rate ${fmtPercent(lastError)} with train loss ${fmt(last.train_loss)} vs valid loss ${fmt(last.valid_loss)}: ` +
        'augmentation makes the training images harder than the validation ones, so this is expected. If the ' +
        'validation set is small or much easier than real data, add harder examples to it before trusting the score.',
    });
  } else if (last.train_loss > last.valid_loss * UNDERFIT_RATIO) {
    advice.push({
      kind: 'underfitting',
      severity: 'warn',
      title: 'Underfitting: train loss is well above valid loss',
      detail:
        `Train loss ${fmt(last.train_loss)} vs valid loss ${fmt(last.valid_loss)}: the model has not yet fit the ` +
        'training data. Train for more epochs or raise the learning rate (less regularisation helps too).',
    });
  }

  // A finished run whose valid loss was still falling at the end could have gone on.
  const planned = curves.plannedEpochs ?? rows.length;
  if (
    finished &&
    rows.length >= 2 &&
    rows.length >= planned &&
    bestValid === rows.length - 1 &&
    last.valid_loss < rows[rows.length - 2]!.valid_loss * 0.98 &&
    !advice.some((a) => a.kind === 'underfitting')
  ) {
    advice.push({
      kind: 'keep-training',
      severity: 'info',
      title: 'Valid loss was still falling at the end',
      detail: 'The last epoch was the best so far. More epochs would probably help.',
    });
  }

  if (advice.length === 0 && rows.length >= 2) {
    advice.push({
      kind: 'healthy',
      severity: 'ok',
      title: 'Train and valid loss are moving together',
      detail: 'Nothing to fix in these curves.',
    });
  }
  return advice;
}

export interface LrFinderCurve {
  lrs: readonly number[];
  /** Smoothed losses, one per rate (null or NaN where the loss broke). */
  losses: readonly (number | null)[];
  /** The sweep's end rate. */
  end?: number;
  /** The engine's reason it could not suggest anything, if any. */
  problem?: { code: string; message: string } | null;
}

/** The minimum in the last this share of the curve, with no rise after it, means the range was too low. */
export const LR_TAIL_SHARE = 0.1;
/** A loss this many times the minimum at the end counts as "turned up". */
export const LR_TURN_UP = 1.2;

export function adviseOnLrFinder(curve: LrFinderCurve): Advice[] {
  if (curve.problem) {
    return [
      {
        kind: 'lr-curve-problem',
        severity: 'warn',
        title: 'No suggestion from this curve',
        detail: curve.problem.message,
      },
    ];
  }
  const points = curve.lrs
    .map((lr, i) => ({ lr, loss: curve.losses[i] ?? null }))
    .filter((p): p is { lr: number; loss: number } => typeof p.loss === 'number' && Number.isFinite(p.loss));
  if (points.length < 5) return [];
  let minIndex = 0;
  points.forEach((p, i) => {
    if (p.loss < points[minIndex]!.loss) minIndex = i;
  });
  const min = points[minIndex]!.loss;
  const lastLoss = points[points.length - 1]!.loss;
  const tail = Math.max(2, Math.ceil(points.length * LR_TAIL_SHARE));
  const brokeOff = curve.losses.length > points.length; // NaN at the end: it blew up
  if (!brokeOff && minIndex >= points.length - tail && lastLoss <= min * LR_TURN_UP) {
    const end = curve.end ?? points[points.length - 1]!.lr;
    return [
      {
        kind: 'lr-range-too-low',
        severity: 'warn',
        title: 'The curve never turned up',
        detail:
          `The loss was still falling when the sweep ended at ${fmt(end)}, so the range was too low to see where ` +
          'training breaks down, and the suggestions may be too cautious. Raise the sweep’s end rate and find again.',
      },
    ];
  }
  return [
    {
      kind: 'lr-curve-ok',
      severity: 'ok',
      title: 'A usable curve',
      detail:
        'The loss falls, bottoms out and turns up. Pick a rate where it is still falling steeply, well before ' +
        'the minimum: the valley suggestion is a good default.',
    },
  ];
}
