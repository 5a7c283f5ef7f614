// The project bar: the open project (name, folder, counts; rename inline; close), or, with none
// open, create or open one by folder, and the recent projects.
import { useState, type FormEvent } from 'react';
import type { ProjectSummary } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';
import {
  closeProject,
  createProject,
  openProject,
  renameProject,
  selectProject,
  selectProjectBusy,
  selectProjectError,
  selectProjectLoaded,
  useDeskfitStore,
} from '../../store';
import { formatCount, plural } from '../common/format';
import type { FolderChooser } from '../common/useFolderChooser';
import { RecentProjects } from './RecentProjects';

export function describeCounts(project: ProjectSummary): string {
  const s = project.stats;
  const parts = [
    plural(s.total, 'image'),
    plural(s.classes.length, 'class', 'classes'),
    `train ${formatCount(s.bySplit.train)} · valid ${formatCount(s.bySplit.valid)} · test ${formatCount(s.bySplit.test)}`,
  ];
  if (s.unlabeled > 0) parts.push(`${formatCount(s.unlabeled)} unlabeled`);
  if (s.problems > 0) parts.push(plural(s.problems, 'problem'));
  if (s.excluded > 0) parts.push(`${formatCount(s.excluded)} excluded`);
  if (s.missing > 0) parts.push(`${formatCount(s.missing)} missing`);
  return parts.join(' · ');
}

function OpenProject({ project }: { project: ProjectSummary }) {
  const api = useApi();
  const busy = useDeskfitStore(selectProjectBusy);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(project.name);

  async function onRename(event: FormEvent): Promise<void> {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === project.name) {
      setRenaming(false);
      return;
    }
    if (await renameProject(api, trimmed)) setRenaming(false);
  }

  return (
    <div className="project-open">
      <div className="project-title-row">
        {renaming ? (
          <form className="inline-form" onSubmit={(e) => void onRename(e)}>
            <label className="field">
              <span className="visually-hidden">Project name</span>
              <input
                type="text"
                value={name}
                autoFocus
                maxLength={200}
                onChange={(e) => setName(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setRenaming(false);
                }}
              />
            </label>
            <button type="submit" className="button primary small" disabled={busy === 'rename'}>
              Save
            </button>
            <button type="button" className="button small" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <>
            <h2 className="project-name" data-testid="project-name">
              {project.name}
            </h2>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setName(project.name);
                setRenaming(true);
              }}
            >
              Rename project
            </button>
          </>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="button small"
          disabled={busy === 'close'}
          onClick={() => void closeProject(api)}
        >
          Close project
        </button>
      </div>
      <p className="project-dir mono" data-testid="project-dir" title={project.dir}>
        {project.dir}
      </p>
      <p className="project-counts" data-testid="project-counts">
        {describeCounts(project)}
      </p>
      {project.dataRoot !== null && (
        <p className="muted small-text">
          Images from <span className="mono">{project.dataRoot}</span>
        </p>
      )}
    </div>
  );
}

function NoProject({ chooser }: { chooser: FolderChooser }) {
  const api = useApi();
  const busy = useDeskfitStore(selectProjectBusy);
  const [dir, setDir] = useState('');
  const typed = dir.trim();

  async function onOpen(): Promise<void> {
    const target = typed !== '' ? typed : await chooser.choose('Pick a deskfit project folder to open.');
    if (target !== null) await openProject(api, target);
  }

  async function onBrowse(): Promise<void> {
    const picked = await chooser.choose(
      'Pick the folder for the project (an existing project, or where a new one goes).',
    );
    if (picked !== null) setDir(picked);
  }

  return (
    <div className="project-none">
      <p>
        No project is open. A project is a folder where deskfit keeps your labels, splits and thumbnails; your
        images stay where they are. Import a folder below to create one, or:
      </p>
      <form
        className="path-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed !== '') void createProject(api, typed);
        }}
      >
        <label className="field grow">
          <span>Project folder</span>
          <input
            type="text"
            spellCheck={false}
            placeholder="/path/to/my-project.deskfit"
            value={dir}
            onChange={(e) => setDir(e.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={() => void onBrowse()}>
          Browse…
        </button>
      </form>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={typed === '' || busy !== null}
          onClick={() => void createProject(api, typed)}
        >
          Create project
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void onOpen()}>
          Open project
        </button>
      </div>
      <RecentProjects />
    </div>
  );
}

export function ProjectBar({ chooser }: { chooser: FolderChooser }) {
  const project = useDeskfitStore(selectProject);
  const loaded = useDeskfitStore(selectProjectLoaded);
  const error = useDeskfitStore(selectProjectError);
  return (
    <section className="panel project-bar" aria-label="Project">
      {project !== null ? (
        <OpenProject key={project.dir} project={project} />
      ) : loaded || error !== null ? (
        <NoProject chooser={chooser} />
      ) : (
        <p className="muted" aria-busy="true">
          Looking for the open project…
        </p>
      )}
      {error !== null && (
        <p role="alert" className="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
