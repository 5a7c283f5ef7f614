// Predict a batch with the chosen model: the project's unlabeled test split (or any folder), into a
// grid of thumbnails with their prediction and probability and, when asked, a CSV
// (`name,prediction,probability,<class>…`, default `<project>/predictions.csv`).
import { useMemo, useState } from 'react';
import type { PredictionRow, PredictResult } from '../../../../shared/training';
import { useApi } from '../../api/ApiContext';
import { cancelPredict, isFlowActive, predictBatch, selectPredictions, useDeskfitStore } from '../../store';
import { formatCount, plural } from '../common/format';
import { ItemThumb } from '../common/ItemThumb';
import { baseName, joinPath } from '../common/paths';
import { useFolderChooser } from '../common/useFolderChooser';
import { formatPercent } from '../interpret/interpretMath';
import { JobProgressLine } from '../interpret/JobProgressLine';
import { JobErrorNotice } from '../interpret/Notices';

/** Cards shown before "Show more". */
const PAGE = 120;

type SortKey = 'confident' | 'unsure' | 'name';

export function sortPredictions(
  rows: readonly PredictionRow[],
  sort: SortKey,
  only: string | null,
): PredictionRow[] {
  const kept = only === null ? [...rows] : rows.filter((r) => r.prediction === only);
  if (sort === 'name') return kept.sort((a, b) => a.name.localeCompare(b.name));
  const sign = sort === 'confident' ? -1 : 1;
  return kept.sort((a, b) => sign * (a.probability - b.probability) || a.name.localeCompare(b.name));
}

function ProbabilityBar({ value, label }: { value: number; label: string }) {
  return (
    <span className="prob-bar" aria-hidden="true" title={label}>
      <span className="prob-fill" style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />
    </span>
  );
}

function PredictionGrid({ result }: { result: PredictResult }) {
  const [sort, setSort] = useState<SortKey>('confident');
  const [only, setOnly] = useState<string | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const counts = useMemo(() => {
    const byClass = new Map<string, number>();
    for (const row of result.rows) byClass.set(row.prediction, (byClass.get(row.prediction) ?? 0) + 1);
    return byClass;
  }, [result.rows]);
  const rows = useMemo(() => sortPredictions(result.rows, sort, only), [result.rows, sort, only]);
  const shown = rows.slice(0, limit);
  return (
    <>
      <div className="prediction-tools">
        <div className="class-chips" role="group" aria-label="Show predictions of">
          <button
            type="button"
            className="button small"
            aria-pressed={only === null}
            onClick={() => setOnly(null)}
          >
            All {formatCount(result.rows.length)}
          </button>
          {result.classes
            .filter((c) => counts.has(c))
            .map((c) => (
              <button
                key={c}
                type="button"
                className="button small"
                aria-pressed={only === c}
                onClick={() => setOnly(only === c ? null : c)}
              >
                {c} {formatCount(counts.get(c) ?? 0)}
              </button>
            ))}
        </div>
        <span className="spacer" />
        <label className="field inline-field">
          <span>Order</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="confident">Most confident first</option>
            <option value="unsure">Least confident first</option>
            <option value="name">By name</option>
          </select>
        </label>
      </div>
      <div className="prediction-scroll">
        <ul className="prediction-grid" aria-label="Predictions">
          {shown.map((row, i) => (
            <li
              key={`${row.name}\u0000${i}`}
              className="prediction-card"
              data-testid="prediction-row"
              data-item-id={row.itemId}
              data-prediction={row.prediction}
              title={row.name}
            >
              <span className="review-thumb">
                <ItemThumb itemId={row.itemId} version={row.hash} />
              </span>
              <span className="review-name">{baseName(row.name)}</span>
              <span className="prediction-class">{row.prediction}</span>
              <span className="prediction-prob">
                <ProbabilityBar value={row.probability} label={formatPercent(row.probability)} />
                <span className="prob-text">{formatPercent(row.probability)}</span>
              </span>
            </li>
          ))}
        </ul>
        {shown.length < rows.length && (
          <button type="button" className="button small show-more" onClick={() => setLimit(limit + PAGE * 4)}>
            Show more ({formatCount(rows.length - shown.length)} left)
          </button>
        )}
      </div>
      {result.predicted > result.rows.length && (
        <p className="muted small-text">
          Showing the first {formatCount(result.rows.length)} of {formatCount(result.predicted)} predictions;
          the CSV has them all.
        </p>
      )}
    </>
  );
}

