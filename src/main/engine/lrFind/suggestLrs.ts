/**
 * Reads an LR-finder curve the way fastai's `lr_find` does: trim the first tenth and the last five points,
 * drop points whose loss is NaN or infinite, then apply the four rules (valley is the default the UI
 * selects). A curve that cannot be read — nothing usable, too short, flat, or rising from the first point —
 * is a normal outcome of an experiment, not a bug: it returns every suggestion as null with a `problem`
 * saying what happened and what to try. Inputs that no sweep can produce (mismatched lengths, learning
 * rates that are not positive and increasing) throw a DeskfitError('BAD_REQUEST').
 *
 * Pass the smoothed losses (Recorder's `smoothLoss`), as fastai does; this module does not smooth.
 */
import { DeskfitError } from '../../../shared/errors';
import {
  minimumRule,
  slideRule,
  steepRule,
  valleyRule,
  type CurvePoint,
  type SlideOptions,
} from './suggestionRules';

export const suggestionNames = ['valley', 'slide', 'minimum', 'steep'] as const;
export type SuggestionName = (typeof suggestionNames)[number];

/** Fewer usable points than this and no rule means anything. */
export const MIN_CURVE_POINTS = 5;

/** The loss range (relative to its size, at least 1) below which a curve counts as flat. */
export const FLAT_TOLERANCE = 1e-6;

export type LrCurveProblemCode = 'no-points' | 'all-non-finite' | 'too-few-points' | 'flat' | 'rising';

export interface LrCurveProblem {
  code: LrCurveProblemCode;
  message: string;
}

export type LrSuggestions =
  | ({ [K in SuggestionName]: number } & {
      /** Where to mark each suggestion on the curve. */
      points: { [K in SuggestionName]: CurvePoint };
      /** Points left after trimming and dropping non-finite losses. */
      used: number;
      problem: null;
    })
  | ({ [K in SuggestionName]: null } & { points: null; used: number; problem: LrCurveProblem });

export interface SuggestOptions {
  /** Iterations the sweep planned; the first ⌊numIt/10⌋ points are skipped. Default: lrs.length. */
  numIt?: number;
  /** Points skipped at the start. Default ⌊numIt/10⌋ (fastai). */
  skipStart?: number;
  /** Points skipped at the end. Default 5 (fastai). */
  skipEnd?: number;
  slide?: SlideOptions;
}

function badCurve(message: string, details: unknown): DeskfitError {
  return new DeskfitError('BAD_REQUEST', `Cannot read the LR-finder curve: ${message}`, details);
}

function checkInputs(lrs: readonly number[], losses: readonly number[]): void {
  if (lrs.length !== losses.length) {
    throw badCurve(`${lrs.length} learning rates but ${losses.length} losses; pass one loss per rate.`, {
      lrs: lrs.length,
      losses: losses.length,
    });
  }
  lrs.forEach((lr, i) => {
    if (!(Number.isFinite(lr) && lr > 0)) {
      throw badCurve(`learning rate ${i} is ${lr}; every rate must be a finite number above 0.`, {
        index: i,
      });
    }
    const previous = lrs[i - 1];
    if (previous !== undefined && !(lr > previous)) {
      throw badCurve(`learning rates must increase, but rate ${i} (${lr}) follows ${previous}.`, {
        index: i,
      });
    }
  });
}

function failed(problem: LrCurveProblem, used: number): LrSuggestions {
  return { valley: null, slide: null, minimum: null, steep: null, points: null, used, problem };
}

function describeProblem(
  lrs: readonly number[],
  losses: readonly number[],
  dropped: number,
  trimmedCount: number,
): LrCurveProblem | null {
  const n = losses.length;
  if (trimmedCount === 0) {
    return {
      code: 'no-points',
      message:
        'The LR finder recorded too few batches to read a curve. Run it for more iterations (100 is the default).',
    };
  }
  if (n === 0) {
    return {
      code: 'all-non-finite',
      message:
        'Every loss in the LR finder was NaN or infinite, so there is no curve to read. Check that the images ' +
        'are normalized and the labels valid, then run it again from a lower start learning rate.',
    };
  }
  if (n < MIN_CURVE_POINTS) {
    return {
      code: 'too-few-points',
      message:
        `Only ${n} usable point${n === 1 ? '' : 's'} on the LR-finder curve (at least ${MIN_CURVE_POINTS} ` +
        `needed${dropped > 0 ? `; ${dropped} had a NaN or infinite loss` : ''}). The loss probably diverged ` +
        'early: run it again with more iterations or a lower end learning rate.',
    };
  }
  const min = Math.min(...losses);
  const max = Math.max(...losses);
  if (max - min <= FLAT_TOLERANCE * Math.max(1, Math.abs(max))) {
    return {
      code: 'flat',
      message:
        `The loss stayed at ${max.toPrecision(4)} across learning rates ${lrs[0]?.toExponential(1)} to ` +
        `${lrs[n - 1]?.toExponential(1)}, so the model is not learning. Check that some layers are trainable ` +
        'and that the labels are not all the same.',
    };
  }
  if (losses.every((loss) => loss >= (losses[0] ?? loss))) {
    return {
      code: 'rising',
      message:
        `The loss never fell below its value at the lowest learning rate tried (${lrs[0]?.toExponential(1)}), ` +
        'so there is no valley to pick from. Run the finder again from a lower start learning rate; if it ' +
        'still rises, check the data and labels.',
    };
  }
  return null;
}

export function suggestLrs(
  lrs: readonly number[],
  losses: readonly number[],
  options: SuggestOptions = {},
): LrSuggestions {
  checkInputs(lrs, losses);
  const numIt = options.numIt ?? lrs.length;
  const skipStart = options.skipStart ?? Math.floor(numIt / 10);
  const skipEnd = options.skipEnd ?? 5;
  const end = Math.max(0, lrs.length - skipEnd);
  const keptLrs: number[] = [];
  const keptLosses: number[] = [];
  let dropped = 0;
  for (let i = skipStart; i < end; i++) {
    const loss = losses[i];
    const lr = lrs[i];
    if (loss === undefined || lr === undefined) continue;
    if (Number.isFinite(loss)) {
      keptLrs.push(lr);
      keptLosses.push(loss);
    } else dropped++;
  }
  const used = keptLosses.length;
  const problem = describeProblem(keptLrs, keptLosses, dropped, Math.max(0, end - skipStart));
  if (problem) return failed(problem, used);

  const valley = valleyRule(keptLrs, keptLosses);
  const slide = slideRule(keptLrs, keptLosses, options.slide);
  const minimum = minimumRule(keptLrs, keptLosses);
  const steep = steepRule(keptLrs, keptLosses);
  return {
    valley: valley.lr,
    slide: slide.lr,
    minimum: minimum.lr,
    steep: steep.lr,
    points: { valley: valley.point, slide: slide.point, minimum: minimum.point, steep: steep.point },
    used,
    problem: null,
  };
}
