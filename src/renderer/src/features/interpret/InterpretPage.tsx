// Interpret: what the trained model gets wrong, as fastai's ClassificationInterpretation shows it —
// the confusion matrix (a cell lists its images), the most confused pairs, the top losses — with the
// labels fixable right there and a way back to the Train page to retrain on them.
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  cancelInterpret,
  isFlowActive,
  loadInterpretation,
  loadRuns,
  selectChosenRun,
  selectInterpret,
  selectProjectDir,
  selectChosenRunId,
  startInterpret,
  useDeskfitStore,
  type InterpretState,
} from '../../store';
import type { InterpretResult } from '../../../../shared/training';
import { formatCount, plural } from '../common/format';
import { ConfusionMatrix, PerClassTable } from './ConfusionMatrix';
import { cellItems, formatLossValue, formatPercent } from './interpretMath';
import { JobProgressLine } from './JobProgressLine';
import { MostConfused } from './MostConfused';
import { JobErrorNotice, NoProjectNotice, RunsGate } from './Notices';
import { ReviewGrid } from './ReviewGrid';
import { RunPicker } from './RunPicker';
import './interpret.css';

/** Cards a confusion cell shows before "Show all". */
const CELL_PAGE = 60;
/** Top losses shown before "Show all" (fastai's plot_top_losses shows a handful). */
const LOSSES_SHOWN = 24;

function RetrainButton({ primary }: { primary: boolean }) {
  const goTo = useDeskfitStore((s) => s.goTo);
  return (
    <button type="button" className={primary ? 'button primary' : 'button'} onClick={() => goTo('train')}>
      Retrain
    </button>
  );
}

function EditsBar({ state }: { state: InterpretState }) {
  const marks = Object.values(state.marks);
  const relabelled = marks.filter((m) => m.label !== undefined).length;
  const excluded = marks.filter((m) => m.excluded === true).length;
  if (marks.length === 0 && state.editError === null) return null;
  return (
    <div className="edits-bar" data-testid="interpret-edits">
      {state.editError !== null ? (
        <>
          <p role="alert" className="alert">
            {state.editError.message}
          </p>
          <button
            type="button"
            className="button small"
            onClick={() => useDeskfitStore.getState().reviewErrorDismissed()}
          >
            Dismiss
          </button>
        </>
      ) : (
        <>
          <p role="status">
            {[
              relabelled > 0 ? `${plural(relabelled, 'image')} relabelled` : null,
              excluded > 0 ? `${plural(excluded, 'image')} excluded` : null,
            ]
              .filter(Boolean)
              .join(', ') || 'Edits saved'}
            {state.notice !== null && <span className="muted"> · last: {state.notice}</span>}. Retrain to
            learn from them.
          </p>
          <RetrainButton primary />
        </>
      )}
    </div>
  );
}

function Summary({ result }: { result: InterpretResult }) {
  const total = result.items.itemId.length;
  const wrong = total - result.confusion.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
  return (
    <p className="interpret-summary" data-testid="interpret-summary">
      <strong>Accuracy {formatPercent(result.accuracy)}</strong> · loss {formatLossValue(result.loss)} ·{' '}
      {plural(total, 'validation image')}, {formatCount(wrong)} wrong · TTA {result.tta ? 'on' : 'off'}
    </p>
  );
}

function CellImages({ result, state }: { result: InterpretResult; state: InterpretState }) {
  const [showAll, setShowAll] = useState<string | null>(null);
  const cell = state.cell;
  const entries = useMemo(
    () => (cell === null ? [] : cellItems(result, cell.actual, cell.predicted)),
    [result, cell],
  );
  if (cell === null) return null;
  const key = `${cell.actual}:${cell.predicted}`;
  const shown = showAll === key ? entries : entries.slice(0, CELL_PAGE);
  const actual = result.classes[cell.actual];
  const predicted = result.classes[cell.predicted];
  return (
    <section className="panel cell-images" aria-labelledby="cell-heading" data-testid="cell-images">
      <div className="section-head">
        <h2 id="cell-heading">
          {actual} predicted as {predicted}
          <span className="muted heading-count"> · {plural(entries.length, 'image')}</span>
        </h2>
        <span className="spacer" />
        <button
          type="button"
          className="button small"
          onClick={() => useDeskfitStore.getState().confusionCellChosen(null)}
        >
          Close
        </button>
      </div>
      <ReviewGrid
        entries={shown}
        label={`Images of ${actual} predicted as ${predicted}`}
        testId="cell-image"
      />
      {shown.length < entries.length && (
        <button type="button" className="button small show-more" onClick={() => setShowAll(key)}>
          Show all {formatCount(entries.length)}
        </button>
      )}
    </section>
  );
}

