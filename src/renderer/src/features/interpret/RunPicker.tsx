// Which trained run the Interpret and Export pages use: newest first, the newest with a model chosen
// by default. Runs without a saved model are listed (so the user sees them) but cannot be chosen.
import { useId } from 'react';
import { useApi } from '../../api/ApiContext';
import { chooseRun, selectRuns, useDeskfitStore } from '../../store';
import { runLabel } from './interpretMath';

export function RunPicker({ disabled = false }: { disabled?: boolean }) {
  const api = useApi();
  const runs = useDeskfitStore(selectRuns);
  const id = useId();
  const list = runs.list ?? [];
  return (
    <label className="field run-picker" htmlFor={id}>
      <span>Model (training run)</span>
      <select
        id={id}
        data-testid="run-picker"
        value={runs.chosen ?? ''}
        disabled={disabled || list.length === 0}
        onChange={(e) => void chooseRun(api, e.target.value)}
      >
        {list.map((run) => (
          <option key={run.id} value={run.id} disabled={run.modelDir === null && run.id !== runs.chosen}>
            {runLabel(run)}
          </option>
        ))}
      </select>
    </label>
  );
}
