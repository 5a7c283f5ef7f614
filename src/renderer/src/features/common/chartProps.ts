// Props the training and self-test charts share, so their axes, series and tooltips read the same way
// (recharts performance guide: no animation or dots on live series).
import type { ReactNode } from 'react';

/** A series line: no dots, no animation. */
export const seriesLine = { dot: false, isAnimationActive: false } as const;

/** Raw losses, drawn faint under their smoothed curve. */
export const rawLossLine = {
  stroke: 'var(--chart-1)',
  strokeOpacity: 0.3,
  strokeWidth: 1,
  ...seriesLine,
} as const;

/** A count on the x axis (batch, epoch, step): whole numbers, no tick marks. */
export const countXAxis = { type: 'number', allowDecimals: false, tickLine: false } as const;

/** A tooltip formatter that shows numbers through `format` next to the series name. */
export function numberTooltip(format: (value: number) => string) {
  return (value: unknown, name: ReactNode): [string, ReactNode] => [
    typeof value === 'number' ? format(value) : String(value),
    name,
  ];
}
