// An honest empty state for a page that is not built yet: what it will do, and that it is coming.
import type { PageInfo } from '../../pages';

export function PlaceholderPage({ page }: { page: PageInfo }) {
  return (
    <>
      <h1>{page.title}</h1>
      <section className="empty-state" aria-label={`${page.title}: not available yet`}>
        <p className="empty-lead">{page.summary}</p>
        <p>This page arrives in a later release of deskfit.</p>
        <p className="muted">
          Meanwhile, the Settings page shows which compute backend is live and can run a self-test that trains
          a tiny model on it.
        </p>
      </section>
    </>
  );
}
