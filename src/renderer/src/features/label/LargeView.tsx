// The large view: the full image of the current item, its details, left/right to move, number keys
// to label it (and, unless turned off, move on to the next image), Escape to close. Named by the file
// name for assistive technology.
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { hasPicture, mediaPaths, type Item } from '../../../../shared/dataset';
import { useApi } from '../../api/ApiContext';
import {
  changePreferences,
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
/** True when the image is shown smaller than its own pixels (so a click can show it at actual size). */
function shrunk(img: HTMLImageElement): boolean {
  if (img.naturalWidth === 0 || img.naturalHeight === 0) return false;
  return Math.min(img.clientWidth / img.naturalWidth, img.clientHeight / img.naturalHeight) < 1;
}

function ViewerPicture({ item, name }: { item: Item; name: string }) {
  const [failed, setFailed] = useState(false);
  // A photo bigger than the frame: a click shows it pixel for pixel (scroll to pan), a click fits it.
  const [zoomable, setZoomable] = useState(false);
  const [actual, setActual] = useState(false);
  // Where the click was: at actual size, that point of the picture stays under the pointer.
  const focus = useRef<{ x: number; y: number; pointerX: number; pointerY: number } | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const at = focus.current;
    if (!actual || at === null || frame.current === null) return;
    frame.current.scrollLeft = at.x - at.pointerX;
    frame.current.scrollTop = at.y - at.pointerY;
    focus.current = null;
  }, [actual]);
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
  const classes = [small ? 'pixelated' : '', zoomable ? (actual ? 'zoom-out' : 'zoom-in') : '']
    .join(' ')
    .trim();
  const image = (
    <img
      className={classes === '' ? undefined : classes}
      src={mediaPaths.image(item.id, item.hash)}
      alt={name}
      decoding="async"
      title={zoomable ? (actual ? 'Click to fit the frame' : 'Click for actual size') : undefined}
      onLoad={(e) => setZoomable(shrunk(e.currentTarget))}
      onClick={(e) => {
        const img = e.currentTarget;
        if (actual) return setActual(false);
        if (!shrunk(img)) return;
        // The picture is drawn centred at scale `s` in the frame (object-fit: contain).
        const s = Math.min(img.clientWidth / img.naturalWidth, img.clientHeight / img.naturalHeight);
        const left = (img.clientWidth - img.naturalWidth * s) / 2;
        const top = (img.clientHeight - img.naturalHeight * s) / 2;
        // Without a pointer position (a click from the keyboard), zoom into the middle.
        const offsetX = Number.isFinite(e.nativeEvent.offsetX) ? e.nativeEvent.offsetX : img.clientWidth / 2;
        const offsetY = Number.isFinite(e.nativeEvent.offsetY) ? e.nativeEvent.offsetY : img.clientHeight / 2;
        focus.current = {
          x: Math.min(img.naturalWidth, Math.max(0, (offsetX - left) / s)),
          y: Math.min(img.naturalHeight, Math.max(0, (offsetY - top) / s)),
          pointerX: offsetX,
          pointerY: offsetY,
        };
        setActual(true);
      }}
      onError={() => setFailed(true)}
    />
  );
  return (
    <div
      ref={frame}
      className={actual ? 'viewer-picture actual-size' : 'viewer-picture'}
      data-testid="viewer-picture"
    >
      {image}
    </div>
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
                  onChange={(e) => void changePreferences(api, { advanceAfterLabel: e.target.checked })}
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
