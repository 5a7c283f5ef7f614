/**
 * The Label page's keyboard: number keys label, 0/Backspace clear, arrows move the focus ring
 * (Shift extends the selection, Ctrl/Cmd moves without selecting), Ctrl/Cmd+A selects all in the
 * filter, Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo, Enter opens the large view, Escape
 * clears the selection. Parsing is pure; `performHotkey` runs an action through the store.
 */
import type { Api } from '../../../../shared/contract';
import {
  assignLabel,
  clearSelection,
  labelCurrentImage,
  moveCurrent,
  redoEdit,
  selectAllInFilter,
  setViewerOpen,
  toggleCurrentSelected,
  undoEdit,
  useDeskfitStore,
  type DeskfitStore,
} from '../../store';
import type { MoveMode } from '../../store/labelActions';

export type MoveDirection = 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

export type HotkeyAction =
  | { type: 'label'; classIndex: number }
  | { type: 'clearLabel' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'selectAll' }
  | { type: 'clearSelection' }
  | { type: 'move'; direction: MoveDirection; mode: MoveMode }
  | { type: 'open' }
  | { type: 'toggle' };

export type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & {
  code?: string;
};

const directions: Record<string, MoveDirection> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  Home: 'home',
  End: 'end',
};

/** The digit a key press means: its character, or its physical key (AZERTY types "&" on Digit1). */
function digitOf(event: KeyLike): number | null {
  if (/^[0-9]$/.test(event.key)) return Number(event.key);
  const match = /^(?:Digit|Numpad)([0-9])$/.exec(event.code ?? '');
  return match !== null && event.key.length === 1 ? Number(match[1]) : null;
}

export function hotkeyAction(event: KeyLike): HotkeyAction | null {
  if (event.altKey) return null; // Alt+digit opens pages
  const direction = directions[event.key];
  if (event.ctrlKey || event.metaKey) {
    const key = event.key.toLowerCase();
    if (key === 'z') return { type: event.shiftKey ? 'redo' : 'undo' };
    if (key === 'y' && !event.shiftKey) return { type: 'redo' };
    if (key === 'a' && !event.shiftKey) return { type: 'selectAll' };
    if (direction !== undefined) return { type: 'move', direction, mode: 'keep' };
    return null;
  }
  if (direction !== undefined) return { type: 'move', direction, mode: event.shiftKey ? 'extend' : 'select' };
  const digit = digitOf(event);
  if (digit !== null) return digit === 0 ? { type: 'clearLabel' } : { type: 'label', classIndex: digit - 1 };
  if (event.shiftKey) return null;
  if (event.key === 'Backspace') return { type: 'clearLabel' };
  if (event.key === 'Enter') return { type: 'open' };
  if (event.key === ' ') return { type: 'toggle' };
  if (event.key === 'Escape') return { type: 'clearSelection' };
  return null;
}

/** Where the focus ring goes from `current` in a grid of `columns`, `rowsPerView` rows on screen. */
export function moveTarget(
  direction: MoveDirection,
  current: number,
  columns: number,
  rowsPerView: number,
  total: number,
): number {
  const page = Math.max(1, rowsPerView) * columns;
  const next = {
    left: current - 1,
    right: current + 1,
    up: current - columns,
    down: current + columns,
    pageUp: current - page,
    pageDown: current + page,
    home: 0,
    end: total - 1,
  }[direction];
  // Up from the first row and down from the last stay put rather than jumping to the ends.
  if ((direction === 'up' || direction === 'down') && (next < 0 || next >= total)) return current;
  return Math.max(0, Math.min(next, total - 1));
}

/** Runs a parsed hotkey. `inViewer`: the large view is open, so edits apply to the image it shows. */
export function performHotkey(
  api: Api,
  action: HotkeyAction,
  inViewer = false,
  store: DeskfitStore = useDeskfitStore,
): void {
  const state = store.getState();
  switch (action.type) {
    case 'label': {
      const name = state.project.current?.stats.classes[action.classIndex]?.name;
      if (name === undefined) {
        const count = state.project.current?.stats.classes.length ?? 0;
        state.labelNoticeShown(
          count === 0
            ? 'Add a class first (Classes panel): number keys label with the classes in their order.'
            : `No class has the key ${action.classIndex + 1}: there ${count === 1 ? 'is 1 class' : `are ${count} classes`}.`,
        );
        return;
      }
      if (inViewer) void labelCurrentImage(api, name, store);
      else void assignLabel(api, name, {}, store);
      return;
    }
    case 'clearLabel':
      void assignLabel(api, null, { currentOnly: inViewer }, store);
      return;
    case 'undo':
      void undoEdit(api, store);
      return;
    case 'redo':
      void redoEdit(api, store);
      return;
    case 'selectAll':
      void selectAllInFilter(api, store);
      return;
    case 'clearSelection':
      clearSelection(store);
      return;
    case 'open':
      setViewerOpen(true, store);
      return;
    case 'toggle':
      toggleCurrentSelected(store);
      return;
    case 'move': {
      const { layout, current, cache } = state.label;
      const total = cache.total ?? 0;
      const target = moveTarget(action.direction, current, layout.columns, layout.rowsPerView, total);
      moveCurrent(api, target, action.mode, store);
      return;
    }
  }
}
