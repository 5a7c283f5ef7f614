// Export: take the trained model out of deskfit (a TF.js folder with manifest and README), predict the
// unlabeled test set into a grid and a CSV, and try the model on any image dropped on the page.
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import { loadRuns, selectChosenRun, selectProject, useDeskfitStore } from '../../store';
import { NoProjectNotice, RunsGate } from '../interpret/Notices';
import { RunPicker } from '../interpret/RunPicker';
import { ModelExportPanel } from './ModelExportPanel';
import { PredictPanel } from './PredictPanel';
import { TryItPanel } from './TryItPanel';
import '../interpret/interpret.css';
import './export.css';

export function ExportPage() {
  const api = useApi();
  const project = useDeskfitStore(selectProject);
  const run = useDeskfitStore(selectChosenRun);
  const dir = project?.dir ?? null;

  useEffect(() => {
    if (dir !== null) void loadRuns(api);
  }, [api, dir]);

  if (project === null) return <NoProjectNotice title="Export" what="export it and predict new images" />;

  const noModel = run === null || run.modelDir === null;
  const header = <h1>Export</h1>;
  return (
    <RunsGate
      dir={project.dir}
      header={header}
      emptyDetail="There is no trained model to export or predict with yet. Train one on the Train page; it appears here when it has saved a model."
    >
      <div className="export-page">
        {header}
        <section className="panel" aria-label="Model">
          <RunPicker />
          {noModel && (
            <p className="verdict verdict-warn run-warning">
              This run saved no model. Choose a run with a model, or train again.
            </p>
          )}
        </section>
        <ModelExportPanel
          key={`export-${run?.id ?? ''}`}
          projectDir={project.dir}
          projectName={project.name}
          runId={run?.id ?? null}
          disabled={noModel}
        />
        <PredictPanel
          key={`predict-${project.dir}`}
          projectDir={project.dir}
          testCount={project.stats.bySplit.test}
          disabled={noModel}
        />
        <TryItPanel disabled={noModel} />
      </div>
    </RunsGate>
  );
}
