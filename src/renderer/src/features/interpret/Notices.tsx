// Empty states and job errors shared by the Interpret and Export pages: no project, the runs not listed
// yet (or the listing failed), no trained model ("Train a model first", with the way to the Train
// page), and a job's failure in words.
import type { ReactNode } from 'react';
import type { ErrorShape } from '../../../../shared/errors';
import { useApi } from '../../api/ApiContext';
import { loadRuns, selectRuns, useDeskfitStore, type RunsState } from '../../store';
import { NoProjectState } from '../common/NoProjectState';

function GoButton({
  page,
  children,
  primary,
}: {
  page: 'train' | 'datasets';
  children: string;
  primary?: boolean;
}) {
  const goTo = useDeskfitStore((s) => s.goTo);
  return (
    <button type="button" className={primary ? 'button primary' : 'button'} onClick={() => goTo(page)}>
      {children}
    </button>
  );
}

export function NoProjectNotice({ title, what }: { title: string; what: string }) {
  return (
    <>
      <h1>{title}</h1>
      <NoProjectState>
        Open or create one on the Datasets page and train a model; then {what} here.
      </NoProjectState>
    </>
  );
}

function RunsPending({ runs }: { runs: RunsState }) {
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

/**
 * The page (`children`) once the project in `dir` has its runs listed and there is at least one;
 * before that, `header` over the wait or the failure with Retry, and with no runs "Train a model first"
 * (`emptyDetail` says what the page would do with one).
 */
export function RunsGate({
  dir,
  header,
  emptyDetail,
  children,
}: {
  dir: string;
  header: ReactNode;
  emptyDetail?: string;
  children: ReactNode;
}) {
  const runs = useDeskfitStore(selectRuns);
  if (runs.list === null || runs.projectDir !== dir) {
    return (
      <>
        {header}
        <RunsPending runs={runs} />
      </>
    );
  }
  if (runs.list.length === 0) {
    return (
      <>
        {header}
        <TrainFirstNotice detail={emptyDetail} />
      </>
    );
  }
  return children;
}

/** No run has a model yet: say so, and what to do. */
export function TrainFirstNotice({ detail }: { detail?: string }) {
  return (
    <section className="empty-state" aria-label="No trained model" data-testid="train-first">
      <p className="empty-lead">Train a model first.</p>
      <p>
        {detail ??
          'This project has no trained model yet. Train one on the Train page (Find LR, then Train); its runs appear here.'}
      </p>
      <GoButton page="train" primary>
        Go to Train
      </GoButton>
    </section>
  );
}

/**
 * A job or request that failed. NO_MODEL means there is nothing to use yet: the way to the Train page.
 * UNKNOWN_JOB_KIND means the service cannot do this yet (an older build); CANCELLED is not an error.
 */
export function JobErrorNotice({ error, action }: { error: ErrorShape; action: string }) {
  if (error.code === 'CANCELLED') {
    return (
      <p className="verdict verdict-neutral" role="status">
        Stopped: {action} was cancelled.
      </p>
    );
  }
  if (error.code === 'NO_MODEL') {
    return (
      <div className="job-error" role="alert" data-testid="job-error" data-code={error.code}>
        <p>
          <strong>Train a model first.</strong> {error.message}
        </p>
        <GoButton page="train">Go to Train</GoButton>
      </div>
    );
  }
  if (error.code === 'UNKNOWN_JOB_KIND') {
    return (
      <div className="job-error" role="alert" data-testid="job-error" data-code={error.code}>
        <p>
          <strong>This deskfit service cannot do {action} yet.</strong> {error.message} Update deskfit, or run
          it from a build that has this job.
        </p>
      </div>
    );
  }
  return (
    <div className="job-error" role="alert" data-testid="job-error" data-code={error.code}>
      <p>
        <strong>Could not finish {action}.</strong> {error.message}
      </p>
    </div>
  );
}
