// Label: counts per class and split always in view, filters, the virtualized thumbnail grid with
// keyboard labeling, bulk actions, class management, undo/redo and labels CSV in and out.
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  ensureItems,
  resetItemFilter,
  selectCacheKey,
  selectEditError,
  selectItemTotal,
  selectItemsError,
  selectProject,
  selectViewerOpen,
  useDeskfitStore,
} from '../../store';
import { NoProjectState } from '../common/NoProjectState';
import { ClassPanel } from './ClassPanel';
import { EditStatus } from './EditStatus';
import { FilterBar, FilterSummary } from './FilterBar';
import { ImageGrid } from './ImageGrid';
import { LabelsCsvPanel } from './LabelsCsvPanel';
import { LargeView } from './LargeView';
import { SelectionBar } from './SelectionBar';
import type { Size } from './useElementSize';
import { useLabelHotkeys } from './useLabelHotkeys';
import './label.css';

const defaultGridSize: Size = { width: 800, height: 560 };

function NoProject() {
  return (
    <>
      <h1>Label</h1>
      <NoProjectState>
        Open or create one on the Datasets page, import a folder of images, then label them here.
      </NoProjectState>
    </>
  );
}

function GridArea({ gridSize }: { gridSize: Size }) {
  const api = useApi();
  const total = useDeskfitStore(selectItemTotal);
  const error = useDeskfitStore(selectItemsError);
  const projectTotal = useDeskfitStore((s) => s.project.current?.stats.total ?? 0);
  const goTo = useDeskfitStore((s) => s.goTo);
  if (error !== null && total === null) {
    return (
      <p role="alert" className="alert">
        Could not load the images: {error.message}
      </p>
    );
  }
  if (total === 0) {
    return projectTotal === 0 ? (
      <div className="grid-empty">
        <p>This project has no images yet.</p>
        <button type="button" className="button primary" onClick={() => goTo('datasets')}>
          Import a folder
        </button>
      </div>
    ) : (
      <div className="grid-empty">
        <p>No images match these filters.</p>
        <button type="button" className="button" onClick={() => resetItemFilter(api)}>
          Show all images
        </button>
      </div>
    );
  }
  return <ImageGrid fallbackSize={gridSize} />;
}

export function LabelPage({ gridSize = defaultGridSize }: { gridSize?: Size }) {
  const api = useApi();
  const project = useDeskfitStore(selectProject);
  const cacheKey = useDeskfitStore(selectCacheKey);
  const viewerOpen = useDeskfitStore(selectViewerOpen);
  const editError = useDeskfitStore(selectEditError);
  useLabelHotkeys(api);

  useEffect(() => {
    // A new filter or project: fetch what the grid starts with (the grid fetches the rest as it scrolls).
    const { visible } = useDeskfitStore.getState().label;
    void ensureItems(api, visible.start, visible.end);
  }, [api, cacheKey]);

  if (project === null) return <NoProject />;
  return (
    <div className="label-page">
      <div className="label-header">
        <h1>Label</h1>
        <span className="label-project muted" title={project.dir}>
          {project.name}
        </span>
        <FilterSummary />
        <span className="spacer" />
        <EditStatus />
      </div>
      <FilterBar />
      {editError !== null && (
        <div className="edit-error">
          <p role="alert" className="alert">
            {editError.message}
          </p>
          <button
            type="button"
            className="button small"
            onClick={() => useDeskfitStore.getState().editErrorDismissed()}
          >
            Dismiss
          </button>
        </div>
      )}
      <div className="label-body">
        <div className="label-main">
          <SelectionBar />
          <GridArea gridSize={gridSize} />
        </div>
        <aside className="label-side" aria-label="Classes and counts">
          <ClassPanel />
          <LabelsCsvPanel key={project.dir} />
        </aside>
      </div>
      <p className="key-hints muted small-text" aria-hidden="true">
        <kbd>1</kbd>–<kbd>9</kbd> label · <kbd>0</kbd> clear · arrows move · <kbd>Shift</kbd>+click range ·{' '}
        <kbd>Ctrl</kbd>+<kbd>A</kbd> all · <kbd>Enter</kbd> large view · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo
      </p>
      {viewerOpen && <LargeView />}
    </div>
  );
}
