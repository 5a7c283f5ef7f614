/**
 * Keys on the Interpret page's image cards, the Label page's where they mean the same thing: 1–9 give
 * the card's image the class with that number (classes in the project's order), 0 or Backspace clear
 * its label, arrows move between cards, Enter opens the large view; and X excludes or includes it.
 */
import { hotkeyAction, type KeyLike } from '../label/hotkeys';

export type ReviewMove = 'left' | 'right' | 'up' | 'down' | 'home' | 'end';

export type ReviewKey =
  | { type: 'label'; classIndex: number }
  | { type: 'clearLabel' }
  | { type: 'exclude' }
  | { type: 'move'; move: ReviewMove }
  | { type: 'open' };

const moves: Record<string, ReviewMove> = {
  left: 'left',
  right: 'right',
  up: 'up',
  down: 'down',
  pageUp: 'up',
  pageDown: 'down',
  home: 'home',
  end: 'end',
};

export function reviewKeyAction(event: KeyLike): ReviewKey | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === 'x' || event.key === 'X') return { type: 'exclude' };
  const action = hotkeyAction(event);
  if (action === null) return null;
  switch (action.type) {
    case 'label':
      return { type: 'label', classIndex: action.classIndex };
    case 'clearLabel':
      return { type: 'clearLabel' };
    case 'open':
      return { type: 'open' };
    case 'move': {
      if (action.mode !== 'select') return null;
      const move = moves[action.direction];
      return move === undefined ? null : { type: 'move', move };
    }
    default:
      return null;
  }
}

/** Where focus goes from card `current` of `total`, `columns` to a row. */
export function reviewMoveTarget(move: ReviewMove, current: number, columns: number, total: number): number {
  const next = {
    left: current - 1,
    right: current + 1,
    up: current - columns,
    down: current + columns,
    home: 0,
    end: total - 1,
  }[move];
  if ((move === 'up' || move === 'down') && (next < 0 || next >= total)) return current;
  return Math.max(0, Math.min(next, total - 1));
}
