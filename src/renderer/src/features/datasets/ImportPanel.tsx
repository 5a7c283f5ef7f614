// The import flow: choose a folder (native dialog, the folder picker, a typed path, or — in the desktop
// app — a folder dropped on the panel), scan it, preview, import with progress, then the summary.
import { useState, type DragEvent, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import { isImportActive, scanImportFolder, selectImportFlow, useDeskfitStore } from '../../store';
import type { FolderChooser } from '../common/useFolderChooser';
import { ImportProgressPanel } from './ImportProgressPanel';
import { ImportSummaryPanel } from './ImportSummaryPanel';
import { ScanPreviewPanel } from './ScanPreviewPanel';

export function ImportPanel({ chooser }: { chooser: FolderChooser }) {
  const api = useApi();
  const flow = useDeskfitStore(selectImportFlow);
  const [typed, setTyped] = useState('');
  const [dragging, setDragging] = useState(false);
  const active = isImportActive(flow.phase);
  // Only the desktop app can turn a dropped folder into a path (a browser never reveals it).
  const pathForFile = window.api?.pathForFile;

  function onDragOver(event: DragEvent): void {
    if (!pathForFile || active) return;
    event.preventDefault();
    setDragging(true);
  }

  function onDrop(event: DragEvent): void {
    setDragging(false);
    if (!pathForFile || active) return;
    event.preventDefault();
    const dropped = event.dataTransfer.files[0];
    const folder = dropped ? pathForFile(dropped) : '';
    if (folder !== '') void scanImportFolder(api, folder);
  }

  async function onImportFolder(): Promise<void> {
    const folder = await chooser.choose('Pick the folder of images to import.', flow.folder ?? undefined);
    if (folder !== null) await scanImportFolder(api, folder);
  }

  function onScanTyped(event: FormEvent): void {
    event.preventDefault();
    const folder = typed.trim();
    if (folder !== '') void scanImportFolder(api, folder);
  }

  // The folder text box and its explanation, while no preview, import or summary fills the page.
  const showChooser = flow.phase === 'idle' || flow.phase === 'failed' || flow.phase === 'cancelled';
  return (
    <>
      <section
        className={dragging ? 'panel import-start drop-target' : 'panel import-start'}
        aria-labelledby="import-heading"
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <div className="panel-title-row">
          <h2 id="import-heading">Import images</h2>
          <button
            type="button"
            className={showChooser ? 'button primary' : 'button'}
            disabled={active || flow.phase === 'scanning'}
            onClick={() => void onImportFolder()}
          >
            Import folder
          </button>
        </div>
        {showChooser && (
          <>
            <p className="muted small-text">
              One folder per class, <code>train/</code> and <code>valid/</code> folders (fastai, ImageNet), a
              folder with a CSV of labels, or just images to label here. deskfit checks every file and lists
              the ones it cannot use instead of failing.
              {pathForFile && ' You can also drop a folder here.'}
            </p>
            <form className="path-row" onSubmit={onScanTyped}>
              <label className="field grow">
                <span>Folder to import</span>
                <input
                  type="text"
                  spellCheck={false}
                  placeholder="/path/to/images"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              </label>
              <button
                type="submit"
                className="button"
                disabled={typed.trim() === '' || flow.phase === 'scanning'}
              >
                Scan folder
              </button>
            </form>
          </>
        )}
        {flow.phase === 'scanning' && (
          <p className="muted" aria-busy="true" data-testid="scan-status">
            Scanning <span className="mono">{flow.folder}</span>…
          </p>
        )}
        {flow.phase === 'idle' && flow.error !== null && (
          <p role="alert" className="alert">
            {flow.error.message}
          </p>
        )}
        {flow.phase === 'failed' && flow.error !== null && (
          <p role="alert" className="alert">
            The import failed: {flow.error.message}
          </p>
        )}
        {flow.phase === 'cancelled' && (
          <p role="status" className="verdict verdict-neutral">
            Import cancelled.
          </p>
        )}
      </section>
      {flow.preview !== null && (flow.phase === 'preview' || flow.phase === 'scanning') && (
        <ScanPreviewPanel key={flow.preview.folder} flow={flow} preview={flow.preview} />
      )}
      {active && <ImportProgressPanel flow={flow} />}
      {flow.phase === 'done' && flow.summary !== null && <ImportSummaryPanel summary={flow.summary} />}
    </>
  );
}
