// Which image the previews use: a strip of the project's usable images (optionally of one class), a
// shuffle for another set, and a random pick from the whole project.
import { useApi } from '../../api/ApiContext';
import {
  loadAugmentCandidates,
  pickRandomItem,
  selectAugmentCandidates,
  selectAugmentItem,
  selectClassNames,
  useDeskfitStore,
} from '../../store';
import { mediaPaths } from '../../../../shared/dataset';
import { baseName } from '../common/paths';

export function ImageChooser() {
  const api = useApi();
  const candidates = useDeskfitStore(selectAugmentCandidates);
  const item = useDeskfitStore(selectAugmentItem);
  const classNames = useDeskfitStore(selectClassNames);
  const classFilter = useDeskfitStore((s) => s.augment.classFilter);

  return (
    <section className="panel aug-chooser" aria-labelledby="aug-image-heading">
      <div className="aug-chooser-head">
        <h2 id="aug-image-heading">Image</h2>
        <label className="aug-class">
          <span>Class</span>
          <select
            value={classFilter ?? ''}
            onChange={(e) => {
              const label = e.target.value === '' ? null : e.target.value;
              useDeskfitStore.getState().augmentClassFilterChanged(label);
              void loadAugmentCandidates(api);
            }}
          >
            <option value="">Any class</option>
            {classNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="button small"
          disabled={candidates.loading}
          onClick={() => void loadAugmentCandidates(api, { shuffle: true })}
        >
          Show others
        </button>
        <button
          type="button"
          className="button small"
          data-testid="aug-random-image"
          onClick={() => void pickRandomItem(api)}
        >
          Random image
        </button>
      </div>
      {candidates.error !== null && (
        <p role="alert" className="alert">
          Could not list the images: {candidates.error.message}
        </p>
      )}
      {candidates.total === 0 && (
        <p className="muted">No usable images{classFilter !== null ? ` in “${classFilter}”` : ''}.</p>
      )}
      <ul className="aug-candidates" aria-label="Images to preview on">
        {candidates.items.map((c) => {
          const chosen = item?.id === c.id;
          return (
            <li key={c.id}>
              <button
                type="button"
                className={chosen ? 'aug-candidate chosen' : 'aug-candidate'}
                aria-pressed={chosen}
                title={c.path}
                onClick={() => useDeskfitStore.getState().augmentItemChosen({ id: c.id, path: c.path })}
              >
                <img
                  src={mediaPaths.thumbnail(c.id, c.hash)}
                  alt={baseName(c.path)}
                  loading="lazy"
                  draggable={false}
                />
              </button>
            </li>
          );
        })}
      </ul>
      {item !== null && (
        <p className="muted small-text aug-item-path" data-testid="aug-item">
          Previewing <span className="mono">{item.path}</span>
        </p>
      )}
    </section>
  );
}
