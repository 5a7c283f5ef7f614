// What a scan found, before anything is written: layout, counts per class and split, files already
// known to be unusable, CSV choices, split options, and where the project goes. Then "Import N images".
import { useState } from 'react';
import type { ScanPreview } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';
import { resetImport, scanImportFolder, selectProject, startImport, useDeskfitStore } from '../../store';
import type { ImportFlow } from '../../store';
import { CountBars } from '../common/CountBars';
import { formatCount, layoutWords, plural } from '../common/format';
import { ProblemsTable } from '../common/ProblemsTable';
import { defaultProjectDir } from '../common/paths';
import { CsvChoice } from './CsvChoice';

function parseValidPct(text: string): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 90 ? n : null;
}

function parseSeed(text: string): number | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : null;
}

export function classRows(byClass: Record<string, number>) {
  return Object.entries(byClass)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => ({ name, count }));
}

export function splitRows(bySplit: ScanPreview['bySplit']) {
  return [
    { name: 'train', count: bySplit.train },
    { name: 'valid', count: bySplit.valid },
    { name: 'test', count: bySplit.test },
  ];
}

export function ScanPreviewPanel({ flow, preview }: { flow: ImportFlow; preview: ScanPreview }) {
  const api = useApi();
  const project = useDeskfitStore(selectProject);
  const folder = flow.folder ?? preview.folder;
  const [validText, setValidText] = useState('20');
  const [seedText, setSeedText] = useState('42');
  const [projectDir, setProjectDir] = useState(defaultProjectDir(folder));
  const validPct = parseValidPct(validText);
  const seed = parseSeed(seedText);
  const scanning = flow.phase === 'scanning';

  // A new project is needed when none is open, or the open one holds images from another folder.
  const needsProject = project === null || (project.dataRoot !== null && project.dataRoot !== preview.folder);
  const splitsFromFolders = preview.layout === 'train-valid-folders';
  const validList = preview.validList;
  // The random split's options do nothing when folders or a valid.txt decide the split.
  const splitFixed = splitsFromFolders || validList !== undefined;
  const classes = classRows(preview.byClass);
  const canImport =
    !scanning &&
    preview.needsChoice === undefined &&
    preview.images > 0 &&
    validPct !== null &&
    seed !== null &&
    (!needsProject || projectDir.trim() !== '');

  function onImport(): void {
    if (validPct === null || seed === null) return;
    void startImport(api, {
      folder: preview.folder,
      csv: flow.csv,
      validPct: validPct / 100,
      seed,
      createProjectDir: needsProject ? projectDir.trim() : null,
    });
  }

  return (
    <section className="panel scan-preview" aria-labelledby="scan-heading" aria-busy={scanning}>
      <h2 id="scan-heading">Found in this folder</h2>
      <p className="muted small-text">Nothing has been written yet: check what deskfit found, then import.</p>
      <dl className="facts" data-testid="scan-facts">
        <dt>Folder</dt>
        <dd className="mono">{preview.folder}</dd>
        <dt>Layout</dt>
        <dd data-testid="scan-layout">{layoutWords[preview.layout]}</dd>
        <dt>Images</dt>
        <dd data-testid="scan-images">{formatCount(preview.images)}</dd>
        <dt>Skipped</dt>
        <dd>
          {preview.skippedHidden === 0
            ? 'No hidden or system files'
            : `${plural(preview.skippedHidden, 'hidden or system file')} (such as .DS_Store)`}
        </dd>
      </dl>

      {preview.csvCandidates.length > 0 && preview.needsChoice === undefined && (
        <p className="small-text">
          Labels from <span className="mono">{preview.csvCandidates[0]?.file}</span>
          {preview.csvCandidates[0]?.multiLabel === true ? ' (several tags per image)' : ''}.
        </p>
      )}
      {validList !== undefined && (
        <p className="small-text" data-testid="scan-valid-list">
          Validation split from <span className="mono">{validList.file}</span> (fastai&apos;s valid.txt):{' '}
          {plural(validList.valid, 'image')} it lists go to valid, the others to train.
          {validList.unmatched > 0 &&
            ` ${validList.unmatched === 1 ? '1 line names' : `${formatCount(validList.unmatched)} lines name`} no image in the folder (listed below).`}
        </p>
      )}
      {preview.needsChoice !== undefined && (
        <CsvChoice
          key={preview.csvCandidates.map((c) => c.file).join('|')}
          candidates={preview.csvCandidates}
          question={preview.needsChoice}
          chosen={flow.csv}
          scanning={scanning}
          onRescan={(csv) => void scanImportFolder(api, preview.folder, csv)}
        />
      )}

      <div className="count-columns">
        {classes.length > 0 ? (
          <CountBars title="Images per class" rows={classes} testId="scan-classes" />
        ) : (
          <p className="muted">
            No labels found: you can label the images on the Label page after importing.
          </p>
        )}
        <CountBars title="Images per split" rows={splitRows(preview.bySplit)} testId="scan-splits" />
      </div>

      {preview.problems.length > 0 && (
        <>
          <h3>Files that will be skipped ({formatCount(preview.problems.length)})</h3>
          <ProblemsTable problems={preview.problems} label="Files that will be skipped" />
        </>
      )}

      <h3>Options</h3>
      <div className="field-grid">
        <label className="field">
          <span>Valid %</span>
          <input
            type="number"
            min={0}
            max={90}
            step={1}
            value={validText}
            disabled={splitFixed}
            aria-invalid={validPct === null}
            onChange={(e) => setValidText(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Seed</span>
          <input
            type="number"
            min={0}
            step={1}
            value={seedText}
            disabled={splitFixed}
            aria-invalid={seed === null}
            onChange={(e) => setSeedText(e.target.value)}
          />
        </label>
      </div>
      <p className="muted small-text">
        {splitsFromFolders
          ? 'The train/ and valid/ folders decide the split; test/ images are kept apart, unlabeled.'
          : validList !== undefined
            ? `${validList.file} decides the split; test/ images are kept apart, unlabeled.`
            : 'A random split, stratified by class; the same seed gives the same split every time.'}
        {validPct === null && !splitFixed && ' Valid % must be a number from 0 to 90.'}
        {seed === null && !splitFixed && ' Seed must be a whole number, 0 or more.'}
      </p>

      {needsProject && (
        <>
          <label className="field">
            <span>New project folder</span>
            <input
              type="text"
              spellCheck={false}
              value={projectDir}
              onChange={(e) => setProjectDir(e.target.value)}
            />
          </label>
          <p className="muted small-text">
            {project === null
              ? 'A new project is created in this folder; your images stay where they are.'
              : `The open project holds images from ${project.dataRoot ?? 'another folder'}, so a new project is created for this one.`}
          </p>
        </>
      )}

      {flow.error !== null && (
        <p role="alert" className="alert">
          {flow.error.message}
        </p>
      )}

      <div className="button-row">
        <button type="button" className="button primary" disabled={!canImport} onClick={onImport}>
          Import {plural(preview.images, 'image')}
        </button>
        <button type="button" className="button" onClick={() => resetImport()}>
          Cancel
        </button>
      </div>
    </section>
  );
}
