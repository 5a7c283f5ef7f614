// Versions of the app and where it runs, for bug reports.
import type { AppInfo } from '../../../../shared/contract';
import { describeMode } from './format';

export function AboutPanel({ info }: { info: AppInfo }) {
  return (
    <section className="panel" aria-labelledby="about-heading">
      <h2 id="about-heading">About deskfit</h2>
      <dl className="facts" data-testid="app-info">
        <dt>Version</dt>
        <dd>{info.version}</dd>
        <dt>Mode</dt>
        <dd>{describeMode(info.mode)}</dd>
        <dt>Node</dt>
        <dd>{info.node}</dd>
        {info.electron !== undefined && (
          <>
            <dt>Electron</dt>
            <dd>{info.electron}</dd>
          </>
        )}
        <dt>Platform</dt>
        <dd>
          {info.platform} {info.arch}
        </dd>
      </dl>
    </section>
  );
}
