// The advisor's findings: a short headline and a sentence each, coloured by how much they matter.
import type { Advice } from './advisor';

const severityClass: Record<Advice['severity'], string> = {
  warn: 'advice advice-warn',
  info: 'advice advice-info',
  ok: 'advice advice-ok',
};

export function AdviceList({ advice, label }: { advice: readonly Advice[]; label: string }) {
  if (advice.length === 0) return null;
  return (
    <ul className="advice-list" aria-label={label} data-testid="advice">
      {advice.map((a) => (
        <li key={a.kind} className={severityClass[a.severity]} data-kind={a.kind}>
          <strong>{a.title}.</strong> {a.detail}
        </li>
      ))}
    </ul>
  );
}
