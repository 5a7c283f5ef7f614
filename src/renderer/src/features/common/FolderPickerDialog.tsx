// Browses the folders of the machine the service runs on (through `fs:list`), for the browser, which
// cannot show a native dialog for a remote machine. Type a path, climb the breadcrumb, or open
// subfolders, then "Choose this folder".
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { FolderListing } from '../../../../shared/dataset';
import { toErrorShape, type ErrorShape } from '../../../../shared/errors';
import { useApi } from '../../api/ApiContext';
import { Modal } from './Modal';
import { breadcrumbs } from './paths';

export interface FolderPickerDialogProps {
  /** One sentence on what the folder is for ("Pick the folder of images to import."). */
  purpose: string;
  initialDir?: string;
  onChoose(path: string): void;
  onCancel(): void;
}

export function FolderPickerDialog({ purpose, initialDir, onChoose, onCancel }: FolderPickerDialogProps) {
  const api = useApi();
  const titleId = useId();
  const purposeId = useId();
  const [target, setTarget] = useState<{ dir: string | undefined; n: number }>({ dir: initialDir, n: 0 });
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [pathText, setPathText] = useState(initialDir ?? '');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorShape | null>(null);
  // Text the user typed while a listing was on its way must not be replaced by that listing's path.
  const typedSinceRequest = useRef(false);

  useEffect(() => {
    let live = true;
    const input = target.dir === undefined || target.dir.trim() === '' ? {} : { dir: target.dir.trim() };
    api.invoke('fs:list', input).then(
      (next) => {
        if (!live) return;
        setListing(next);
        if (!typedSinceRequest.current) setPathText(next.dir);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(toErrorShape(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, target]);

  function open(dir: string): void {
    typedSinceRequest.current = false;
    setLoading(true);
    setTarget((t) => ({ dir, n: t.n + 1 }));
  }

  function onGo(event: FormEvent): void {
    event.preventDefault();
    open(pathText);
  }

  async function onChooseClick(): Promise<void> {
    const typed = pathText.trim();
    if (listing !== null && (typed === '' || typed === listing.dir)) {
      onChoose(listing.dir);
      return;
    }
    // A typed path nobody opened yet: check it is a folder first.
    setLoading(true);
    try {
      const checked = await api.invoke('fs:list', { dir: typed });
      onChoose(checked.dir);
    } catch (err) {
      setError(toErrorShape(err));
      setLoading(false);
    }
  }

  const folders = listing?.entries.filter((e) => e.kind === 'dir') ?? [];
  return (
    <Modal labelledBy={titleId} describedBy={purposeId} className="folder-picker" onClose={onCancel}>
      <h2 id={titleId}>Choose a folder</h2>
      <p id={purposeId} className="muted">
        {purpose}
      </p>
      <form className="path-row" onSubmit={onGo}>
        <label className="field grow">
          <span>Folder path</span>
          <input
            type="text"
            data-autofocus
            spellCheck={false}
            value={pathText}
            onChange={(e) => {
              typedSinceRequest.current = true;
              setPathText(e.target.value);
            }}
          />
        </label>
        <button type="submit" className="button">
          Go
        </button>
      </form>
      <div className="crumb-row">
        <button
          type="button"
          className="button small"
          disabled={listing?.parent == null || loading}
          onClick={() => listing?.parent != null && open(listing.parent)}
        >
          ↑ Parent folder
        </button>
        {listing !== null && (
          <nav aria-label="Breadcrumb" className="crumbs">
            {breadcrumbs(listing.dir).map((crumb, i, all) =>
              i === all.length - 1 ? (
                <span key={crumb.path} className="crumb current" aria-current="location">
                  {crumb.name}
                </span>
              ) : (
                <button key={crumb.path} type="button" className="crumb" onClick={() => open(crumb.path)}>
                  {crumb.name}
                </button>
              ),
            )}
          </nav>
        )}
      </div>
      <div className="folder-list-frame" aria-busy={loading}>
        {listing !== null && folders.length === 0 && !loading && (
          <p className="muted empty">No subfolders here.</p>
        )}
        <ul className="folder-list" aria-label="Subfolders">
          {folders.map((entry) => (
            <li key={entry.path}>
              <button type="button" className="folder-entry" onClick={() => open(entry.path)}>
                <span aria-hidden="true" className="folder-icon" />
                {entry.name}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {error !== null && (
        <p role="alert" className="alert">
          {error.message}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          disabled={loading || (listing === null && pathText.trim() === '')}
          onClick={() => void onChooseClick()}
        >
          Choose this folder
        </button>
      </div>
    </Modal>
  );
}
