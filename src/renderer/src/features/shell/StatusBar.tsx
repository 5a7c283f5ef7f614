// The status bar: link to the service, the live compute backend, the open project, what the jobs are
// doing, and thumbnails still being made.
import {
  selectProjectName,
  selectThumbnails,
  selectConnection,
  selectConnectionLabel,
  selectGoTo,
  selectJobSummary,
  selectLiveBackend,
  useDeskfitStore,
} from '../../store';

export function StatusBar() {
  const connection = useDeskfitStore(selectConnection);
  const connectionLabel = useDeskfitStore(selectConnectionLabel);
  const backend = useDeskfitStore(selectLiveBackend);
  const jobSummary = useDeskfitStore(selectJobSummary);
  const goTo = useDeskfitStore(selectGoTo);
  const projectName = useDeskfitStore(selectProjectName);
  const thumbnails = useDeskfitStore(selectThumbnails);

  return (
    <footer role="contentinfo" className="status-bar">
      <span
        className="status-item status-connection"
        data-testid="status-connection"
        data-state={connection.state}
        title={connection.message}
      >
        <span className="status-dot" aria-hidden="true" />
        {connectionLabel}
      </span>
      <button
        type="button"
        className="status-item status-link"
        data-testid="status-backend"
        title="Open Settings to see why this backend was chosen"
        onClick={() => goTo('settings')}
      >
        Backend: {backend ?? 'checking…'}
      </button>
      <button
        type="button"
        className="status-item status-link"
        data-testid="status-project"
        title="Open the Datasets page"
        onClick={() => goTo('datasets')}
      >
        {projectName === null ? 'No project open' : `Project: ${projectName}`}
      </button>
      <span className="status-item" data-testid="status-job">
        {jobSummary}
      </span>
      {thumbnails !== null && (
        <span className="status-item" data-testid="status-thumbnails">
          Making thumbnails: {thumbnails.done.toLocaleString('en-US')} of{' '}
          {thumbnails.total.toLocaleString('en-US')}
        </span>
      )}
    </footer>
  );
}
