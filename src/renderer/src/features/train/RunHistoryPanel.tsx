// Every training run of the project with its settings, final metrics and status; pick two to overlay
// their loss curves and compare their settings; a stopped run with a checkpoint can be resumed.
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../../api/ApiContext';
import {
  loadRunHistory,
  resumeRun,
  selectRuns,
  selectTrainingBusy,
  toggleRunCompare,
  useDeskfitStore,
} from '../../store';
import type { RunRecord, RunStatus, RunSummary } from '../../../../shared/training';
import { overlaySeries } from './chartData';
import { formatDateTime, formatLossShort, formatLr, formatPercent } from './format';

const statusPill: Record<RunStatus, string> = {
  running: 'pill pill-neutral',
  completed: 'pill pill-ok',
  cancelled: 'pill pill-neutral',
  diverged: 'pill pill-failed',
  failed: 'pill pill-failed',
};

const overlayColors = ['var(--chart-1)', 'var(--chart-2)'] as const;
const chartStyle = { width: '100%', height: 260 } as const;

function metricCell(run: RunSummary): string {
  const err = run.metrics['error_rate'];
  if (typeof err === 'number') return `${formatPercent(err)} error`;
  const acc = run.metrics['accuracy'];
  return typeof acc === 'number' ? `${formatPercent(acc)} accuracy` : '—';
}

/** A run as people tell runs apart: when it started (to the second) and its model. */
export function runLabel(record: Pick<RunRecord, 'startedAt' | 'params'>): string {
  const d = new Date(record.startedAt);
  const two = (n: number) => String(n).padStart(2, '0');
  const arch = typeof record.params['arch'] === 'string' ? ` ${record.params['arch']}` : '';
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}${arch}`;
}

function OverlayChart({ records }: { records: RunRecord[] }) {
  const series = useMemo(() => records.map((r) => overlaySeries(r)), [records]);
  return (
    <figure className="tchart" data-testid="run-overlay-chart">
      <figcaption>
        Loss of the chosen runs: smoothed train loss (lines) and valid loss per epoch (dots)
      </figcaption>
      <LineChart responsive style={chartStyle} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="iter" type="number" domain={[0, 'dataMax']} allowDecimals={false} tickLine={false} />
        <YAxis
          width={52}
          domain={['auto', 'auto']}
          tickFormatter={(v: number) => formatLossShort(v)}
          tickLine={false}
        />
        <Tooltip
          formatter={(value, name) => [
            typeof value === 'number' ? formatLossShort(value) : String(value),
            name,
          ]}
          labelFormatter={(iter) => `Batch ${String(iter)}`}
        />
        <Legend itemSorter={null} />
        {series.map((s, i) => (
          <Line
            key={`train-${s.runId}`}
            data={s.train}
            dataKey="loss"
            name={`${runLabel(records[i]!)} train`}
            stroke={overlayColors[i % 2]}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
        {series.map((s, i) => (
          <Line
            key={`valid-${s.runId}`}
            data={s.valid}
            dataKey="loss"
            name={`${runLabel(records[i]!)} valid`}
            stroke={overlayColors[i % 2]}
            strokeDasharray="4 3"
            strokeWidth={1.5}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </figure>
  );
}

const compareKeys = [
  'arch',
  'size',
  'batchSize',
  'epochs',
  'lr',
  'optimizer',
  'wd',
  'labelSmoothing',
  'fineTune',
  'freezeEpochs',
  'lrMult',
  'augment',
] as const;

function showParam(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number')
    return Math.abs(value) < 0.01 && value !== 0 ? formatLr(value) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ParamsTable({ records }: { records: RunRecord[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table compare-table">
        <caption>Settings of the chosen runs (differences in bold)</caption>
        <thead>
          <tr>
            <th scope="col">setting</th>
            {records.map((r, i) => (
              <th scope="col" key={r.id}>
                <span className="swatch" style={{ background: overlayColors[i % 2] }} aria-hidden="true" />{' '}
                {runLabel(r)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {compareKeys.map((key) => {
            const values = records.map((r) =>
              showParam(key === 'lr' ? (r.lr ?? r.params[key]) : r.params[key]),
            );
            const differ = new Set(values).size > 1;
            return (
              <tr key={key} className={differ ? 'differs' : undefined}>
                <th scope="row">{key}</th>
                {values.map((v, i) => (
                  <td key={records[i]?.id ?? i}>{v}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function RunHistoryPanel() {
  const api = useApi();
  const history = useDeskfitStore(selectRuns);
  const list = history.list ?? [];
  const busy = useDeskfitStore(selectTrainingBusy);
  const chosen = history.compare
    .map((id) => history.records[id])
    .filter((r): r is RunRecord => r !== undefined);
  const errors = history.compare.map((id) => history.recordErrors[id]).filter((e) => e !== undefined);

  return (
    <section className="panel" aria-labelledby="runs-heading">
      <div className="panel-head">
        <h2 id="runs-heading">Run history</h2>
        <button
          type="button"
          className="button small"
          disabled={history.loading}
          onClick={() => void loadRunHistory(api)}
        >
          Refresh
        </button>
      </div>
      {history.error !== null && (
        <p role="alert" className="alert">
          Could not list the runs: {history.error.message}
        </p>
      )}
      {history.list !== null && history.list.length === 0 && (
        <p className="muted">No runs yet. Train once and the run appears here.</p>
      )}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table runs-table" data-testid="runs-table">
            <caption>Newest first. Tick two runs to compare their curves and settings.</caption>
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Model</th>
                <th scope="col">Epochs</th>
                <th scope="col">LR</th>
                <th scope="col">Valid loss</th>
                <th scope="col">Metric</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare run ${run.id}`}
                      checked={history.compare.includes(run.id)}
                      onChange={() => void toggleRunCompare(api, run.id)}
                    />
                  </td>
                  <td className="nowrap">{formatDateTime(run.startedAt)}</td>
                  <td>
                    <span className={statusPill[run.status]}>{run.status}</span>
                  </td>
                  <td>{run.arch}</td>
                  <td className="num">
                    {run.epochs}/{run.plannedEpochs}
                  </td>
                  <td className="num">{run.lr !== null ? formatLr(run.lr) : '—'}</td>
                  <td className="num">{run.validLoss !== null ? formatLossShort(run.validLoss) : '—'}</td>
                  <td className="num">{metricCell(run)}</td>
                  <td>
                    {run.resumable && (
                      <button
                        type="button"
                        className="button small"
                        disabled={busy}
                        aria-label={`Resume run ${run.id}`}
                        data-testid="resume-run"
                        onClick={() => void resumeRun(api, run.id)}
                      >
                        Resume
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {errors.map((e) => (
        <p role="alert" className="alert" key={e.message}>
          Could not load a run: {e.message}
        </p>
      ))}
      {chosen.length > 0 && <OverlayChart records={chosen} />}
      {chosen.length > 1 && <ParamsTable records={chosen} />}
    </section>
  );
}
