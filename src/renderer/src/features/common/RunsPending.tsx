// What the Interpret and Export pages show until the open project's runs are listed: the failure with
// a Retry, else a wait.
import { useApi } from '../../api/ApiContext';
import { loadRuns, type RunsState } from '../../store';

export function RunsPending({ runs }: { runs: RunsState }) {
  const api = useApi();
  if (runs.error === null) {
    return (
      <p className="muted" aria-busy="true">
        Looking for trained models…
      </p>
    );
  }
  return (
    <div className="load-row">
      <p role="alert" className="alert">
        Could not list the training runs: {runs.error.message}
      </p>
      <button type="button" className="button" disabled={runs.loading} onClick={() => void loadRuns(api)}>
        Retry
      </button>
    </div>
  );
}
