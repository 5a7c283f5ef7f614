// Recently opened projects, newest first; one whose folder is gone is shown greyed as "not found".
import { useApi } from '../../api/ApiContext';
import { openProject, selectProjectBusy, selectRecentProjects, useDeskfitStore } from '../../store';

export function RecentProjects() {
  const api = useApi();
  const recent = useDeskfitStore(selectRecentProjects);
  const busy = useDeskfitStore(selectProjectBusy);
  if (recent.length === 0) return null;
  return (
    <div className="recent-projects">
      <h3 id="recent-heading">Recent projects</h3>
      <ul aria-labelledby="recent-heading" className="recent-list">
        {recent.map((p) => (
          <li key={p.dir} className={p.exists ? undefined : 'missing'}>
            <button
              type="button"
              className="recent-entry"
              disabled={!p.exists || busy !== null}
              title={p.exists ? `Open ${p.dir}` : `${p.dir} was not found`}
              onClick={() => void openProject(api, p.dir)}
            >
              <span className="recent-name">{p.name}</span>
              <span className="recent-dir mono">{p.dir}</span>
              {!p.exists && <span className="pill pill-neutral">not found</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
