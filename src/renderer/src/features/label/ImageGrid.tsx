// The virtualized thumbnail grid (react-window v2): only the rows on screen exist in the DOM, pages of
// items are fetched as they come into view, and the focus ring follows the keyboard.
import { useCallback, useEffect, useId, useMemo, useState, type CSSProperties } from 'react';
import { Grid, getScrollbarSize, useGridRef } from 'react-window';
import { useApi } from '../../api/ApiContext';
import {
  clickItem,
  selectCacheKey,
  selectCurrentIndex,
  selectGridSize,
  selectItemPages,
  selectItemTotal,
  selectSelection,
  selectThumbEpoch,
  setViewerOpen,
  showItems,
  useDeskfitStore,
} from '../../store';
import type { ClickModifiers } from '../../store/labelActions';
import type { GridSize } from '../../../../shared/preferences';
import { GridCell, cellDomId, type GridCellData } from './GridCell';
import { useFlinging } from './scrollSpeed';
import { useElementSize, type Size } from './useElementSize';

/**
 * Each thumbnail size: the thumbnail's frame, and the card around it (name and label below). A cell's
 * slot is the card plus an 8 px gap. Thumbnails are made at 256 px, so even large ones stay sharp.
 */
export const cellGeometry: Record<GridSize, { thumb: [number, number]; card: [number, number] }> = {
  small: { thumb: [90, 84], card: [100, 138] },
  medium: { thumb: [130, 124], card: [140, 178] },
  large: { thumb: [210, 204], card: [220, 258] },
};
const cellGap = 8;

export function columnsFor(width: number, size: GridSize = 'medium'): number {
  return Math.max(1, Math.floor(width / (cellGeometry[size].card[0] + cellGap)));
}

export function ImageGrid({ fallbackSize }: { fallbackSize: Size }) {
  const api = useApi();
  const idPrefix = useId().replace(/:/g, '');
  const [frame, setFrame] = useState<HTMLDivElement | null>(null);
  const size = useElementSize(frame, fallbackSize);
  const gridRef = useGridRef(null);

  const pages = useDeskfitStore(selectItemPages);
  const total = useDeskfitStore(selectItemTotal) ?? 0;
  const selection = useDeskfitStore(selectSelection);
  const current = useDeskfitStore(selectCurrentIndex);
  const thumbEpoch = useDeskfitStore(selectThumbEpoch);
  // A boolean, so scrolling re-renders this component only when the ring enters or leaves the view.
  const currentRendered = useDeskfitStore(
    (s) => s.label.current >= s.label.visible.start && s.label.current <= s.label.visible.end,
  );

  const gridSize = useDeskfitStore(selectGridSize);
  const geometry = cellGeometry[gridSize];
  const cellWidth = geometry.card[0] + cellGap;
  const rowHeight = geometry.card[1] + cellGap;
  const inner = Math.max(0, size.width - getScrollbarSize());
  const columns = columnsFor(inner, gridSize);
  const columnWidth = Math.max(cellWidth, Math.floor(inner / columns));
  const rowCount = Math.ceil(total / columns);
  const rowsPerView = Math.max(1, Math.floor(size.height / rowHeight));

  useEffect(() => {
    useDeskfitStore.getState().gridLayoutChanged(columns, rowsPerView);
  }, [columns, rowsPerView]);

  // A new filter (or project) starts at the top, even if the ring was already on the first item.
  const cacheKey = useDeskfitStore(selectCacheKey);
  useEffect(() => {
    try {
      gridRef.current?.scrollToRow({ index: 0, align: 'start' });
    } catch {
      // No rows yet (the first page is on its way): an empty grid is already at the top.
    }
  }, [cacheKey, gridRef]);

  // Keep the focus ring on screen when the keyboard moves it (or the columns change).
  useEffect(() => {
    const row = Math.floor(current / columns);
    if (total === 0 || row >= rowCount) return;
    gridRef.current?.scrollToRow({ index: row, align: 'auto' });
  }, [current, columns, rowCount, total, gridRef]);

  // While the grid scrolls its cells ignore the pointer; while it flings, new thumbnails wait.
  const flinging = useFlinging(frame);

  const onCellClick = useCallback(
    (index: number, modifiers: ClickModifiers) => clickItem(api, index, modifiers),
    [api],
  );
  const onCellOpen = useCallback((index: number) => {
    useDeskfitStore.getState().currentChanged(index);
    setViewerOpen(true);
  }, []);

  const cellProps = useMemo<GridCellData>(
    () => ({
      pages,
      total,
      columns,
      selection,
      current,
      idPrefix,
      thumbEpoch,
      deferImages: flinging,
      onCellClick,
      onCellOpen,
    }),
    [pages, total, columns, selection, current, idPrefix, thumbEpoch, flinging, onCellClick, onCellOpen],
  );

  const onCellsRendered = useCallback(
    (_visible: unknown, all: { rowStartIndex: number; rowStopIndex: number }) => {
      showItems(api, all.rowStartIndex * columns, (all.rowStopIndex + 1) * columns - 1);
    },
    [api, columns],
  );

  const currentShown = total > 0 && currentRendered;
  const style = useMemo(
    () => ({ width: size.width, height: size.height, position: 'absolute', top: 0, left: 0 }) as const,
    [size.width, size.height],
  );
  // The cells' CSS reads their size from these (label.css).
  const frameStyle = useMemo(
    () =>
      ({
        '--thumb-width': `${geometry.thumb[0]}px`,
        '--thumb-height': `${geometry.thumb[1]}px`,
        '--card-width': `${geometry.card[0]}px`,
        '--card-height': `${geometry.card[1]}px`,
      }) as CSSProperties,
    [geometry],
  );
  return (
    <div ref={setFrame} className="grid-frame" data-grid-size={gridSize} style={frameStyle}>
      <Grid
        gridRef={gridRef}
        className="image-grid"
        aria-label="Images"
        aria-multiselectable="true"
        aria-activedescendant={currentShown ? cellDomId(idPrefix, current) : undefined}
        tabIndex={0}
        cellComponent={GridCell}
        cellProps={cellProps}
        columnCount={columns}
        columnWidth={columnWidth}
        rowCount={rowCount}
        rowHeight={rowHeight}
        overscanCount={2}
        onCellsRendered={onCellsRendered}
        style={style}
      />
    </div>
  );
}
