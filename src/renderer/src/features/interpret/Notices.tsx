// Empty states and job errors shared by the Interpret and Export pages: no project, no trained model
// ("Train a model first", with the way to the Train page), and a job's failure in words.
import type { ErrorShape } from '../../../../shared/errors';
import { useDeskfitStore } from '../../store';
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
