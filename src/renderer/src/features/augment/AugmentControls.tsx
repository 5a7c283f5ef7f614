// One control per fastai `aug_transforms` knob, with what it does; Reset to fastai's defaults; and
// "Use for training", which saves the settings as the project's augmentation.
import { useApi } from '../../api/ApiContext';
import {
  saveAugmentation,
  selectAugSettings,
  selectAugmentSave,
  selectSavedTraining,
  useDeskfitStore,
} from '../../store';
import { defaultAugSettings, paddingModeNames, type AugSettings } from '../../../../shared/training';
import { CheckField, SelectField, SliderField } from '../train/fields';
import { sameAugSettings } from './augmentWords';

const paddingOptions = paddingModeNames.map((value) => ({
  value,
  label:
    value === 'reflection'
      ? 'Reflection (fastai default)'
      : value === 'zeros'
        ? 'Zeros (black)'
        : 'Border (repeat edge)',
}));

const percent = (v: number) => `${Math.round(v * 100)}%`;
const times = (v: number) => `×${v.toFixed(2)}`;

function update(patch: Partial<AugSettings>): void {
  const { settings } = useDeskfitStore.getState().augment;
  const next = { ...settings, ...patch };
  // Keep zoom's range valid whichever end moved.
  if (patch.minZoom !== undefined && next.maxZoom < next.minZoom) next.maxZoom = next.minZoom;
  if (patch.maxZoom !== undefined && next.minZoom > next.maxZoom) next.minZoom = next.maxZoom;
  useDeskfitStore.getState().augmentSettingsChanged(next);
}

export function AugmentControls() {
  const api = useApi();
  const settings = useDeskfitStore(selectAugSettings);
  const save = useDeskfitStore(selectAugmentSave);
  const saved = useDeskfitStore(selectSavedTraining);
  const savedAug = saved.value?.augmentation ?? null;
  const unsaved = savedAug !== null && !sameAugSettings(savedAug, settings);
  const isDefault = sameAugSettings(settings, defaultAugSettings);

  return (
    <section className="panel aug-controls" aria-labelledby="aug-controls-heading">
      <h2 id="aug-controls-heading">Transforms</h2>
      <fieldset className="aug-group">
        <legend>Flip</legend>
        <CheckField
          label="Flip left–right"
          checked={settings.doFlip}
          onChange={(doFlip) => update({ doFlip })}
          testId="aug-flip"
        />
        <SliderField
          label="Flip probability"
          value={settings.flipP}
          min={0}
          max={1}
          step={0.05}
          display={percent}
          disabled={!settings.doFlip}
          onChange={(flipP) => update({ flipP })}
        />
      </fieldset>
      <fieldset className="aug-group">
        <legend>Rotate, zoom and warp</legend>
        <SliderField
          label="Max rotation"
          value={settings.maxRotate}
          min={0}
          max={45}
          step={1}
          display={(v) => `±${v}°`}
          help="Each image turns by a random angle up to this."
          onChange={(maxRotate) => update({ maxRotate })}
        />
        <SliderField
          label="Min zoom"
          value={settings.minZoom}
          min={0.5}
          max={2}
          step={0.05}
          display={times}
          onChange={(minZoom) => update({ minZoom })}
        />
        <SliderField
          label="Max zoom"
          value={settings.maxZoom}
          min={1}
          max={3}
          step={0.05}
          display={times}
          help="Zooms in by a random factor between min and max."
          onChange={(maxZoom) => update({ maxZoom })}
        />
        <SliderField
          label="Max warp"
          value={settings.maxWarp}
          min={0}
          max={0.6}
          step={0.05}
          display={(v) => v.toFixed(2)}
          help="Tilts the image as if seen from a slightly different angle."
          onChange={(maxWarp) => update({ maxWarp })}
        />
        <SliderField
          label="Probability of each (pAffine)"
          value={settings.pAffine}
          min={0}
          max={1}
          step={0.05}
          display={percent}
          help="Chance that rotate, zoom and warp each apply to an image."
          onChange={(pAffine) => update({ pAffine })}
        />
      </fieldset>
      <fieldset className="aug-group">
        <legend>Lighting</legend>
        <SliderField
          label="Max lighting change"
          value={settings.maxLighting}
          min={0}
          max={0.9}
          step={0.05}
          display={(v) => v.toFixed(2)}
          help="Random brightness and contrast up to this much."
          onChange={(maxLighting) => update({ maxLighting })}
        />
        <SliderField
          label="Probability of each (pLighting)"
          value={settings.pLighting}
          min={0}
          max={1}
          step={0.05}
          display={percent}
          onChange={(pLighting) => update({ pLighting })}
        />
      </fieldset>
      <SelectField
        label="Padding"
        value={settings.padding}
        options={paddingOptions}
        help="What fills the corners that rotating or warping uncovers."
        onChange={(padding) => update({ padding })}
      />
      <div className="button-row aug-actions">
        <button
          type="button"
          className="button primary"
          data-testid="use-for-training"
          disabled={save.phase === 'saving'}
          onClick={() => void saveAugmentation(api)}
        >
          Use for training
        </button>
        <button
          type="button"
          className="button"
          disabled={isDefault}
          onClick={() => useDeskfitStore.getState().augmentSettingsChanged(defaultAugSettings)}
        >
          Reset to fastai defaults
        </button>
      </div>
      <p
        role="status"
        className={save.phase === 'saved' ? 'verdict' : 'verdict verdict-neutral'}
        data-testid="aug-save-status"
      >
        {save.phase === 'saved'
          ? 'Saved: the next training run uses these settings.'
          : save.phase === 'saving'
            ? 'Saving…'
            : unsaved
              ? 'Changed since saved: “Use for training” to keep them.'
              : ''}
      </p>
      {save.phase === 'failed' && save.error !== null && (
        <p role="alert" className="alert">
          Could not save the settings: {save.error.message}
        </p>
      )}
    </section>
  );
}
