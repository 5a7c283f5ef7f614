/**
 * Glues schedules end to end over one [0, 1] position (fastai's `combine_scheds`): `pcts` are the shares of
 * the run each schedule covers, and each schedule sees its own local position from 0 to 1. One-cycle is
 * two cosines combined this way.
 */
import { badSetting } from './scheduleErrors';
import type { Schedule } from './annealers';

const SUM_TOLERANCE = 1e-9;

/**
 * Segment `i` covers positions [cum[i], cum[i+1]). Like fastai, the last schedule extends to pos = 1 and
 * a zero-width segment is never entered (fastai returns NaN there; we use the segment before it).
 * Positions outside [0, 1] are clamped; a NaN position throws.
 */
export function combineScheds(pcts: readonly number[], scheds: readonly Schedule[]): Schedule {
  if (pcts.length === 0 || pcts.length !== scheds.length) {
    throw badSetting('pcts', `[${pcts.join(', ')}]`, `one share per schedule (${scheds.length} schedules)`);
  }
  if (pcts.some((p) => !(p >= 0 && Number.isFinite(p)))) {
    throw badSetting('pcts', `[${pcts.join(', ')}]`, 'shares that are finite and ≥ 0');
  }
  const total = pcts.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    throw badSetting('pcts', `[${pcts.join(', ')}]`, 'shares that add up to 1');
  }
  const cum = [0];
  for (const p of pcts) cum.push((cum[cum.length - 1] ?? 0) + p);
  cum[cum.length - 1] = 1;
  const last = scheds.length - 1;

  return (rawPos) => {
    if (Number.isNaN(rawPos)) throw badSetting('schedule position', rawPos, 'a number from 0 to 1');
    const pos = Math.min(1, Math.max(0, rawPos));
    let idx = 0;
    for (let i = 0; i <= last; i++) if (pos >= (cum[i] ?? 0)) idx = i;
    while (idx > 0 && (cum[idx + 1] ?? 1) - (cum[idx] ?? 0) === 0) idx--;
    const from = cum[idx] ?? 0;
    const width = (cum[idx + 1] ?? 1) - from;
    const sched = scheds[idx];
    if (sched === undefined) throw new Error(`combineScheds: no schedule at ${idx}`);
    return sched(width === 0 ? 0 : (pos - from) / width);
  };
}
