// Filters for the grid: split, label, problems, excluded, a debounced file-name search, and sort.
// Any change starts the view again at the top with nothing selected. Also the thumbnail size.
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  changePreferences,
  isDefaultFilter,
  resetItemFilter,
  selectClassNames,
  selectGridSize,
  selectItemFilter,
  selectItemTotal,
  setItemFilter,
  useDeskfitStore,
  type ItemFilter,
  type ItemSortKey,
  type LabelFilter,
  type TriState,
} from '../../store';
import { gridSizes, type GridSize } from '../../../../shared/preferences';
import { formatCount } from '../common/format';

/** How long typing must pause before the search runs. */
export const SEARCH_DEBOUNCE_MS = 250;

const sortWords: Record<ItemSortKey, string> = {
  path: 'Sort: file name',
  label: 'Sort: label',
  size: 'Sort: file size',
  width: 'Sort: width',
  added: 'Sort: date added',
};

function labelValue(label: LabelFilter): string {
  return label.kind === 'class' ? `class:${label.name}` : label.kind;
}

function parseLabel(value: string): LabelFilter {
  if (value === 'unlabeled') return { kind: 'unlabeled' };
  if (value.startsWith('class:')) return { kind: 'class', name: value.slice('class:'.length) };
  return { kind: 'any' };
}

function SearchBox({ search, onSearch }: { search: string; onSearch(text: string): void }) {
  const [text, setText] = useState(search);
  const [seen, setSeen] = useState(search);
  if (search !== seen) {
    // The filter changed from outside (Reset filters): show it.
    setSeen(search);
    setText(search);
  }
  useEffect(() => {
    if (text === search) return;
    const timer = setTimeout(() => onSearch(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search, onSearch]);
  return (
    <label className="field search-field">
      <span className="visually-hidden">Search</span>
      <input
        type="search"
        placeholder="File name…"
        aria-label="Search file names"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </label>
  );
}

export function FilterBar() {
  const api = useApi();
  const filter = useDeskfitStore(selectItemFilter);
  const classes = useDeskfitStore(selectClassNames);
  const change = (patch: Partial<ItemFilter>) => setItemFilter(api, patch);
  const onSearch = useCallback((search: string) => setItemFilter(api, { search }), [api]);
  const labelMissing = filter.label.kind === 'class' && !classes.includes(filter.label.name);

  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <label className="field">
        <span className="visually-hidden">Split</span>
        <select
          value={filter.split}
          onChange={(e) => change({ split: e.target.value as ItemFilter['split'] })}
        >
          <option value="all">All splits</option>
          <option value="train">train</option>
          <option value="valid">valid</option>
          <option value="test">test</option>
        </select>
      </label>
      <label className="field">
        <span className="visually-hidden">Label</span>
        <select
          value={labelValue(filter.label)}
          onChange={(e) => change({ label: parseLabel(e.target.value) })}
        >
          <option value="any">Any label</option>
          <option value="unlabeled">Unlabeled</option>
          {classes.map((name) => (
            <option key={name} value={`class:${name}`}>
              {name}
            </option>
          ))}
          {labelMissing && filter.label.kind === 'class' && (
            <option value={labelValue(filter.label)}>{filter.label.name}</option>
          )}
        </select>
      </label>
      <label className="field">
        <span className="visually-hidden">Problems</span>
        <select value={filter.problems} onChange={(e) => change({ problems: e.target.value as TriState })}>
          <option value="all">Problems: show</option>
          <option value="hide">Problems: hide</option>
          <option value="only">Only problems</option>
        </select>
      </label>
      <label className="field">
        <span className="visually-hidden">Excluded</span>
        <select value={filter.excluded} onChange={(e) => change({ excluded: e.target.value as TriState })}>
          <option value="all">Excluded: show</option>
          <option value="hide">Excluded: hide</option>
          <option value="only">Only excluded</option>
        </select>
      </label>
      <SearchBox search={filter.search} onSearch={onSearch} />
      <label className="field">
        <span className="visually-hidden">Sort by</span>
        <select value={filter.sort} onChange={(e) => change({ sort: e.target.value as ItemSortKey })}>
          {Object.entries(sortWords).map(([key, words]) => (
            <option key={key} value={key}>
              {words}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button small sort-direction"
        aria-pressed={filter.descending}
        aria-label="Sort descending"
        title={filter.descending ? 'Descending (click for ascending)' : 'Ascending (click for descending)'}
        onClick={() => change({ descending: !filter.descending })}
      >
        <span aria-hidden="true">{filter.descending ? '↓' : '↑'}</span>
      </button>
      <GridSizeChooser />
    </div>
  );
}

const gridSizeWords: Record<GridSize, { short: string; long: string }> = {
  small: { short: 'S', long: 'Small thumbnails' },
  medium: { short: 'M', long: 'Medium thumbnails' },
  large: { short: 'L', long: 'Large thumbnails' },
};

/** Small, medium or large thumbnails: more images on screen, or more detail in each. */
function GridSizeChooser() {
  const api = useApi();
  const size = useDeskfitStore(selectGridSize);
  return (
    <div className="grid-size" role="group" aria-label="Thumbnail size">
      {gridSizes.map((option) => (
        <button
          key={option}
          type="button"
          className="button small"
          aria-pressed={size === option}
          aria-label={gridSizeWords[option].long}
          title={gridSizeWords[option].long}
          onClick={() => void changePreferences(api, { gridSize: option })}
        >
          {gridSizeWords[option].short}
        </button>
      ))}
    </div>
  );
}

/** How many images the filter matches, and a way back to all of them. */
export function FilterSummary() {
  const api = useApi();
  const filter = useDeskfitStore(selectItemFilter);
  const total = useDeskfitStore(selectItemTotal);
  return (
    <div className="filter-summary">
      <span data-testid="filter-total" aria-live="polite">
        {total === null ? '…' : `${formatCount(total)} ${total === 1 ? 'image' : 'images'}`}
      </span>
      {!isDefaultFilter(filter) && (
        <button type="button" className="button small" onClick={() => resetItemFilter(api)}>
          Reset filters
        </button>
      )}
    </div>
  );
}
