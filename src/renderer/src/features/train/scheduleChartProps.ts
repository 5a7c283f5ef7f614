// The momentum axis and line, and the tooltip text, shared by the schedule preview and the live
// learning-rate chart (learning rate on the left axis, momentum on the right).
import { seriesLine } from '../common/chartProps';
import { formatLr } from './format';

/** Momentum axis ticks every 0.1 from just under the lowest momentum (at most 0.5) to 1. */
export function momentumTicks(moms: readonly number[]): number[] {
  const low = Math.min(0.5, Math.floor(Math.min(...moms) * 10) / 10);
  const ticks: number[] = [];
  for (let t = Math.round(low * 10); t <= 10; t++) ticks.push(t / 10);
  return ticks;
}

/** The right-hand momentum axis over `ticks` (from `momentumTicks`). */
export function momentumAxis(ticks: number[]) {
  return {
    yAxisId: 'mom',
    orientation: 'right',
    width: 44,
    domain: [ticks[0] ?? 0.5, 1],
    ticks,
    tickFormatter: (v: number) => v.toFixed(1),
    tickLine: false,
  } as const;
}

export const momentumLine = {
  yAxisId: 'mom',
  dataKey: 'mom',
  name: 'momentum',
  stroke: 'var(--chart-2)',
  strokeDasharray: '5 3',
  strokeWidth: 1.5,
  ...seriesLine,
} as const;

/** A schedule value in a tooltip: momentum to three decimals, a learning rate as the app writes it. */
export function formatScheduleValue(value: unknown, name: unknown): string {
  if (typeof value !== 'number') return String(value);
  return name === 'momentum' ? value.toFixed(3) : formatLr(value);
}
