/**
 * Two cosines back to back (fastai's `combined_cos`): the building block of one-cycle for both the
 * learning rate (low → high → very low) and momentum (high → low → high).
 */
import { bindSchedule, schedCos, type Schedule } from './annealers';
import { combineScheds } from './combineScheds';

/** Cosine from `start` to `middle` over the first `pct` of the run, then cosine from `middle` to `end`. */
export function combinedCos(pct: number, start: number, middle: number, end: number): Schedule {
  return combineScheds(
    [pct, 1 - pct],
    [bindSchedule(schedCos, start, middle), bindSchedule(schedCos, middle, end)],
  );
}
