// The empty state of a page that needs an open project (Label, Augment, Train, Interpret, Export):
// while the app still looks for the project it says so; once none is open it says what the page is
// for and leads to the Datasets page.
import type { ReactNode } from 'react';
import { selectProjectLoaded, useDeskfitStore } from '../../store';

export function NoProjectState({ children }: { children: ReactNode }) {
  const goTo = useDeskfitStore((s) => s.goTo);
  const loaded = useDeskfitStore(selectProjectLoaded);
  return (
    <section className="empty-state" aria-label="No project open">
      {loaded ? (
        <>
          <p className="empty-lead">No project is open.</p>
          <p>{children}</p>
          <button type="button" className="button primary" onClick={() => goTo('datasets')}>
            Go to Datasets
          </button>
        </>
      ) : (
        <p className="muted">Looking for the open project…</p>
      )}
    </section>
  );
}
