// The large view of a reviewed image: the full image, what the model said, and the same edits as the
// card (class buttons with their number keys, Exclude), with left/right to step through the list.
import type { KeyboardEvent } from 'react';
import { mediaPaths } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';
import { relabelReviewItem, selectClassNames, setReviewItemExcluded, useDeskfitStore } from '../../store';
import { ImageViewer } from '../common/ImageViewer';
import { baseName } from '../common/paths';
import { isTypingTarget } from '../common/typingTarget';
import { formatLossValue, formatPercent, type ReviewEntry } from './interpretMath';
import { currentLabelOf, useReviewEdit } from './reviewEdits';
import { reviewKeyAction } from './reviewKeys';
import { useItemDetailsState } from './useItemDetails';
// The same large view as the Label page's.
import '../label/label.css';

export function ReviewViewer({
  entries,
  index,
  onIndex,
  onClose,
}: {
  entries: readonly ReviewEntry[];
  index: number;
  onIndex(index: number): void;
  onClose(): void;
}) {
  const api = useApi();
  const entry = entries[index] as ReviewEntry;
  const classes = useDeskfitStore(selectClassNames);
  const mark = useDeskfitStore((s) => s.interpret.marks[entry.itemId]);
  const pending = useDeskfitStore((s) => s.interpret.pending[entry.itemId] === true);
  const { item, settled } = useItemDetailsState(entry.itemId);
  const edit = useReviewEdit();
  const name = item !== null ? baseName(item.path) : `Image ${entry.itemId}`;
  const label = currentLabelOf(entry, mark, item?.labels ?? null);
  const excluded = mark?.excluded ?? item?.excluded ?? false;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (isTypingTarget(event.target)) return;
    const key = reviewKeyAction(event.nativeEvent);
    if (key === null) return;
    if (key.type === 'move') {
      if (key.move !== 'left' && key.move !== 'right') return;
      const next = index + (key.move === 'left' ? -1 : 1);
      if (next >= 0 && next < entries.length) onIndex(next);
    } else if (key.type === 'open') {
      return;
    } else {
      edit(entry.itemId, key, excluded);
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <ImageViewer
      name={name}
      path={item?.path}
      position={`${index + 1} of ${entries.length}`}
      className="viewer review-viewer"
      hasPrevious={index > 0}
      hasNext={index < entries.length - 1}
      onPrevious={() => onIndex(index - 1)}
      onNext={() => onIndex(index + 1)}
      onClose={onClose}
      onKeyDown={onKeyDown}
      image={
        // Asked for once the item's hash is known (or could not be), so the image is fetched once.
        settled ? (
          <img
            key={entry.itemId}
            src={mediaPaths.image(entry.itemId, item?.hash)}
            alt={name}
            decoding="async"
          />
        ) : null
      }
    >
      <div className="viewer-info">
        <p>
          Predicted <strong>{entry.predicted}</strong> ({formatPercent(entry.probability)}), labelled{' '}
          <strong data-testid="viewer-label">{label ?? 'unlabeled'}</strong> · loss{' '}
          {formatLossValue(entry.loss)}
          {excluded ? ' · excluded' : ''}
        </p>
        {item !== null && <p className="mono small-text muted viewer-path">{item.path}</p>}
        <div className="viewer-classes" role="group" aria-label="Label this image">
          {classes.map((cls, i) => (
            <button
              key={cls}
              type="button"
              className={label === cls ? 'button small chosen' : 'button small'}
              aria-pressed={label === cls}
              disabled={pending}
              onClick={() => void relabelReviewItem(api, entry.itemId, cls)}
            >
              {i < 9 && <kbd>{i + 1}</kbd>} {cls}
            </button>
          ))}
          <button
            type="button"
            className="button small"
            aria-pressed={excluded}
            disabled={pending}
            onClick={() => void setReviewItemExcluded(api, entry.itemId, !excluded)}
          >
            <kbd>X</kbd> {excluded ? 'Include' : 'Exclude'}
          </button>
        </div>
      </div>
    </ImageViewer>
  );
}