export function PredictPanel({
  projectDir,
  testCount,
  disabled,
}: {
  projectDir: string;
  testCount: number;
  disabled: boolean;
}) {
  const api = useApi();
  const { batch } = useDeskfitStore(selectPredictions);
  const chooser = useFolderChooser();
  const [writeCsv, setWriteCsv] = useState(true);
  const [csv, setCsv] = useState(() => joinPath(projectDir, 'predictions.csv'));
  const active = isFlowActive(batch.flow.phase);
  const csvPath = writeCsv && csv.trim() !== '' ? csv.trim() : null;

  async function chooseCsvFolder(): Promise<void> {
    const picked = await chooser.choose('Choose where to write predictions.csv', projectDir);
    if (picked !== null) {
      setCsv(joinPath(picked, 'predictions.csv'));
      setWriteCsv(true);
    }
  }

  async function predictFolder(): Promise<void> {
    const picked = await chooser.choose('Choose a folder of images to predict', projectDir);
    if (picked !== null) void predictBatch(api, { kind: 'folder', path: picked }, csvPath);
  }

  const result = batch.result;
  const sourceWords =
    batch.source === null ? '' : batch.source.kind === 'test' ? 'the test set' : baseName(batch.source.path);
  return (
    <section className="panel" aria-labelledby="predict-heading">
      <h2 id="predict-heading">Predict the test set</h2>
      <p className="muted">
        {testCount > 0
          ? `This project has ${plural(testCount, 'test image')} (no labels needed). Predict them with the model, see the results below and write them to a CSV.`
          : 'This project has no test images. Import a folder with a test/ subfolder, or move images to test on the Label page; or predict any folder.'}
      </p>
      <div className="path-row csv-row">
        <label className="check-field">
          <input type="checkbox" checked={writeCsv} onChange={(e) => setWriteCsv(e.target.checked)} />
          Write a CSV
        </label>
        <label className="field grow">
          <span>CSV file</span>
          <input
            type="text"
            className="mono"
            data-testid="predict-csv-path"
            value={csv}
            disabled={!writeCsv}
            spellCheck={false}
            onChange={(e) => setCsv(e.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={() => void chooseCsvFolder()}>
          Choose CSV folder…
        </button>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          data-testid="predict-button"
          disabled={disabled || active || testCount === 0}
          onClick={() => void predictBatch(api, { kind: 'test' }, csvPath)}
        >
          Predict test set
        </button>
        <button
          type="button"
          className="button"
          disabled={disabled || active}
          onClick={() => void predictFolder()}
        >
          Predict a folder…
        </button>
      </div>
      {active && (
        <JobProgressLine
          flow={batch.flow}
          doing={`Predicting ${sourceWords}`}
          unit="images"
          stopLabel="Stop prediction"
          onStop={() => void cancelPredict(api, 'batch')}
          testId="predict-progress"
        />
      )}
      {batch.flow.error !== null && !active && (
        <JobErrorNotice error={batch.flow.error} action="the prediction" />
      )}
      {result !== null && !active && (
        <div className="predict-result" data-testid="predict-result">
          <p role="status">
            Predicted {plural(result.predicted, 'image')} from {sourceWords}
            {result.failed.length > 0 && `; ${formatCount(result.failed.length)} could not be read`}.
            {result.csv !== undefined && (
              <>
                {' '}
                CSV written to <code data-testid="predict-csv">{result.csv}</code>
              </>
            )}
          </p>
          {result.failed.length > 0 && (
            <details className="failed-list">
              <summary>{plural(result.failed.length, 'image')} not predicted</summary>
              <ul>
                {result.failed.map((f) => (
                  <li key={f.name}>
                    <code>{f.name}</code>: {f.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <PredictionGrid result={result} />
        </div>
      )}
      {chooser.dialog}
    </section>
  );
}
