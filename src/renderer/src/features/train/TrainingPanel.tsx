// Train and Stop, the progress bar (epoch, batch, time left, images/second), the live charts, fastai's
// epoch table and the advisor's reading of the curves.
import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  isJobActive,
  selectLiveRun,
  selectLrFinder,
  selectTrainForm,
  startTraining,
  stopTraining,
  useDeskfitStore,
} from '../../store';
import { runProgress, type LiveRun } from '../../store/trainReducers';
import { AdviceList } from './AdviceList';
import { adviseOnTraining } from './advisor';
import { EpochTable } from './EpochTable';
import { formatEta, formatLr, formatPerSecond, formatPercent } from './format';
import { LiveLossChart, LiveScheduleChart, MetricsChart } from './LiveCharts';

function progressLine(run: LiveRun): string {
  if (run.phase === 'starting') return 'Starting…';
  if (run.finding !== null) {
    const of = run.finding.total !== null ? ` of ${run.finding.total}` : '';
    return `Finding a learning rate first: step ${run.finding.step}${of}…`;
  }
  const last = run.timing[run.timing.length - 1];
  const p = runProgress(run, last?.at ?? 0);
  const parts: string[] = [];
  if (run.plan.fits.length > 0) parts.push(`Epoch ${p.epoch} of ${p.epochs}`);
  if (p.batch !== null && p.batchesPerEpoch !== null)
    parts.push(`batch ${p.batch} of ${Math.round(p.batchesPerEpoch)}`);
  else if (run.total !== null) parts.push(`step ${run.step} of ${run.total}`);
  if (p.imagesPerSecond !== null) parts.push(`${formatPerSecond(p.imagesPerSecond)} images/s`);
  if (isJobActive(run.phase)) parts.push(formatEta(p.etaSeconds));
  if (run.phase === 'stopping') parts.push('stopping…');
  return parts.length > 0 ? parts.join(' · ') : 'Waiting for the first batch…';
}

