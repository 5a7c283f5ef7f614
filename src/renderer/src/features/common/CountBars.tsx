// A small table of counts with a bar each, scaled to the largest: imbalance shows at a glance.
import { formatCount } from './format';

export interface CountRow {
  name: string;
  count: number;
}

export function CountBars({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: readonly CountRow[];
  testId?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table className="count-bars" aria-label={title} data-testid={testId}>
      <caption>{title}</caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <th scope="row" title={row.name}>
              {row.name}
            </th>
            <td className="count">{formatCount(row.count)}</td>
            <td className="bar-cell" aria-hidden="true">
              <span className="bar" style={{ width: `${(row.count / max) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