function Results({ result, state }: { result: InterpretResult; state: InterpretState }) {
  const choose = useDeskfitStore((s) => s.confusionCellChosen);
  const [allLosses, setAllLosses] = useState(false);
  const losses = allLosses ? result.topLosses : result.topLosses.slice(0, LOSSES_SHOWN);
  return (
    <>
      <Summary result={result} />
      <section className="panel" aria-labelledby="confusion-heading">
        <h2 id="confusion-heading">Confusion matrix</h2>
        <ConfusionMatrix result={result} chosen={state.cell} onChoose={choose} />
      </section>
      <div className="interpret-columns">
        <section className="panel" aria-labelledby="confused-heading">
          <h2 id="confused-heading">Most confused</h2>
          <MostConfused result={result} chosen={state.cell} onChoose={choose} />
        </section>
        <section className="panel" aria-labelledby="per-class-heading">
          <h2 id="per-class-heading">Per class</h2>
          <PerClassTable result={result} />
        </section>
      </div>
      <CellImages key={`${result.runId}`} result={result} state={state} />
      <section className="panel" aria-labelledby="losses-heading">
        <h2 id="losses-heading">
          Top losses
          <span className="muted heading-count">
            {' '}
            · prediction / label, loss, probability of the prediction
          </span>
        </h2>
        <ReviewGrid entries={losses} label="Top losses" testId="top-loss-cell" />
        {losses.length < result.topLosses.length && (
          <button type="button" className="button small show-more" onClick={() => setAllLosses(true)}>
            Show all {formatCount(result.topLosses.length)}
          </button>
        )}
        <p className="review-hints muted small-text">
          Click an image, then <kbd>1</kbd>–<kbd>9</kbd> relabel · <kbd>0</kbd> clear · <kbd>X</kbd> exclude ·
          arrows move · <kbd>Enter</kbd> large view
        </p>
      </section>
    </>
  );
}

function Controls({ state }: { state: InterpretState }) {
  const api = useApi();
  const run = useDeskfitStore(selectChosenRun);
  const active = isFlowActive(state.job.phase);
  const noModel = run !== null && run.modelDir === null;
  return (
    <section className="panel interpret-controls" aria-label="Interpretation">
      <div className="controls-row">
        <RunPicker disabled={active} />
        <label className="check-field">
          <input
            type="checkbox"
            checked={state.tta}
            disabled={active}
            onChange={(e) => useDeskfitStore.getState().ttaChanged(e.target.checked)}
          />
          Test-time augmentation (TTA)
        </label>
        <button
          type="button"
          className="button primary"
          data-testid="interpret-button"
          disabled={active || noModel}
          onClick={() => void startInterpret(api)}
        >
          {state.result === null ? 'Interpret' : 'Interpret again'}
        </button>
      </div>
      {noModel && (
        <p className="verdict verdict-warn">
          This run saved no model ({run.status}), so there is nothing to interpret. Choose another run or
          train again.
        </p>
      )}
      {active && (
        <JobProgressLine
          flow={state.job}
          doing="Interpreting the validation set"
          unit="images"
          stopLabel="Stop interpretation"
          onStop={() => void cancelInterpret(api)}
          testId="interpret-progress"
        />
      )}
      {state.job.error !== null && !active && (
        <JobErrorNotice error={state.job.error} action="the interpretation" />
      )}
    </section>
  );
}

function SavedState({ state, runId }: { state: InterpretState; runId: string }) {
  const api = useApi();
  if (state.result !== null || isFlowActive(state.job.phase)) return null;
  if (state.saved === 'loading' || state.saved === 'unknown') {
    return (
      <p className="muted" aria-busy="true">
        Reading the saved interpretation…
      </p>
    );
  }
  if (state.saved === 'error' && state.loadError !== null) {
    return (
      <div className="load-row">
        <p role="alert" className="alert">
          Could not read the saved interpretation: {state.loadError.message}
        </p>
        <button type="button" className="button" onClick={() => void loadInterpretation(api, runId)}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <section className="empty-state" aria-label="No interpretation yet" data-testid="no-interpretation">
      <p className="empty-lead">This run has not been interpreted yet.</p>
      <p>
        Click <strong>Interpret</strong> to predict the validation set with this model and see the confusion
        matrix, the most confused classes and the images with the highest loss.
      </p>
    </section>
  );
}

export function InterpretPage() {
  const api = useApi();
  const dir = useDeskfitStore(selectProjectDir);
  const chosen = useDeskfitStore(selectChosenRunId);
  const state = useDeskfitStore(selectInterpret);

  useEffect(() => {
    // Runs may have been added since the last visit (a training finished elsewhere): ask on each visit.
    if (dir !== null) void loadRuns(api);
  }, [api, dir]);

  if (dir === null) return <NoProjectNotice title="Interpret" what="see what the model gets wrong" />;

  const header = (
    <div className="page-head">
      <h1>Interpret</h1>
      <span className="spacer" />
      <RetrainButton primary={false} />
    </div>
  );

  return (
    <RunsGate dir={dir} header={header}>
      <div className="interpret-page">
        {header}
        <Controls state={state} />
        <EditsBar state={state} />
        {chosen !== null && <SavedState state={state} runId={chosen} />}
        {state.result !== null && <Results result={state.result} state={state} />}
      </div>
    </RunsGate>
  );
}
