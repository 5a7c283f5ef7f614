// Labels in and out as a fastai-compatible CSV (`name,label,is_valid`). The path is typed (there is
// no save dialog in the contract); it starts as labels.csv in the project folder.
import { useState } from 'react';
import type { ErrorShape } from '../../../../shared/errors';
import { useApi } from '../../api/ApiContext';
import { exportLabelsCsv, importLabelsCsv, selectProjectDir, useDeskfitStore } from '../../store';
import { formatCount, plural } from '../common/format';
import { joinPath } from '../common/paths';

type Outcome =
  | { kind: 'exported'; file: string; rows: number }
  | { kind: 'imported'; description: string; unmatched: string[] }
  | { kind: 'error'; error: ErrorShape };

/** Names listed at most when some CSV rows match no image. */
const MAX_UNMATCHED = 20;

export function LabelsCsvPanel() {
  const api = useApi();
  const dir = useDeskfitStore(selectProjectDir);
  const [file, setFile] = useState(dir === null ? 'labels.csv' : joinPath(dir, 'labels.csv'));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function onExport(): Promise<void> {
    setBusy(true);
    const result = await exportLabelsCsv(api, file.trim());
    setBusy(false);
    setOutcome(result.ok ? { kind: 'exported', ...result.value } : { kind: 'error', error: result.error });
  }

  async function onImport(): Promise<void> {
    setBusy(true);
    const result = await importLabelsCsv(api, file.trim());
    setBusy(false);
    setOutcome(
      result.ok
        ? { kind: 'imported', description: result.value.description, unmatched: result.value.unmatched }
        : { kind: 'error', error: result.error },
    );
  }

  return (
    <section className="side-section csv-panel" aria-labelledby="csv-heading">
      <h2 id="csv-heading">Labels CSV</h2>
      <p className="muted small-text">
        fastai format: <code>name,label,is_valid</code>, tags separated by spaces.
      </p>
      <label className="field">
        <span>CSV file</span>
        <input type="text" spellCheck={false} value={file} onChange={(e) => setFile(e.target.value)} />
      </label>
      <div className="button-row tight">
        <button
          type="button"
          className="button small"
          disabled={busy || file.trim() === ''}
          onClick={() => void onExport()}
        >
          Export labels CSV
        </button>
        <button
          type="button"
          className="button small"
          disabled={busy || file.trim() === ''}
          onClick={() => void onImport()}
        >
          Import labels CSV
        </button>
      </div>
      <div role="status" className="small-text" data-testid="csv-outcome">
        {outcome?.kind === 'exported' && `Wrote ${plural(outcome.rows, 'row')} to ${outcome.file}.`}
        {outcome?.kind === 'imported' && (
          <>
            {outcome.description}.{' '}
            {outcome.unmatched.length === 0
              ? 'Every row matched an image.'
              : `${plural(outcome.unmatched.length, 'name')} matched no image:`}
          </>
        )}
      </div>
      {outcome?.kind === 'imported' && outcome.unmatched.length > 0 && (
        <ul className="unmatched-list small-text mono" aria-label="Names that matched no image">
          {outcome.unmatched.slice(0, MAX_UNMATCHED).map((name) => (
            <li key={name}>{name}</li>
          ))}
          {outcome.unmatched.length > MAX_UNMATCHED && (
            <li className="muted">and {formatCount(outcome.unmatched.length - MAX_UNMATCHED)} more</li>
          )}
        </ul>
      )}
      {outcome?.kind === 'error' && (
        <p role="alert" className="alert small-text">
          {outcome.error.message}
        </p>
      )}
    </section>
  );
}
