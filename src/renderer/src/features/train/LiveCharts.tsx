// The live training charts: train loss per batch (raw faint, smoothed bold) with valid loss per epoch;
// metrics per epoch; learning rate and momentum per batch. One component per chart, fixed dataKeys, no
// animation or dots on live series, data downsampled and deferred so typing stays responsive.
import { useDeferredValue, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { BatchSample, EpochSample } from '../../store/trainReducers';
import { lossDomain, lossRows, metricNames, metricRows, scheduleRows, validRows } from './chartData';
import { formatLossShort, formatLr } from './format';
import { countXAxis, numberTooltip, rawLossLine, seriesLine } from '../common/chartProps';
import { formatScheduleValue, momentumAxis, momentumLine, momentumTicks } from './scheduleChartProps';

const chartStyle = { width: '100%', height: 240 } as const;
const margin = { top: 8, right: 12, bottom: 4, left: 4 } as const;
const metricColors = ['var(--chart-3)', 'var(--chart-2)', 'var(--chart-4)', 'var(--chart-5)'];

export function LiveLossChart({ batches, epochs }: { batches: BatchSample[]; epochs: EpochSample[] }) {
  const deferredBatches = useDeferredValue(batches);
  const deferredEpochs = useDeferredValue(epochs);
  const rows = useMemo(() => lossRows(deferredBatches), [deferredBatches]);
  const valid = useMemo(() => validRows(deferredEpochs), [deferredEpochs]);
  const domain = useMemo(() => lossDomain(rows, valid), [rows, valid]);
  const lastIter = rows.length > 0 ? (rows[rows.length - 1]?.iter ?? 0) : 0;
  return (
    <figure className="tchart" data-testid="live-loss-chart">
      <figcaption>Loss: train per batch, valid per epoch</figcaption>
      <LineChart responsive style={chartStyle} margin={margin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="iter" domain={[0, Math.max(1, lastIter)]} {...countXAxis} />
        <YAxis
          width={52}
          domain={domain}
          allowDataOverflow
          tickFormatter={(v: number) => formatLossShort(v)}
          tickLine={false}
        />
        <Tooltip
          labelFormatter={(iter) => `Batch ${String(iter)}`}
          formatter={numberTooltip(formatLossShort)}
        />
        <Legend itemSorter={null} />
        <Line data={rows} dataKey="loss" name="train (raw)" {...rawLossLine} legendType="none" />
        <Line
          data={rows}
          dataKey="smoothLoss"
          name="train"
          stroke="var(--chart-1)"
          strokeWidth={2}
          {...seriesLine}
        />
        <Line
          data={valid}
          dataKey="validLoss"
          name="valid"
          stroke="var(--chart-2)"
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
      </LineChart>
    </figure>
  );
}

export function MetricsChart({ epochs }: { epochs: EpochSample[] }) {
  const deferred = useDeferredValue(epochs);
  const rows = useMemo(() => metricRows(deferred), [deferred]);
  const names = useMemo(() => metricNames(deferred), [deferred]);
  return (
    <figure className="tchart" data-testid="metrics-chart">
      <figcaption>Metrics per epoch (validation set)</figcaption>
      <LineChart responsive style={chartStyle} data={rows} margin={margin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" domain={[1, Math.max(2, rows.length)]} {...countXAxis} />
        <YAxis
          width={52}
          domain={[0, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tickLine={false}
        />
        <Tooltip
          labelFormatter={(epoch) => `Epoch ${String(epoch)}`}
          formatter={numberTooltip((value) => `${(value * 100).toFixed(2)}%`)}
        />
        <Legend itemSorter={null} />
        {names.map((name, i) => (
          <Line
            key={name}
            dataKey={name}
            name={name}
            stroke={metricColors[i % metricColors.length]}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}

export function LiveScheduleChart({ batches }: { batches: BatchSample[] }) {
  const deferred = useDeferredValue(batches);
  const rows = useMemo(() => scheduleRows(deferred), [deferred]);
  const hasMom = rows.some((r) => r.mom !== null && r.mom > 0);
  const momTicks = useMemo(
    () => momentumTicks(rows.flatMap((r) => (r.mom !== null ? [r.mom] : [])).concat(1)),
    [rows],
  );
  return (
    <figure className="tchart" data-testid="live-schedule-chart">
      <figcaption>Learning rate (head) and momentum per batch</figcaption>
      <LineChart responsive style={chartStyle} data={rows} margin={margin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="iter" domain={['dataMin', 'dataMax']} {...countXAxis} />
        <YAxis yAxisId="lr" width={60} tickFormatter={(v: number) => formatLr(v)} tickLine={false} />
        {hasMom && <YAxis {...momentumAxis(momTicks)} />}
        <Tooltip
          labelFormatter={(iter) => `Batch ${String(iter)}`}
          formatter={(value, name) => [formatScheduleValue(value, name), name]}
        />
        <Legend itemSorter={null} />
        <Line
          yAxisId="lr"
          dataKey="lr"
          name="learning rate"
          stroke="var(--chart-1)"
          strokeWidth={2}
          {...seriesLine}
        />
        {hasMom && <Line {...momentumLine} />}
      </LineChart>
    </figure>
  );
}
