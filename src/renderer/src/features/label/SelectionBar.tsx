// Bulk actions on the selection (or the current image when nothing is selected): assign a class,
// move to train or valid, exclude or include.
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  assignLabel,
  clearSelection,
  currentItem,
  moveToSplit,
  selectClassNames,
  selectSelectionSize,
  setExcluded,
  useDeskfitStore,
} from '../../store';
import { formatCount } from '../common/format';

export function SelectionBar() {
  const api = useApi();
  const count = useDeskfitStore(selectSelectionSize);
  const current = useDeskfitStore(currentItem);
  const classes = useDeskfitStore(selectClassNames);
  const [choice, setChoice] = useState('');
  const target = classes.includes(choice) ? choice : (classes[0] ?? '');
  const hasTargets = count > 0 || current !== undefined;

  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected images">
      <span className="selection-count" data-testid="selection-count">
        {count > 0 ? `${formatCount(count)} selected` : 'None selected'}
      </span>
      {count > 0 && (
        <button
          type="button"
          className="icon-button"
          aria-label="Clear selection"
          title="Clear selection (Esc)"
          onClick={() => clearSelection()}
        >
          <span aria-hidden="true">✕</span>
        </button>
      )}
      <label className="field inline">
        <span className="visually-hidden">Class for the selected images</span>
        <select value={target} disabled={classes.length === 0} onChange={(e) => setChoice(e.target.value)}>
          {classes.length === 0 && <option value="">No classes yet</option>}
          {classes.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button small"
        disabled={!hasTargets || target === ''}
        onClick={() => void assignLabel(api, target)}
      >
        Assign class
      </button>
      <span className="toolbar-sep" aria-hidden="true" />
      <button
        type="button"
        className="button small"
        disabled={!hasTargets}
        onClick={() => void moveToSplit(api, 'train')}
      >
        Move to train
      </button>
      <button
        type="button"
        className="button small"
        disabled={!hasTargets}
        onClick={() => void moveToSplit(api, 'valid')}
      >
        Move to valid
      </button>
      <button
        type="button"
        className="button small"
        disabled={!hasTargets}
        onClick={() => void setExcluded(api, true)}
      >
        Exclude
      </button>
      <button
        type="button"
        className="button small"
        disabled={!hasTargets}
        onClick={() => void setExcluded(api, false)}
      >
        Include
      </button>
    </div>
  );
}
