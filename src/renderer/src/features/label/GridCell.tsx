// One thumbnail in the grid: the image (lazy, fixed size), its label or "unlabeled", a split badge,
// and badges for a problem or an exclusion. Selected cells are marked with aria-selected.
import { useState, type MouseEvent } from 'react';
import type { CellComponentProps } from 'react-window';
import { hasPicture, mediaPaths, type Item } from '../../../../shared/dataset';
import { itemAt } from '../../store';
import type { ClickModifiers } from '../../store/labelActions';
import { baseName } from '../common/paths';

export interface GridCellData {
  pages: Parameters<typeof itemAt>[0];
  total: number;
  columns: number;
  selection: ReadonlySet<number>;
  current: number;
  idPrefix: string;
  thumbEpoch: number;
  /** The grid is flinging: a cell whose image has not started loading shows a placeholder for now. */
  deferImages: boolean;
  onCellClick(index: number, modifiers: ClickModifiers): void;
  onCellOpen(index: number): void;
}

export const cellDomId = (prefix: string, index: number): string => `${prefix}-cell-${index}`;

function Thumbnail({ item, defer }: { item: Item; defer: boolean }) {
  const [failed, setFailed] = useState(false);
  // Once started, an image stays, even if a later fling defers new ones.
  const [started, setStarted] = useState(!defer);
  if (!started && !defer) setStarted(true);
  if (failed || !hasPicture(item)) {
    return (
      <span className="thumb thumb-missing" aria-hidden="true">
        {item.missing ? 'missing' : item.problem !== null ? item.problem.kind : 'no preview'}
      </span>
    );
  }
  if (!started) return <span className="thumb thumb-loading" aria-hidden="true" />;
  return (
    <img
      className="thumb"
      src={mediaPaths.thumbnail(item.id, item.hash)}
      alt=""
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}

export function GridCell({
  ariaAttributes,
  columnIndex,
  rowIndex,
  style,
  pages,
  total,
  columns,
  selection,
  current,
  idPrefix,
  thumbEpoch,
  deferImages,
  onCellClick,
  onCellOpen,
}: CellComponentProps<GridCellData>) {
  const index = rowIndex * columns + columnIndex;
  if (index >= total) return null;
  const item = itemAt(pages, index);
  const selected = item !== undefined && selection.has(item.id);
  const isCurrent = index === current;
  const className = [
    'grid-cell',
    selected ? 'selected' : '',
    isCurrent ? 'current' : '',
    item?.excluded ? 'excluded' : '',
  ]
    .filter(Boolean)
    .join(' ');

  function onClick(event: MouseEvent): void {
    onCellClick(index, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  }

  if (item === undefined) {
    return (
      <div
        {...ariaAttributes}
        id={cellDomId(idPrefix, index)}
        style={style}
        className={className}
        aria-busy="true"
        aria-selected={false}
        onClick={onClick}
      >
        <div className="cell-card loading">
          <span className="thumb thumb-loading" aria-hidden="true" />
          <span className="visually-hidden">Loading…</span>
        </div>
      </div>
    );
  }

  const name = baseName(item.path);
  const label = item.labels.length > 0 ? item.labels.join(' ') : null;
  return (
    <div
      {...ariaAttributes}
      id={cellDomId(idPrefix, index)}
      style={style}
      className={className}
      aria-selected={selected}
      data-item-id={item.id}
      data-path={item.path}
      title={item.problem !== null ? `${item.path}\n${item.problem.reason}` : item.path}
      onClick={onClick}
      onDoubleClick={() => onCellOpen(index)}
    >
      <div className="cell-card">
        <span className="thumb-frame">
          <Thumbnail key={`${item.id}-${thumbEpoch}`} item={item} defer={deferImages} />
          <span className={`badge split-badge split-${item.split}`}>{item.split}</span>
          {item.problem !== null && (
            <span className="badge problem-badge" data-testid="cell-problem">
              <span className="badge-long">problem</span>
              {/* Small thumbnails leave room for a mark only. */}
              <span className="badge-short" aria-hidden="true">
                !
              </span>
            </span>
          )}
          {item.excluded && <span className="badge excluded-badge">excluded</span>}
          {selected && <span className="check" aria-hidden="true" />}
        </span>
        <span className={label === null ? 'cell-label unlabeled' : 'cell-label'} data-testid="cell-label">
          {label ?? 'unlabeled'}
        </span>
        <span className="cell-name">{name}</span>
      </div>
    </div>
  );
}
