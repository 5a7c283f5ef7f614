// A running import: which phase, how far, the file at hand, and a way to cancel.
import { useApi } from '../../api/ApiContext';
import { cancelImport } from '../../store';
import type { ImportFlow } from '../../store';
import type { ImportProgress } from '../../../../shared/dataset';
import { formatCount } from '../common/format';

export const phaseWords: Record<ImportProgress['phase'], string> = {
  scanning: 'Scanning',
  checking: 'Checking images',
  writing: 'Writing',
  thumbnails: 'Making thumbnails',
};

export function progressLine(progress: ImportProgress | null): string {
  if (progress === null) return 'Starting the import…';
  const words = phaseWords[progress.phase];
  return progress.total > 0
    ? `${words}: ${formatCount(progress.done)} of ${formatCount(progress.total)}`
    : `${words}…`;
}

export function ImportProgressPanel({ flow }: { flow: ImportFlow }) {
  const api = useApi();
  const { progress } = flow;
  const known = progress !== null && progress.total > 0;
  return (
    <section className="panel import-progress" aria-labelledby="import-progress-heading">
      <h2 id="import-progress-heading">Importing</h2>
      {flow.folder !== null && <p className="mono small-text">{flow.folder}</p>}
      <p data-testid="import-phase" className="progress-line">
        {progressLine(progress)}
        {flow.phase === 'cancelling' && ' · cancelling…'}
      </p>
      <progress
        aria-label="Import progress"
        max={known ? progress.total : undefined}
        value={known ? Math.min(progress.done, progress.total) : undefined}
      />
      <p className="muted small-text current-file" title={progress?.file}>
        {progress?.file ?? '\u00a0'}
      </p>
      {flow.error !== null && (
        <p role="alert" className="alert">
          Could not cancel the import: {flow.error.message}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={flow.phase !== 'running' || flow.importId === null}
          onClick={() => void cancelImport(api)}
        >
          Cancel import
        </button>
      </div>
    </section>
  );
}
