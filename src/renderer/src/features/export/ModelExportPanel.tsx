// Export the chosen run's model: a folder with the TF.js Layers model, the deskfit.json manifest and
// a README. The service refuses a non-empty folder, so the default is a new one, and a chosen folder
// gets a new subfolder named after the project (the path stays editable).
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { exportModel, selectModelExport, useDeskfitStore } from '../../store';
import { joinPath } from '../common/paths';
import { useFolderChooser } from '../common/useFolderChooser';
import { JobErrorNotice } from '../interpret/Notices';

/** "Pets v2" → "pets-v2-model". */
export function exportFolderName(projectName: string): string {
  const slug = projectName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'deskfit'}-model`;
}

export function defaultExportDir(projectDir: string, runId: string | null): string {
  return joinPath(joinPath(projectDir, 'exports'), runId ?? 'latest');
}

export function ModelExportPanel({
  projectDir,
  projectName,
  runId,
  disabled,
}: {
  projectDir: string;
  projectName: string;
  runId: string | null;
  disabled: boolean;
}) {
  const api = useApi();
  const state = useDeskfitStore(selectModelExport);
  const chooser = useFolderChooser();
  const [dir, setDir] = useState(() => defaultExportDir(projectDir, runId));

  async function choose(): Promise<void> {
    const picked = await chooser.choose('Choose where to export the model', projectDir);
    if (picked !== null) setDir(joinPath(picked, exportFolderName(projectName)));
  }

  const target = dir.trim();
  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export the model</h2>
      <p className="muted">
        Writes a folder with the TensorFlow.js model (<code>model.json</code> and its weights),{' '}
        <code>deskfit.json</code> (classes, input size, normalisation) and a README. The app and{' '}
        <code>deskfit predict</code> can load it.
      </p>
      <form
        className="path-row export-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (target !== '') void exportModel(api, target);
        }}
      >
        <label className="field grow">
          <span>Export into (a new or empty folder)</span>
          <input
            type="text"
            className="mono"
            data-testid="export-dir"
            value={dir}
            spellCheck={false}
            onChange={(e) => setDir(e.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={() => void choose()}>
          Choose export folder…
        </button>
        <button
          type="submit"
          className="button primary"
          data-testid="export-button"
          disabled={disabled || state.busy || target === ''}
        >
          Export
        </button>
      </form>
      {state.busy && (
        <p className="muted" aria-busy="true">
          Exporting…
        </p>
      )}
      {state.error !== null && <JobErrorNotice error={state.error} action="the export" />}
      {state.result !== null && (
        <div className="export-result" role="status" data-testid="export-result">
          <p>
            Exported to <code data-testid="export-path">{state.result.dir}</code>
          </p>
          <ul className="file-list" data-testid="export-files" aria-label="Exported files">
            {state.result.files.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {chooser.dialog}
    </section>
  );
}
