// Files that cannot be used, each with the reason (which says what to do about it).
import type { FileProblem } from '../../../../shared/dataset';
import { formatCount } from './format';

/** Rows drawn at most; the rest are counted (the CLI's --json output lists every one). */
const MAX_ROWS = 1000;

export function ProblemsTable({
  problems,
  label = 'Problems',
}: {
  problems: readonly FileProblem[];
  label?: string;
}) {
  const shown = problems.slice(0, MAX_ROWS);
  return (
    <div className="table-scroll problems-scroll">
      <table className="data-table problems-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((problem) => (
            <tr key={problem.path} data-kind={problem.kind}>
              <td className="path">{problem.path}</td>
              <td className="reason">{problem.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > shown.length && (
        <p className="muted">
          And {formatCount(problems.length - shown.length)} more; <code>deskfit import --json</code> lists
          them all.
        </p>
      )}
    </div>
  );
}
