// Runs the self-test on the live backend and shows its progress, loss curve and verdict.
import { useApi } from '../../api/ApiContext';
import {
  cancelSelftest,
  isSelftestActive,
  selectSelftest,
  startSelftest,
  useDeskfitStore,
} from '../../store';
import type { SelftestRun } from '../../store';
import { LossChart } from './LossChart';
import { describeSelftestResult, formatLoss } from './format';

function progressText(run: SelftestRun): string {
  if (run.phase === 'starting') return 'Starting the self-test…';
  const steps = run.total !== null ? `Step ${run.step} of ${run.total}` : `Step ${run.step}`;
  const loss = run.loss !== null ? ` · loss ${formatLoss(run.loss)}` : '';
  const cancelling = run.phase === 'cancelling' ? ' · cancelling…' : '';
  return `${steps}${loss}${cancelling}`;
}

function statusText(run: SelftestRun): string {
  if (run.phase !== 'done') return '';
  if (run.result !== null) return describeSelftestResult(run.result);
  return 'Self-test finished while the connection was down, so its result never arrived. Run it again to see it.';
}

function alertText(run: SelftestRun): string | null {
  if (run.phase === 'cancelled') return 'Self-test cancelled.';
  if (run.error === null) return null;
  if (run.phase === 'failed') {
    return run.error.code === 'CANCELLED' ? 'Self-test cancelled.' : `Self-test failed: ${run.error.message}`;
  }
  return `Could not cancel the self-test: ${run.error.message}`;
}

function verdictClass(run: SelftestRun): string {
  if (run.result === null) return 'verdict verdict-neutral';
  return run.result.fell ? 'verdict' : 'verdict verdict-warn';
}

export function SelftestPanel() {
  const api = useApi();
  const run = useDeskfitStore(selectSelftest);
  const active = isSelftestActive(run.phase);
  const alert = alertText(run);

  return (
    <section className="panel" aria-labelledby="selftest-heading">
      <h2 id="selftest-heading">Self-test</h2>
      <p>
        Trains a tiny convolutional network on synthetic images for a few dozen steps on the live backend and
        checks that the loss falls: a quick proof that training works on this machine, and how fast.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={active}
          onClick={() => void startSelftest(api)}
        >
          Run self-test
        </button>
        {active && (
          <button
            type="button"
            className="button"
            disabled={run.phase === 'cancelling' || run.jobId === null}
            onClick={() => void cancelSelftest(api)}
          >
            Cancel self-test
          </button>
        )}
      </div>
      {(active || run.losses.length > 0) && (
        <div className="progress-block">
          <p data-testid="selftest-progress">{progressText(run)}</p>
          {active && (
            <progress
              aria-label="Self-test progress"
              max={run.total ?? undefined}
              value={run.total !== null ? run.step : undefined}
            />
          )}
        </div>
      )}
      {run.losses.length > 0 && <LossChart points={run.losses} total={run.total} />}
      <p role="status" className={verdictClass(run)}>
        {statusText(run)}
      </p>
      {alert !== null && (
        <p role="alert" className="alert">
          {alert}
        </p>
      )}
    </section>
  );
}
