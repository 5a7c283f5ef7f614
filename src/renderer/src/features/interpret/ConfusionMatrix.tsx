// The confusion matrix as fastai draws it (actual down, predicted across, counts in the cells), shaded
// by each cell's share of its row: blue on the diagonal (right), red off it (wrong). A cell is a button:
// choosing it lists its images below. Per-class precision and recall follow.
import type { CSSProperties } from 'react';
import type { InterpretResult } from '../../../../shared/training';
import type { ConfusionCell } from '../../store';
import { formatCount } from '../common/format';
import { formatPercent, rowShare, rowTotals } from './interpretMath';

function cellStyle(share: number): CSSProperties {
  // Zero stays the plain surface; anything else is at least faintly tinted so it shows.
  const strength = share === 0 ? 0 : 8 + share * 82;
  return { '--share': `${strength.toFixed(1)}%` } as CSSProperties;
}

export function ConfusionMatrix({
  result,
  chosen,
  onChoose,
}: {
  result: InterpretResult;
  chosen: ConfusionCell | null;
  onChoose(cell: ConfusionCell | null): void;
}) {
  const { classes, confusion } = result;
  const totals = rowTotals(confusion);
  const vertical = classes.length > 5 || classes.some((c) => c.length > 10);
  const dense = classes.length > 8;
  return (
    <figure className="confusion" aria-labelledby="confusion-caption">
      <figcaption id="confusion-caption" className="muted small-text">
        Rows: the actual class. Columns: what the model predicted. Shaded by the share of each row; click a
        cell to see its images.
      </figcaption>
      <div className="table-scroll">
        <table
          className={['confusion-table', vertical ? 'vertical-heads' : '', dense ? 'dense' : '']
            .filter(Boolean)
            .join(' ')}
          data-testid="confusion-matrix"
        >
          <thead>
            <tr>
              <th scope="col" className="corner">
                <span className="axis-actual">Actual</span>
                <span className="axis-predicted">Predicted</span>
              </th>
              {classes.map((name) => (
                <th key={name} scope="col" className="col-head" title={name}>
                  <span>{name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, a) => (
              <tr key={classes[a] ?? a}>
                <th scope="row" className="row-head" title={classes[a]}>
                  {classes[a]}
                </th>
                {row.map((count, p) => {
                  const share = rowShare(count, totals[a] ?? 0);
                  const isChosen = chosen?.actual === a && chosen.predicted === p;
                  const kind = a === p ? 'right' : 'wrong';
                  const strong = share >= 0.5;
                  return (
                    <td key={p} className="confusion-td">
                      <button
                        type="button"
                        className={`confusion-cell ${kind}${strong ? ' strong' : ''}${count === 0 ? ' zero' : ''}`}
                        style={cellStyle(share)}
                        data-testid="confusion-cell"
                        data-actual={classes[a]}
                        data-predicted={classes[p]}
                        data-count={count}
                        aria-pressed={isChosen}
                        aria-label={`${classes[a]} predicted as ${classes[p]}: ${formatCount(count)} ${count === 1 ? 'image' : 'images'}`}
                        title={`${classes[a]} → ${classes[p]}: ${formatCount(count)} (${formatPercent(share)} of ${classes[a]})`}
                        disabled={count === 0}
                        onClick={() => onChoose(isChosen ? null : { actual: a, predicted: p })}
                      >
                        {formatCount(count)}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** Precision and recall per class, from the matrix (fastai's classification report, short). */
export function PerClassTable({ result }: { result: InterpretResult }) {
  const { classes, confusion } = result;
  const totals = rowTotals(confusion);
  const predictedTotals = classes.map((_, p) => confusion.reduce((sum, row) => sum + (row[p] ?? 0), 0));
  return (
    <div className="table-scroll">
      <table className="data-table per-class" data-testid="per-class">
        <caption>
          On the validation set: precision is how often a prediction of the class is right, recall how many of
          the class are found.
        </caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">Images</th>
          </tr>
        </thead>
        <tbody>
          {classes.map((name, i) => {
            const right = confusion[i]?.[i] ?? 0;
            const predicted = predictedTotals[i] ?? 0;
            const actual = totals[i] ?? 0;
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{predicted > 0 ? formatPercent(right / predicted) : '–'}</td>
                <td>{actual > 0 ? formatPercent(right / actual) : '–'}</td>
                <td>{formatCount(actual)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
