// The outcome of an import: how many images are usable, what changed since the last import, counts
// per class and split, and every file that could not be used, with the reason.
import type { ImportSummary } from '../../../../shared/dataset';
import { resetImport, useDeskfitStore } from '../../store';
import { CountBars } from '../common/CountBars';
import { formatCount, formatSeconds, layoutWords, plural } from '../common/format';
import { ProblemsTable } from '../common/ProblemsTable';
import { classRows, splitRows } from './ScanPreviewPanel';

export function describeSummary(summary: ImportSummary): string {
  const changes = [`${formatCount(summary.added)} added`, `${formatCount(summary.updated)} updated`];
  if (summary.missing > 0) changes.push(`${formatCount(summary.missing)} missing (their labels are kept)`);
  else changes.push('0 missing');
  return `Imported ${plural(summary.items, 'usable image')} in ${formatSeconds(summary.seconds)}: ${changes.join(', ')}.`;
}

export function ImportSummaryPanel({ summary }: { summary: ImportSummary }) {
  const goTo = useDeskfitStore((s) => s.goTo);
  const classes = classRows(summary.byClass);
  return (
    <section className="panel import-summary" aria-labelledby="import-summary-heading">
      <h2 id="import-summary-heading">Import finished</h2>
      <p data-testid="import-summary" className="summary-line">
        {describeSummary(summary)}
      </p>
      <p className="muted small-text">
        {layoutWords[summary.layout]} · project <span className="mono">{summary.project}</span>
      </p>
      <div className="count-columns">
        {classes.length > 0 ? (
          <CountBars title="Images per class" rows={classes} testId="summary-classes" />
        ) : (
          <p className="muted">No labels yet: label the images on the Label page.</p>
        )}
        <CountBars title="Images per split" rows={splitRows(summary.bySplit)} testId="summary-splits" />
      </div>
      <h3>Problems{summary.problems.length > 0 ? ` (${formatCount(summary.problems.length)})` : ''}</h3>
      {summary.problems.length > 0 ? (
        <>
          <p className="muted small-text">
            These files are kept out of training. Fix or remove them and import the folder again: labels you
            made are kept.
          </p>
          <ProblemsTable problems={summary.problems} />
        </>
      ) : (
        <p>No problems: every file could be used.</p>
      )}
      <div className="button-row">
        <button type="button" className="button primary" onClick={() => goTo('label')}>
          Label these images
        </button>
        <button type="button" className="button" onClick={() => resetImport()}>
          Import another folder
        </button>
      </div>
    </section>
  );
}
