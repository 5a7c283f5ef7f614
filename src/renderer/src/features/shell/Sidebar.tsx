// The main navigation: one button per page, the current one marked for assistive technology.
import { pages } from '../../pages';
import { selectGoTo, selectPage, useDeskfitStore } from '../../store';

export function Sidebar() {
  const current = useDeskfitStore(selectPage);
  const goTo = useDeskfitStore(selectGoTo);
  return (
    <aside className="sidebar">
      <div className="brand" aria-hidden="true">
        deskfit
      </div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {pages.map((page, index) => (
            <li key={page.id}>
              <button
                type="button"
                className="nav-button"
                aria-current={page.id === current ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${index + 1}`}
                title={`${page.title} (Alt+${index + 1})`}
                onClick={() => goTo(page.id)}
              >
                {page.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
