/**
 * Every keyboard shortcut in words, for the help overlay: the app-wide ones, then each page's. A page
 * that adds keys lists them here too (tests check the overlay shows what a page's hint line says).
 */
import type { PageId } from '../../pages';

export interface Shortcut {
  /** Key combinations, each as the keys to press together: [['Alt', '1…7']]. */
  keys: string[][];
  does: string;
}

export interface ShortcutGroup {
  title: string;
  shortcuts: Shortcut[];
}

export const globalShortcuts: ShortcutGroup = {
  title: 'Everywhere',
  shortcuts: [
    {
      keys: [['Alt', '1…7']],
      does: 'Open a page, in sidebar order (Datasets, Label, … Settings); Option+digit on a Mac',
    },
    { keys: [['?']], does: 'Show or hide this list of keys (not while typing in a field)' },
    { keys: [['Esc']], does: 'Close a dialog, the large view or this list' },
  ],
};

export const pageShortcuts: Partial<Record<PageId, ShortcutGroup>> = {
  label: {
    title: 'Label page',
    shortcuts: [
      { keys: [['1…9']], does: 'Give the selected images the class with that number' },
      { keys: [['0'], ['Backspace']], does: 'Clear their label' },
      { keys: [['← → ↑ ↓']], does: 'Move the focus ring (and select what it is on)' },
      {
        keys: [
          ['Shift', 'arrow'],
          ['Shift', 'click'],
        ],
        does: 'Extend the selection',
      },
      { keys: [['Ctrl', 'arrow']], does: 'Move without selecting' },
      { keys: [['Ctrl', 'click']], does: 'Add or remove one image' },
      { keys: [['Space']], does: 'Select or deselect the image under the ring' },
      { keys: [['Page Up'], ['Page Down'], ['Home'], ['End']], does: 'Jump a screen, or to the ends' },
      { keys: [['Ctrl', 'A']], does: 'Select every image in the filter' },
      { keys: [['Esc']], does: 'Clear the selection' },
      { keys: [['Enter']], does: 'Open the large view (←/→ step, number keys label and move on)' },
      { keys: [['Ctrl', 'Z']], does: 'Undo' },
      {
        keys: [
          ['Ctrl', 'Shift', 'Z'],
          ['Ctrl', 'Y'],
        ],
        does: 'Redo',
      },
    ],
  },
  interpret: {
    title: 'Interpret page (on an image card: click it first)',
    shortcuts: [
      { keys: [['1…9']], does: 'Relabel the image with the class with that number' },
      { keys: [['0'], ['Backspace']], does: 'Clear its label' },
      { keys: [['X']], does: 'Exclude it from training, or include it again' },
      { keys: [['← → ↑ ↓']], does: 'Move between cards' },
      { keys: [['Enter']], does: 'Open the large view (←/→ step, the same keys edit)' },
    ],
  },
};

/** The groups to show on `page`: that page's first, then the app-wide keys, then the other pages'. */
export function shortcutGroupsFor(page: PageId): ShortcutGroup[] {
  const own = pageShortcuts[page];
  const others = Object.entries(pageShortcuts)
    .filter(([id]) => id !== page)
    .map(([, group]) => group)
    .filter((g): g is ShortcutGroup => g !== undefined);
  return [...(own !== undefined ? [own] : []), globalShortcuts, ...others];
}
