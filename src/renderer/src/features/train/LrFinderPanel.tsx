// The learning rate: typed, left to the LR finder ('auto'), or picked from the finder's curve. Find LR
// runs fastai's sweep on the model the settings describe; its suggestions are buttons and markers.
import { useMemo } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  isJobActive,
  selectLrFinder,
  selectSweep,
  selectTrainForm,
  selectTrainingBusy,
  startLrFind,
  stopLrFind,
  useDeskfitStore,
} from '../../store';
import { AdviceList } from './AdviceList';
import { adviseOnLrFinder } from './advisor';
import { CheckField, NumberField } from './fields';
import { formatLr, parseLr } from './format';
import { LrFinderChart, markerColor } from './LrFinderChart';
import {
  lrFinderRows,
  rowsFromResult,
  suggestionMarkers,
  suggestionNames,
  suggestionWords,
  type SuggestionName,
} from './lrFinderData';
import { updateTrainForm } from './SettingsPanel';
import { help } from './trainHelp';

const suggestionLabels: Record<SuggestionName, string> = {
  valley: 'Valley',
  slide: 'Slide',
  minimum: 'Minimum ÷ 10',
  steep: 'Steep',
};

export function LrFinderPanel() {
  const api = useApi();
  const finder = useDeskfitStore(selectLrFinder);
  const form = useDeskfitStore(selectTrainForm);
  const sweep = useDeskfitStore(selectSweep);
  const active = isJobActive(finder.phase);
  const busy = useDeskfitStore(selectTrainingBusy);

  const rows = useMemo(
    () =>
      finder.result !== null
        ? rowsFromResult(finder.result.lrs, finder.result.losses, finder.points)
        : lrFinderRows(finder.points),
    [finder.result, finder.points],
  );
  const markers = useMemo(
    () => (finder.result !== null ? suggestionMarkers(finder.result.suggestions, rows) : []),
    [finder.result, rows],
  );
  const advice = useMemo(
    () =>
      finder.result !== null
        ? adviseOnLrFinder({
            lrs: finder.result.lrs,
            losses: finder.result.losses,
            end: finder.end,
            problem: finder.result.suggestions.problem ?? null,
          })
        : [],
    [finder.result, finder.end],
  );
  const chosen = typeof form.lr === 'number' ? form.lr : null;
  const valley = markers.find((m) => m.name === 'valley') ?? markers[0];
  const alert =
    finder.phase === 'failed' && finder.error !== null
      ? `The LR finder failed: ${finder.error.message}`
      : finder.phase === 'cancelled'
        ? 'LR finder stopped.'
        : null;

  return (
    <section className="panel" aria-labelledby="lr-heading">
      <h2 id="lr-heading">Learning rate</h2>
      <div className="lr-row">
        <NumberField
          label="Peak learning rate"
          value={chosen ?? undefined}
          optional={form.lr === 'auto'}
          min={1e-8}
          max={10}
          format={formatLr}
          parse={parseLr}
          placeholder="auto"
          disabled={form.lr === 'auto' || busy}
          help={help.lr}
          testId="lr-input"
          className="lr-input"
          onChange={(lr) => lr !== undefined && updateTrainForm({ lr })}
        />
        <CheckField
          label="Let the LR finder choose"
          checked={form.lr === 'auto'}
          disabled={busy}
          help={help.lrAuto}
          onChange={(auto) => updateTrainForm({ lr: auto ? 'auto' : (valley?.lr ?? 1e-3) })}
        />
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          data-testid="find-lr"
          disabled={busy}
          onClick={() => void startLrFind(api)}
        >
          Find LR
        </button>
        {active && (
          <button
            type="button"
            className="button"
            disabled={finder.phase !== 'running'}
            onClick={() => void stopLrFind(api)}
          >
            Stop LR finder
          </button>
        )}
        <details className="sweep-range">
          <summary>Sweep range</summary>
          <div className="sweep-fields">
            <NumberField
              label="From"
              value={sweep.start}
              min={1e-10}
              max={1}
              format={formatLr}
              parse={parseLr}
              disabled={busy}
              onChange={(start) =>
                start !== undefined && useDeskfitStore.getState().trainSweepChanged({ ...sweep, start })
              }
            />
            <NumberField
              label="To"
              value={sweep.end}
              min={1e-6}
              max={100}
              format={formatLr}
              parse={parseLr}
              disabled={busy}
              onChange={(end) =>
                end !== undefined && useDeskfitStore.getState().trainSweepChanged({ ...sweep, end })
              }
            />
          </div>
        </details>
      </div>
      {active && (
        <p className="muted" data-testid="lr-find-progress">
          {finder.phase === 'starting'
            ? 'Starting the LR finder…'
            : `Sweeping: step ${finder.step}${finder.total !== null ? ` of ${finder.total}` : ''}${finder.phase === 'stopping' ? ' · stopping…' : ''}`}
        </p>
      )}
      {rows.length > 0 && (
        <LrFinderChart
          rows={rows}
          markers={markers}
          chosen={chosen}
          live={active}
          onPick={(lr) => updateTrainForm({ lr })}
        />
      )}
      {markers.length > 0 && (
        <div className="suggestions" role="group" aria-label="Suggested learning rates">
          {suggestionNames.map((name) => {
            const marker = markers.find((m) => m.name === name);
            if (marker === undefined) return null;
            const picked = chosen !== null && Math.abs(chosen - marker.lr) <= marker.lr * 1e-9;
            return (
              <button
                key={name}
                type="button"
                className={`suggestion${picked ? ' chosen' : ''}`}
                aria-pressed={picked}
                title={suggestionWords[name]}
                data-testid={`lr-suggestion-${name}`}
                disabled={busy}
                onClick={() => updateTrainForm({ lr: marker.lr })}
              >
                <span className="swatch" style={{ background: markerColor[name] }} aria-hidden="true" />
                <span className="suggestion-name">{suggestionLabels[name]}</span>
                <span className="suggestion-lr">{formatLr(marker.lr)}</span>
              </button>
            );
          })}
          {valley !== undefined && (
            <button
              type="button"
              className="button small"
              data-testid="use-lr"
              disabled={busy}
              onClick={() => updateTrainForm({ lr: valley.lr })}
            >
              Use {formatLr(valley.lr)} ({valley.name})
            </button>
          )}
        </div>
      )}
      <AdviceList advice={advice} label="What the curve says" />
      {alert !== null && (
        <p role="alert" className="alert">
          {alert}
        </p>
      )}
    </section>
  );
}
