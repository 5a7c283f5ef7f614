// A running job on a page: what it is doing, how far along (a bar when the total is known), and Stop.
import { flowFraction, type JobFlow } from '../../store';
import { formatCount } from '../common/format';

export function JobProgressLine({
  flow,
  doing,
  unit,
  stopLabel,
  onStop,
  testId,
}: {
  flow: JobFlow;
  /** "Interpreting", "Predicting". */
  doing: string;
  /** What the steps count ("images"). */
  unit: string;
  stopLabel: string;
  onStop(): void;
  testId?: string;
}) {
  const fraction = flowFraction(flow);
  const starting = flow.phase === 'starting';
  const stopping = flow.phase === 'cancelling';
  const counts =
    flow.total !== null ? `${formatCount(flow.step)} of ${formatCount(flow.total)} ${unit}` : null;
  return (
    <div className="job-progress" data-testid={testId} aria-busy="true">
      <p role="status" className="job-progress-line">
        {starting ? `${doing}: starting…` : stopping ? `${doing}: stopping…` : `${doing}…`}
        {counts !== null && !starting && <span className="muted"> {counts}</span>}
        {fraction !== null && !starting && <span className="muted"> ({Math.round(fraction * 100)}%)</span>}
        {flow.message !== null && !starting && <span className="muted job-message"> · {flow.message}</span>}
      </p>
      <div className="job-progress-row">
        <progress
          max={1}
          value={fraction ?? undefined}
          aria-label={`${doing} progress`}
          className={fraction === null ? 'indeterminate' : undefined}
        />
        <button type="button" className="button small" disabled={flow.phase !== 'running'} onClick={onStop}>
          {stopLabel}
        </button>
      </div>
    </div>
  );
}
