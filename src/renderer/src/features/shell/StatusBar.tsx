// The status bar: link to the service, the open project, the live compute backend (opens Settings'
// doctor report), what the jobs are doing (kind, progress, Stop), thumbnails still being made, and
// the keyboard help.
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  cancelSelftest,
  selectAppError,
  selectConnection,
  selectConnectionLabel,
  selectFilesRefreshing,
  selectGoTo,
  selectLiveBackend,
  selectPage,
  selectProjectName,
  selectThumbnails,
  useDeskfitStore,
} from '../../store';
import { followedJob, jobPages, kindWordsOf } from './jobStatus';
import { openKeyboardHelp } from './keyboardHelpState';

/** After Settings renders, bring its backend report (the candidates table) into view. */
function revealDoctorReport(): void {
  requestAnimationFrame(() => {
    const report =
      document.getElementById('candidates-heading') ?? document.getElementById('backend-heading');
    if (report !== null && typeof report.scrollIntoView === 'function')
      report.scrollIntoView({ block: 'start' });
  });
}

function JobStatus() {
  const api = useApi();
  const jobs = useDeskfitStore((s) => s.jobs);
  const page = useDeskfitStore(selectPage);
  const goTo = useDeskfitStore(selectGoTo);
  const [stopping, setStopping] = useState<ReadonlySet<string>>(() => new Set());
  const [stopError, setStopError] = useState<string | null>(null);
  const job = followedJob(jobs, stopping);

  if (job === null) {
    return (
      <span className="status-item" data-testid="status-job">
        Idle
      </span>
    );
  }

  const jobPage = jobPages[job.kind];
  const canStop = job.jobId !== null && !job.stopping && jobPage !== page;

  async function stop(): Promise<void> {
    if (job === null || job.jobId === null) return;
    const jobId = job.jobId;
    setStopping((s) => new Set(s).add(jobId));
    setStopError(null);
    if (job.kind === 'selftest') {
      await cancelSelftest(api);
      return;
    }
    try {
      await api.invoke('jobs:cancel', { jobId });
    } catch (err) {
      setStopping((s) => {
        const next = new Set(s);
        next.delete(jobId);
        return next;
      });
      setStopError(`Could not stop the ${kindWordsOf(job.kind)}: ${(err as Error).message}`);
    }
  }

  return (
    <span className="status-item status-job-group" data-job-kind={job.kind}>
      {jobPage !== undefined && jobPage !== page ? (
        <button
          type="button"
          className="status-link status-job-link"
          data-testid="status-job"
          title={job.detail ?? `Open the page that shows this ${kindWordsOf(job.kind)}`}
          onClick={() => goTo(jobPage)}
        >
          {job.summary}
        </button>
      ) : (
        <span data-testid="status-job" title={job.detail ?? undefined}>
          {job.summary}
        </span>
      )}
      {job.percent !== null && (
        <>
          <progress
            className="status-progress"
            max={100}
            value={job.percent}
            aria-label={`${kindWordsOf(job.kind)} progress`}
          />
          <span className="status-percent" data-testid="status-job-percent">
            {job.percent}%
          </span>
        </>
      )}
      {canStop && (
        <button
          type="button"
          className="status-stop"
          data-testid="status-job-stop"
          aria-label={`Stop ${kindWordsOf(job.kind)}`}
          title={`Stop the ${kindWordsOf(job.kind)}`}
          onClick={() => void stop()}
        >
          Stop
        </button>
      )}
      {stopError !== null && (
        <span className="status-error" role="alert" title={stopError}>
          {stopError}
        </span>
      )}
    </span>
  );
}

export function StatusBar() {
  const connection = useDeskfitStore(selectConnection);
  const connectionLabel = useDeskfitStore(selectConnectionLabel);
  const backend = useDeskfitStore(selectLiveBackend);
  const appError = useDeskfitStore(selectAppError);
  const goTo = useDeskfitStore(selectGoTo);
  const projectName = useDeskfitStore(selectProjectName);
  const thumbnails = useDeskfitStore(selectThumbnails);
  const refreshing = useDeskfitStore(selectFilesRefreshing);

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
        data-testid="status-project"
        title="Open the Datasets page"
        onClick={() => goTo('datasets')}
      >
        {projectName === null ? 'No project open' : `Project: ${projectName}`}
      </button>
      <button
        type="button"
        className="status-item status-link"
        data-testid="status-backend"
        title="Open Settings: why this backend was chosen, and the others were not"
        onClick={() => {
          goTo('settings');
          revealDoctorReport();
        }}
      >
        Backend: {backend ?? (appError !== null ? 'unknown' : 'checking…')}
      </button>
      <JobStatus />
      {refreshing !== null && (
        <span
          className="status-item"
          data-testid="status-refreshing"
          title="These files changed on disk since the import; the job starts once they are read again."
        >
          Reading files changed since import: {refreshing.done.toLocaleString('en-US')} of{' '}
          {refreshing.total.toLocaleString('en-US')}
        </span>
      )}
      {thumbnails !== null && (
        <span className="status-item" data-testid="status-thumbnails">
          Making thumbnails: {thumbnails.done.toLocaleString('en-US')} of{' '}
          {thumbnails.total.toLocaleString('en-US')}
        </span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="status-item status-link status-help"
        aria-keyshortcuts="Shift+?"
        title="Keyboard shortcuts (?)"
        onClick={openKeyboardHelp}
      >
        Shortcuts <kbd aria-hidden="true">?</kbd>
      </button>
    </footer>
  );
}
