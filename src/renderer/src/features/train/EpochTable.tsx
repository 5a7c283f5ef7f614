// fastai's epoch table: epoch, train_loss, valid_loss, each metric, time. A fine-tune run has two
// phases (frozen, then unfrozen), each numbered from 0 as fastai prints them.
import type { EpochSample } from '../../store/trainReducers';
import { metricNames } from './chartData';
import { formatClock, formatTableNumber } from './format';

export interface EpochTableProps {
  epochs: EpochSample[];
  fineTune: boolean;
  /** The epoch whose weights the job kept (its own numbering, in the last phase), once it says. */
  keptEpoch?: number | null;
}

export function EpochTable({ epochs, fineTune, keptEpoch = null }: EpochTableProps) {
  const metrics = metricNames(epochs);
  const kept = keptEpoch !== null ? keptRow(epochs, keptEpoch) : null;
  const best = kept ?? bestRow(epochs);
  const marked = kept !== null ? 'the epoch whose weights were kept' : 'the best valid loss';
  return (
    <div className="table-scroll epoch-table-wrap">
      <table className="data-table epoch-table" data-testid="epoch-table">
        <caption>Per epoch, as fastai prints it{best !== null ? `; ${marked} is marked` : ''}.</caption>
        <thead>
          <tr>
            {fineTune && <th scope="col">phase</th>}
            <th scope="col">epoch</th>
            <th scope="col">train_loss</th>
            <th scope="col">valid_loss</th>
            {metrics.map((m) => (
              <th scope="col" key={m}>
                {m}
              </th>
            ))}
            <th scope="col">time</th>
          </tr>
        </thead>
        <tbody>
          {epochs.map((e, i) => (
            <tr
              key={`${e.fitPhase}-${e.epoch}-${i}`}
              data-testid="epoch-row"
              className={i === best ? 'best' : undefined}
            >
              {fineTune && <td>{e.fitPhase === 0 ? 'frozen' : 'unfrozen'}</td>}
              <td>{e.epoch}</td>
              <td>{formatTableNumber(e.train_loss)}</td>
              <td>{formatTableNumber(e.valid_loss)}</td>
              {metrics.map((m) => (
                <td key={m}>{formatTableNumber(e.metrics[m])}</td>
              ))}
              <td>{e.seconds !== null ? formatClock(e.seconds) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function keptRow(epochs: readonly EpochSample[], epoch: number): number | null {
  const lastPhase = epochs[epochs.length - 1]?.fitPhase;
  const index = epochs.findLastIndex((e) => e.epoch === epoch && e.fitPhase === lastPhase);
  return index === -1 ? null : index;
}

function bestRow(epochs: readonly EpochSample[]): number | null {
  let best: number | null = null;
  epochs.forEach((e, i) => {
    if (e.valid_loss === null) return;
    const current = best === null ? null : epochs[best]?.valid_loss;
    if (current === null || current === undefined || e.valid_loss < current) best = i;
  });
  return epochs.length > 1 ? best : null;
}
