// fastai's most_confused: the (actual, predicted) pairs the model mixes up most, each opening its cell.
import type { InterpretResult } from '../../../../shared/training';
import type { ConfusionCell } from '../../store';
import { formatCount } from '../common/format';
import { classIndex } from './interpretMath';

const SHOWN = 10;

export function MostConfused({
  result,
  chosen,
  onChoose,
}: {
  result: InterpretResult;
  chosen: ConfusionCell | null;
  onChoose(cell: ConfusionCell): void;
}) {
  const pairs = result.mostConfused.filter((p) => p.count > 0).slice(0, SHOWN);
  if (pairs.length === 0) {
    return <p className="muted">No class was confused with another on the validation set.</p>;
  }
  return (
    <ol className="most-confused" aria-label="Most confused classes" data-testid="most-confused">
      {pairs.map((pair) => {
        const cell = {
          actual: classIndex(result, pair.actual),
          predicted: classIndex(result, pair.predicted),
        };
        const isChosen = chosen?.actual === cell.actual && chosen.predicted === cell.predicted;
        return (
          <li key={`${pair.actual}\u0000${pair.predicted}`}>
            <button
              type="button"
              className="confused-pair"
              aria-pressed={isChosen}
              aria-label={`${pair.actual} predicted as ${pair.predicted}: ${formatCount(pair.count)} ${pair.count === 1 ? 'image' : 'images'}`}
              disabled={cell.actual < 0 || cell.predicted < 0}
              onClick={() => onChoose(cell)}
            >
              <span className="pair-names">
                <span className="pair-actual">{pair.actual}</span>
                <span className="muted"> predicted as </span>
                <span className="pair-predicted">{pair.predicted}</span>
              </span>
              <span className="pair-count">{formatCount(pair.count)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
