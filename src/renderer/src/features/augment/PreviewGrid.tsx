// The original image beside N augmented variants from the `augment-preview` job. The last preview stays
// on screen (dimmed) while the next one is made; a failure says why and what to do.
import { useApi } from '../../api/ApiContext';
import { requestAugmentPreview, selectAugmentPreview, selectAugSettings, useDeskfitStore } from '../../store';
import { describePreviewError } from '../../store/augmentReducers';
import { describeAugSettings } from './augmentWords';

const countOptions = [4, 8, 12, 16] as const;

export function PreviewGrid() {
  const api = useApi();
  const preview = useDeskfitStore(selectAugmentPreview);
  const settings = useDeskfitStore(selectAugSettings);
  const n = useDeskfitStore((s) => s.augment.n);
  const item = useDeskfitStore((s) => s.augment.item);
  const loading = preview.phase === 'loading';
  const result = preview.result;
  const stale = result !== null && item !== null && result.itemId !== item.id;

  return (
    <section className="panel aug-preview" aria-labelledby="aug-preview-heading" aria-busy={loading}>
      <div className="aug-chooser-head">
        <h2 id="aug-preview-heading">Preview</h2>
        <label className="aug-class">
          <span>Variants</span>
          <select
            value={n}
            onChange={(e) =>
              useDeskfitStore.getState().augmentPreviewOptionsChanged({ n: Number(e.target.value) })
            }
          >
            {countOptions.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="button small"
          data-testid="aug-new-samples"
          disabled={item === null}
          onClick={() => {
            const { seed } = useDeskfitStore.getState().augment;
            useDeskfitStore.getState().augmentPreviewOptionsChanged({ seed: seed + 1 });
          }}
        >
          New samples
        </button>
        <button
          type="button"
          className="button small"
          disabled={item === null}
          onClick={() => void requestAugmentPreview(api)}
        >
          Refresh
        </button>
      </div>
      <p className="muted small-text">{describeAugSettings(settings)}</p>
      {preview.phase === 'failed' && preview.error !== null && (
        <p role="alert" className="alert" data-testid="aug-preview-error">
          {describePreviewError(preview.error)}
        </p>
      )}
      {item === null && preview.phase === 'idle' && (
        <p className="muted">Choose an image to see the transforms on it.</p>
      )}
      {result !== null && (
        <div className={loading || stale ? 'aug-grid loading' : 'aug-grid'} data-testid="aug-preview-grid">
          <figure className="aug-tile original">
            <img src={result.original} alt="Original image" data-testid="aug-original" />
            <figcaption>original</figcaption>
          </figure>
          {result.images.map((src, i) => (
            <figure className="aug-tile" key={`${result.itemId}-${i}`}>
              <img src={src} alt={`Augmented variant ${i + 1}`} data-testid="aug-preview-image" />
            </figure>
          ))}
        </div>
      )}
      {loading && result === null && (
        <p className="muted" aria-live="polite">
          Making previews…
        </p>
      )}
    </section>
  );
}
