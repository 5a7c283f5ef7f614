// The learning rate of each layer group and the momentum over the planned run, before it trains.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrainForm } from '../../store/trainForm';
import { seriesLine } from '../common/chartProps';
import { formatLr } from './format';
import { formatScheduleValue, momentumAxis, momentumLine, momentumTicks } from './scheduleChartProps';
import { defaultLrMax, fineTuneDefaults, schedulePreview } from './schedulePreview';

const chartStyle = { width: '100%', height: 220 } as const;
const margin = { top: 8, right: 8, bottom: 4, left: 4 } as const;

export function previewLr(form: Pick<TrainForm, 'lr' | 'fineTune'>): number {
  if (typeof form.lr === 'number') return form.lr;
  return form.fineTune ? fineTuneDefaults.baseLr : defaultLrMax;
}

function SchedulePreviewChartView({
  form,
  batchesPerEpoch,
}: {
  form: TrainForm;
  batchesPerEpoch?: number | undefined;
}) {
  const lr = previewLr(form);
  const preview = useMemo(
    () =>
      schedulePreview({
        lr,
        epochs: form.epochs,
        fineTune: form.fineTune,
        freezeEpochs: form.freezeEpochs,
        lrMult: form.lrMult,
        oneCycle: form.oneCycle,
        optimizer: form.optimizer,
      }),
    [lr, form.epochs, form.fineTune, form.freezeEpochs, form.lrMult, form.oneCycle, form.optimizer],
  );
  const ticks = useMemo(
    () => Array.from({ length: preview.totalEpochs + 1 }, (_, i) => i),
    [preview.totalEpochs],
  );
  const momTicks = useMemo(() => momentumTicks(form.oneCycle.moms), [form.oneCycle.moms]);
  const caption =
    typeof form.lr === 'number'
      ? `Schedule over ${preview.totalEpochs} epochs at a peak rate of ${formatLr(lr)}`
      : `Schedule over ${preview.totalEpochs} epochs, drawn at ${formatLr(lr)} (the LR finder picks the real rate)`;
  const steps =
    batchesPerEpoch !== undefined
      ? ` · about ${batchesPerEpoch} batch${batchesPerEpoch === 1 ? '' : 'es'} an epoch`
      : '';

  return (
    <figure className="tchart schedule-preview" data-testid="schedule-preview">
      <figcaption>
        {caption}
        {form.fineTune ? ' — frozen phase first, then unfrozen at half the rate' : ''}
        {steps}
      </figcaption>
      <LineChart responsive style={chartStyle} data={preview.points} margin={margin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="epoch"
          type="number"
          domain={[0, preview.totalEpochs]}
          ticks={ticks.length <= 21 ? ticks : undefined}
          tickLine={false}
          label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }}
        />
        <YAxis yAxisId="lr" width={64} tickFormatter={(v: number) => formatLr(v)} tickLine={false} />
        {preview.hasMomentum && <YAxis {...momentumAxis(momTicks)} />}
        <Tooltip
          labelFormatter={(epoch) => `Epoch ${Number(epoch).toFixed(2)}`}
          formatter={formatScheduleValue}
        />
        <Legend itemSorter="dataKey" />
        {preview.boundaries.map((x) => (
          <ReferenceLine
            key={`b-${x}`}
            x={x}
            yAxisId="lr"
            stroke="var(--border-strong)"
            strokeDasharray="4 3"
          />
        ))}
        {!preview.sameForAllGroups && (
          <Line
            yAxisId="lr"
            dataKey="early"
            name="LR early layers"
            stroke="var(--chart-4)"
            strokeWidth={1.5}
            {...seriesLine}
          />
        )}
        {!preview.sameForAllGroups && (
          <Line
            yAxisId="lr"
            dataKey="late"
            name="LR late layers"
            stroke="var(--chart-3)"
            strokeWidth={1.5}
            {...seriesLine}
          />
        )}
        <Line
          yAxisId="lr"
          dataKey="head"
          name={preview.sameForAllGroups ? 'LR (all layers)' : 'LR head'}
          stroke="var(--chart-1)"
          strokeWidth={2}
          {...seriesLine}
        />
        {preview.hasMomentum && <Line {...momentumLine} />}
      </LineChart>
    </figure>
  );
}

/** Redrawn only when the settings change (not on every training progress update). */
export const SchedulePreviewChart = memo(SchedulePreviewChartView);
