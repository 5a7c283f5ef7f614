// The self-test's loss per step. Live series: no animation, no dots, fixed dataKeys, downsampled.
import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { downsample, type LossPoint } from '../../store';
import { countXAxis, seriesLine } from '../common/chartProps';
import { formatLoss } from './format';

const chartStyle = { width: '100%', height: 240 } as const;
const chartMargin = { top: 8, right: 16, bottom: 8, left: 0 } as const;

export function LossChart({ points, total }: { points: LossPoint[]; total: number | null }) {
  const data = useMemo(() => downsample(points, 1000), [points]);
  return (
    <figure className="loss-chart" data-testid="selftest-chart">
      <figcaption>Training loss per step</figcaption>
      <LineChart responsive style={chartStyle} data={data} margin={chartMargin}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="step" domain={[0, total ?? 'dataMax']} {...countXAxis} />
        <YAxis
          width={56}
          domain={['auto', 'auto']}
          tickFormatter={(v: number) => formatLoss(v)}
          tickLine={false}
        />
        <Tooltip
          labelFormatter={(step) => `Step ${String(step)}`}
          formatter={(value) => (typeof value === 'number' ? formatLoss(value) : String(value))}
        />
        <Line
          dataKey="loss"
          name="loss"
          type="monotone"
          className="loss-line"
          stroke="#2563eb"
          strokeWidth={2}
          {...seriesLine}
        />
      </LineChart>
    </figure>
  );
}
