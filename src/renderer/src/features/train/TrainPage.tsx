// Train: settings with fastai's defaults and the schedule they give, the LR finder, live training with
// charts, fastai's epoch table and plain-words advice, and the project's run history.
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import { loadRunHistory, loadTrainingSettings, selectProject, useDeskfitStore } from '../../store';
import { NoProjectState } from '../common/NoProjectState';
import { LrFinderPanel } from './LrFinderPanel';
import { RunHistoryPanel } from './RunHistoryPanel';
import { SettingsPanel } from './SettingsPanel';
import { TrainingPanel } from './TrainingPanel';
import './train.css';

function NoProject() {
  return (
    <NoProjectState>
      Open or import a folder of labelled images on the Datasets page; then pick a model here, click Find LR
      to choose a learning rate, and train while the loss and learning-rate charts update live.
    </NoProjectState>
  );
}

export function TrainPage() {
  const api = useApi();
  const project = useDeskfitStore(selectProject);
  const dir = project?.dir ?? null;

  useEffect(() => {
    if (dir === null) return;
    void loadTrainingSettings(api);
    void loadRunHistory(api);
  }, [api, dir]);

  return (
    <div className="train-page">
      <div className="page-title">
        <h1>Train</h1>
        {project !== null && (
          <span className="muted" title={project.dir}>
            {project.name} · {project.stats.usable.toLocaleString('en-US')} usable images,{' '}
            {project.stats.classes.length} classes
          </span>
        )}
      </div>
      {project === null ? (
        <NoProject />
      ) : (
        <>
          <SettingsPanel />
          <LrFinderPanel />
          <TrainingPanel />
          <RunHistoryPanel />
        </>
      )}
    </div>
  );
}