/** Ends a message with exactly one full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function outcomeText(run: LiveRun): { text: string; tone: 'ok' | 'warn' | 'neutral' } | null {
  if (run.phase === 'done') {
    const last = run.epochs[run.epochs.length - 1];
    const err = last?.metrics['error_rate'];
    const acc = last?.metrics['accuracy'];
    const metric =
      typeof err === 'number'
        ? `, error rate ${formatPercent(err)}`
        : typeof acc === 'number'
          ? `, accuracy ${formatPercent(acc)}`
          : '';
    const lr =
      run.result?.lr !== null && run.result?.lr !== undefined ? ` at LR ${formatLr(run.result.lr)}` : '';
    if (run.result?.status === 'diverged') {
      return {
        text: `Training stopped early: ${sentence(run.result.reason ?? 'the loss diverged')}`,
        tone: 'warn',
      };
    }
    if (run.result?.status === 'cancelled') {
      const n = run.epochs.length;
      return {
        text: sentence(
          run.result.reason ??
            `Stopped after ${n} epoch${n === 1 ? '' : 's'}; resume the run from Run history to finish it`,
        ),
        tone: 'neutral',
      };
    }
    if (run.epochs.length === 0 && run.result?.status === null) {
      return {
        text: 'Training finished while the connection was down; its epochs are in Run history.',
        tone: 'neutral',
      };
    }
    const best = run.result?.bestEpoch ?? null;
    const kept =
      best !== null && last !== undefined && best !== last.epoch ? ` from epoch ${best} (the best)` : '';
    const where = run.result?.model ? ` The model${kept} is saved in ${run.result.model}.` : '';
    return {
      text: `Training finished: ${run.epochs.length} epoch${run.epochs.length === 1 ? '' : 's'}${lr}${metric}.${where}`,
      tone: 'ok',
    };
  }
  return null;
}

function alertText(run: LiveRun): string | null {
  if (run.phase === 'cancelled') {
    return `Training stopped after ${run.epochs.length} epoch${run.epochs.length === 1 ? '' : 's'}. Resume it from Run history.`;
  }
  if (run.error === null) return null;
  if (run.phase === 'failed') {
    if (run.error.code === 'DIVERGED') return `Training diverged: ${run.error.message}`;
    return `Training failed: ${run.error.message}`;
  }
  if (run.phase === 'running') return `Could not stop training: ${run.error.message}`;
  return null;
}

export function TrainingPanel() {
  const api = useApi();
  const run = useDeskfitStore(selectLiveRun);
  const finder = useDeskfitStore(selectLrFinder);
  const form = useDeskfitStore(selectTrainForm);
  const active = isJobActive(run.phase);
  const shown = run.phase !== 'idle';
  const last = run.timing[run.timing.length - 1];
  const progress = runProgress(run, last?.at ?? 0);
  const status =
    run.phase === 'failed'
      ? 'failed'
      : run.phase === 'cancelled'
        ? 'cancelled'
        : (run.result?.status ?? (active ? 'running' : 'completed'));
  const advice = useMemo(
    () =>
      adviseOnTraining({
        epochs: run.epochs,
        batchLosses: run.batches.slice(-50).map((b) => b.loss),
        status,
        errorCode: run.error?.code ?? null,
        plannedEpochs: run.plan.fits.reduce((a, b) => a + b, 0) || run.epochs.length,
      }),
    [run.epochs, run.batches, status, run.error, run.plan],
  );
  const outcome = outcomeText(run);
  const alert = alertText(run);
  const lrWord =
    form.lr === 'auto'
      ? 'a learning rate from the LR finder'
      : `a peak learning rate of ${formatLr(form.lr)}`;

  return (
    <section className="panel" aria-labelledby="training-heading">
      <h2 id="training-heading">Training</h2>
      <p className="muted">
        {form.fineTune
          ? `Fine-tune ${form.freezeEpochs} frozen + ${form.epochs} unfrozen epochs`
          : `${form.epochs} epoch${form.epochs === 1 ? '' : 's'} of one-cycle`}{' '}
        with {lrWord}.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          data-testid="train-button"
          disabled={active || isJobActive(finder.phase)}
          onClick={() => void startTraining(api)}
        >
          Train
        </button>
        {active && (
          <button
            type="button"
            className="button danger"
            data-testid="stop-button"
            disabled={run.phase === 'stopping' || run.jobId === null}
            onClick={() => void stopTraining(api)}
          >
            Stop
          </button>
        )}
      </div>
      {shown && (
        <div className="train-progress">
          <p data-testid="train-progress">{progressLine(run)}</p>
          {active && (
            <progress aria-label="Training progress" max={1} value={progress.fraction ?? undefined} />
          )}
        </div>
      )}
      {outcome !== null && (
        <p
          role="status"
          className={
            outcome.tone === 'ok'
              ? 'verdict'
              : outcome.tone === 'warn'
                ? 'verdict verdict-warn'
                : 'verdict verdict-neutral'
          }
        >
          {outcome.text}
        </p>
      )}
      {alert !== null && (
        <p role="alert" className={run.phase === 'cancelled' ? 'verdict verdict-neutral' : 'alert'}>
          {alert}
        </p>
      )}
      {(run.batches.length > 0 || run.epochs.length > 0) && (
        <div className="chart-grid">
          <LiveLossChart batches={run.batches} epochs={run.epochs} />
          <MetricsChart epochs={run.epochs} />
          <LiveScheduleChart batches={run.batches} />
        </div>
      )}
      {run.epochs.length > 0 && (
        <EpochTable
          epochs={run.epochs}
          fineTune={run.plan.fineTune}
          keptEpoch={run.result?.bestEpoch ?? null}
        />
      )}
      <AdviceList advice={advice} label="What the curves say" />
    </section>
  );
}
