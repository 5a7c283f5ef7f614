// Augment: try fastai's `aug_transforms` on one of your own images, tune each transform while a grid of
// previews follows (debounced; the newest request wins), then save the settings for training.
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import {
  loadAugmentCandidates,
  loadTrainingSettings,
  requestAugmentPreview,
  selectAugSettings,
  selectProject,
  useDeskfitStore,
} from '../../store';
import { NoProjectState } from '../common/NoProjectState';
import { AugmentControls } from './AugmentControls';
import { ImageChooser } from './ImageChooser';
import { PreviewGrid } from './PreviewGrid';
import '../train/train.css';
import './augment.css';

/** How long settings must stay still before a new preview is asked for (ms). */
export const PREVIEW_DEBOUNCE_MS = 350;

function NoProject() {
  return (
    <NoProjectState>
      Open or import a folder of images on the Datasets page; then preview flips, rotation, zoom, warping and
      lighting on your own images here, and tune how strong they are before training.
    </NoProjectState>
  );
}

function usePreviewFollowsSettings(): void {
  const api = useApi();
  const settings = useDeskfitStore(selectAugSettings);
  const itemId = useDeskfitStore((s) => s.augment.item?.id ?? null);
  const n = useDeskfitStore((s) => s.augment.n);
  const size = useDeskfitStore((s) => s.augment.size);
  const seed = useDeskfitStore((s) => s.augment.seed);
  useEffect(() => {
    if (itemId === null) return;
    const timer = setTimeout(() => void requestAugmentPreview(api), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, itemId, settings, n, size, seed]);
}

export function AugmentPage() {
  const api = useApi();
  const project = useDeskfitStore(selectProject);
  const dir = project?.dir ?? null;
  usePreviewFollowsSettings();

  useEffect(() => {
    if (dir === null) return;
    void loadTrainingSettings(api);
    if (useDeskfitStore.getState().augment.candidates.total === null) void loadAugmentCandidates(api);
  }, [api, dir]);

  return (
    <div className="augment-page">
      <div className="page-title">
        <h1>Augment</h1>
        {project !== null && (
          <span className="muted" title={project.dir}>
            {project.name}
          </span>
        )}
      </div>
      {project === null ? (
        <NoProject />
      ) : (
        <div className="aug-layout">
          <AugmentControls />
          <div className="aug-main">
            <ImageChooser />
            <PreviewGrid />
          </div>
        </div>
      )}
    </div>
  );
}
