/**
 * The learning-rate finder's sweep (fastai's `LRFinder`): the rate grows geometrically from `start` to
 * `end` over `numIt` batches, iteration i using position i/numIt, so the last batch stays just below `end`.
 */
import { schedExp } from './annealers';
import { badSetting, requireCount, requirePositive } from './scheduleErrors';

export const lrFindDefaults = { start: 1e-7, end: 10, numIt: 100 } as const;

/** fastai raises `num_it` below 6 to 6: fewer points cannot give a suggestion. */
export const LR_FIND_MIN_ITERATIONS = 6;

export interface LrFindSchedule {
  start: number;
  end: number;
  numIt: number;
  /** Learning rate for batch `iteration` (0-based). */
  lrAt(iteration: number): number;
}

export function lrFindSchedule(
  start: number = lrFindDefaults.start,
  end: number = lrFindDefaults.end,
  numIt: number = lrFindDefaults.numIt,
): LrFindSchedule {
  requirePositive('start', start);
  requirePositive('end', end);
  if (!(end > start)) throw badSetting('end', end, `a learning rate above start (${start})`);
  requireCount('numIt', numIt, 1);
  const n = Math.max(numIt, LR_FIND_MIN_ITERATIONS);
  return { start, end, numIt: n, lrAt: (iteration) => schedExp(start, end, iteration / n) };
}
