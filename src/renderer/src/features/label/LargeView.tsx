// The large view: the full image of the current item, its details, left/right to move, number keys
// to label it (and, unless turned off, move on to the next image), Escape to close. Named by the file
// name for assistive technology.
import { useState, type KeyboardEvent } from 'react';
import { hasPicture, mediaPaths, type Item } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';
import {
  labelCurrentImage,
  currentItem,
  moveCurrent,
  selectAdvanceAfterLabel,
  selectClassNames,
  selectCurrentIndex,
  selectItemTotal,
  setViewerOpen,
  useDeskfitStore,
} from '../../store';
import { formatBytes, formatCount } from '../common/format';
import { ImageViewer } from '../common/ImageViewer';
import { baseName } from '../common/paths';
import { isTypingTarget } from '../common/typingTarget';
import { hotkeyAction, performHotkey } from './hotkeys';

/** Images this small are drawn with square pixels when scaled up (28 px digits stay crisp). */
const pixelatedBelow = 128;

/** The item's full image, scaled to the frame; a plain panel naming why when there is none to show. */
function ViewerPicture({ item, name }: { item: Item; name: string }) {
  const [failed, setFailed] = useState(false);
  if (failed || !hasPicture(item)) {
    const why = item.missing ? 'missing' : (item.problem?.kind ?? 'could not be loaded');
    return (
      <p className="viewer-no-picture" data-testid="viewer-no-picture">
        No picture to show: {why}
      </p>
    );
  }
  const small =
    item.width !== null && item.height !== null && Math.max(item.width, item.height) < pixelatedBelow;
  return (
    <img
      className={small ? 'pixelated' : undefined}
      src={mediaPaths.image(item.id, item.hash)}
      alt={name}
      decoding="async"
      onError={() => setFailed(true)}
    />
  );
}

export function LargeView() {
  const api = useApi();
  const item = useDeskfitStore(currentItem);
  const index = useDeskfitStore(selectCurrentIndex);
  const total = useDeskfitStore(selectItemTotal) ?? 0;
  const classes = useDeskfitStore(selectClassNames);
  const advance = useDeskfitStore(selectAdvanceAfterLabel);
  const close = () => setViewerOpen(false);
  const name = item === undefined ? 'Loading image…' : baseName(item.path);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (isTypingTarget(event.target)) return;
    const action = hotkeyAction(event.nativeEvent);
    if (action === null) return;
    if (action.type === 'move') {
      if (action.direction !== 'left' && action.direction !== 'right') return;
      moveCurrent(api, index + (action.direction === 'left' ? -1 : 1), 'select');
    } else if (
      action.type === 'label' ||
      action.type === 'clearLabel' ||
      action.type === 'undo' ||
      action.type === 'redo'
    ) {
      performHotkey(api, action, true);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <ImageViewer
      name={name}
      path={item?.path}
      position={`${formatCount(index + 1)} of ${formatCount(total)}`}
      className="viewer"
      hasPrevious={index > 0}
      hasNext={index < total - 1}
      onPrevious={() => moveCurrent(api, index - 1, 'select')}
      onNext={() => moveCurrent(api, index + 1, 'select')}
      onClose={close}
      onKeyDown={onKeyDown}
      image={item !== undefined && <ViewerPicture key={item.id} item={item} name={name} />}
    >
      {item !== undefined && (
        <div className="viewer-info">
          <p>
            Label:{' '}
            <strong data-testid="viewer-label">
              {item.labels.length > 0 ? item.labels.join(' ') : 'unlabeled'}
            </strong>{' '}
            · {item.split}
            {item.excluded ? ' · excluded' : ''} · {formatBytes(item.size)}
            {item.width !== null && item.height !== null ? ` · ${item.width}×${item.height}` : ''}
          </p>
          <p className="mono small-text muted viewer-path">{item.path}</p>
          {item.problem !== null && (
            <p className="alert small-text">
              {item.problem.kind}: {item.problem.reason}
            </p>
          )}
          {classes.length > 0 && (
            <div className="viewer-classes" role="group" aria-label="Label this image">
              {classes.map((cls, i) => (
                <button
                  key={cls}
                  type="button"
                  className={item.labels.includes(cls) ? 'button small chosen' : 'button small'}
                  aria-pressed={item.labels.includes(cls)}
                  onClick={() => void labelCurrentImage(api, cls)}
                >
                  {i < 9 && <kbd>{i + 1}</kbd>} {cls}
                </button>
              ))}
              <label className="viewer-advance small-text">
                <input
                  type="checkbox"
                  checked={advance}
                  onChange={(e) => useDeskfitStore.getState().advanceAfterLabelChanged(e.target.checked)}
                />
                Next image after labelling
              </label>
            </div>
          )}
        </div>
      )}
    </ImageViewer>
  );
}
