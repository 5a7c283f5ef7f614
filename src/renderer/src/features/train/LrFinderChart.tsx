// Loss against learning rate on a log axis, as fastai plots `lr_find`: raw losses faint, the smoothed
// curve bold, the four suggestions marked, the chosen rate as a vertical line. Clicking the curve or a
// marker picks that rate.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { numberTooltip, rawLossLine, seriesLine } from '../common/chartProps';
import { formatLossShort, formatLr } from './format';
import { decadeTicks, lrFinderYDomain, type LrChartRow, type SuggestionMarker } from './lrFinderData';

const chartStyle = { width: '100%', height: 280 } as const;
const margin = { top: 12, right: 16, bottom: 4, left: 4 } as const;

const markerColor: Record<SuggestionMarker['name'], string> = {
  valley: 'var(--chart-2)',
  slide: 'var(--chart-3)',
  minimum: 'var(--chart-4)',
  steep: 'var(--chart-5)',
};

export interface LrFinderChartProps {
  rows: LrChartRow[];
  markers: SuggestionMarker[];
  chosen: number | null;
  live: boolean;
  onPick(lr: number): void;
}

export function LrFinderChart({ rows, markers, chosen, live, onPick }: LrFinderChartProps) {
  const yDomain = useMemo(() => lrFinderYDomain(rows), [rows]);
  const xDomain = useMemo((): [number, number] => {
    const lrs = rows.map((r) => r.lr);
    return lrs.length > 0 ? [Math.min(...lrs), Math.max(...lrs)] : [1e-7, 10];
  }, [rows]);
  const ticks = useMemo(() => decadeTicks(xDomain[0], xDomain[1]), [xDomain]);

  return (
    <figure className="tchart lr-finder-chart" data-testid="lr-finder-chart">
      <figcaption>
        Loss against learning rate (log scale){live ? ' — sweeping…' : ''}. Click the curve to pick a rate.
      </figcaption>
      <LineChart
        responsive
        style={chartStyle}
        data={rows}
        margin={margin}
        onClick={(state) => {
          const lr = Number(state.activeLabel);
          if (Number.isFinite(lr) && lr > 0) onPick(lr);
        }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="lr"
          type="number"
          scale="log"
          domain={xDomain}
          ticks={ticks}
          allowDataOverflow
          tickFormatter={(v: number) => formatLr(v)}
          tickLine={false}
        />
        <YAxis
          width={56}
          domain={yDomain ?? ['auto', 'auto']}
          allowDataOverflow
          tickFormatter={(v: number) => formatLossShort(v)}
          tickLine={false}
        />
        <Tooltip
          labelFormatter={(lr) => `LR ${formatLr(Number(lr))}`}
          formatter={numberTooltip(formatLossShort)}
        />
        <Line dataKey="raw" name="loss" {...rawLossLine} connectNulls={false} />
        <Line
          dataKey="smooth"
          name="smoothed loss"
          stroke="var(--chart-1)"
          strokeWidth={2.5}
          {...seriesLine}
          connectNulls={false}
        />
        {chosen !== null && chosen >= xDomain[0] && chosen <= xDomain[1] && (
          <ReferenceLine
            x={chosen}
            stroke="var(--text)"
            strokeDasharray="4 3"
            label={{
              value: formatLr(chosen),
              position: 'insideTopRight',
              fill: 'var(--muted)',
              fontSize: 12,
            }}
          />
        )}
        {markers.map((m) =>
          m.loss === null ? null : (
            <ReferenceDot
              key={m.name}
              x={m.lr}
              y={m.loss}
              r={6}
              fill={markerColor[m.name]}
              stroke="var(--surface)"
              strokeWidth={2}
              ifOverflow="visible"
              className="lr-marker"
              onClick={() => onPick(m.lr)}
            />
          ),
        )}
      </LineChart>
    </figure>
  );
}

export { markerColor };
