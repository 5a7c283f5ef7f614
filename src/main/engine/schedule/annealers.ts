/**
 * The four schedule shapes every hyper-parameter schedule is built from (fastai's `sched_lin`, `sched_cos`,
 * `sched_exp`, `sched_no`). Pure formulas over a position in [0, 1]: no clamping, no validation, so they
 * stay cheap enough to call once per parameter group per batch.
 */

/** A schedule shape: the value at `pos` (0 = start of the segment, 1 = its end) going from `start` to `end`. */
export type Annealer = (start: number, end: number, pos: number) => number;

/** A schedule already bound to its start and end: position in [0, 1] → value. */
export type Schedule = (pos: number) => number;

/** Straight line from `start` to `end`. */
export const schedLin: Annealer = (start, end, pos) => start + pos * (end - start);

/** Half a cosine from `start` to `end`: flat at both ends, steepest in the middle. */
export const schedCos: Annealer = (start, end, pos) =>
  start + ((1 + Math.cos(Math.PI * (1 - pos))) * (end - start)) / 2;

/** Geometric from `start` to `end` (a straight line on a log axis). `start` must be non-zero. */
export const schedExp: Annealer = (start, end, pos) => start * (end / start) ** pos;

/** Constant `start` (the `end` is ignored). */
export const schedNo: Annealer = (start) => start;

/** Binds an annealer to its end points, like fastai's `SchedCos(start, end)`. */
export function bindSchedule(annealer: Annealer, start: number, end: number): Schedule {
  return (pos) => annealer(start, end, pos);
}
