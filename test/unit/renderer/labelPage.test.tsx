import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabelPage } from '../../../src/renderer/src/features/label/LabelPage';
import { resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import type { EditResult } from '../../../src/shared/dataset';
import { DeskfitError } from '../../../src/shared/errors';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, deferred, seedItems } from './helpers/fakeDataset';

let api: FakeApi;
let data: FakeDataset;
let unbind: () => void;

async function renderLabel(): Promise<void> {
  unbind = renderWithApi(api, <LabelPage gridSize={{ width: 600, height: 400 }} />);
  await screen.findAllByRole('gridcell');
}

const grid = () => screen.getByRole('grid', { name: 'Images' });
const cells = () => within(grid()).getAllByRole('gridcell');
/** The grid cell showing the file at `path` (relative to the data root). */
const cellOf = (path: string): HTMLElement => {
  const cell = cells().find((c) => c.getAttribute('data-path') === path);
  if (cell === undefined) throw new Error(`no cell for ${path}`);
  return cell;
};
const labelOf = (path: string) => within(cellOf(path)).getByTestId('cell-label').textContent;
const key = (key: string, init: Partial<KeyboardEventInit> = {}) =>
  act(async () => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
  });
const click = (el: HTMLElement, init: Partial<MouseEventInit> = {}) =>
  act(async () => {
    fireEvent.click(el, init);
  });
const selectedPaths = () =>
  cells()
    .filter((c) => c.getAttribute('aria-selected') === 'true')
    .map((c) => c.getAttribute('data-path'));

beforeEach(() => {
  resetDeskfitStore();
  data = new FakeDataset(seedItems(12), ['cat', 'dog', 'bird']);
  api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('LabelPage grid', () => {
  it('renders one cell per item from items:query, with its label, split and file name', async () => {
    await renderLabel();
    expect(api.callsTo('items:query')[0]?.input).toEqual({
      sort: 'path',
      descending: false,
      offset: 0,
      limit: 300,
    });
    expect(cells()).toHaveLength(12);
    const first = cellOf('img-000.jpg');
    expect(within(first).getByTestId('cell-label').textContent).toBe('cat');
    expect(first.textContent).toContain('img-000.jpg');
    expect(first.textContent).toContain('train');
    const img = first.querySelector('img');
    expect(img?.getAttribute('src')).toBe('/media/thumb/1?v=h1');
    expect(img?.getAttribute('loading')).toBe('lazy');
    expect(screen.getByTestId('filter-total').textContent).toBe('12 images');
  });

  it('shows "unlabeled" and a problem badge where they apply', async () => {
    data = new FakeDataset(
      [
        { path: 'a.jpg', label: null },
        { path: 'b.jpg', label: 'cat', problem: { kind: 'corrupt', reason: 'b.jpg is corrupt.' } },
        { path: 'c.jpg', label: 'cat', problem: { kind: 'duplicate', reason: 'Same content as a.jpg.' } },
      ],
      ['cat'],
    );
    api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    await renderLabel();
    expect(labelOf('a.jpg')).toBe('unlabeled');
    expect(within(cellOf('b.jpg')).getByTestId('cell-problem')).toBeTruthy();
    expect(cellOf('b.jpg').getAttribute('title')).toContain('b.jpg is corrupt.');
    // A damaged file has no thumbnail; a duplicate is a good picture, shown with its badge.
    expect(cellOf('b.jpg').querySelector('img')).toBeNull();
    expect(cellOf('b.jpg').textContent).toContain('corrupt');
    expect(within(cellOf('c.jpg')).getByTestId('cell-problem')).toBeTruthy();
    expect(cellOf('c.jpg').querySelector('img')?.getAttribute('src')).toBe('/media/thumb/3?v=h3');
  });

  it('lists the classes with their number keys and train/valid counts', async () => {
    await renderLabel();
    const list = screen.getByRole('list', { name: 'Classes' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-class'))).toEqual(['cat', 'dog', 'bird']);
    expect(rows[0]?.textContent).toMatch(/^1 cat/);
    expect(rows[1]?.textContent).toMatch(/^2 dog/);
    // items 0,2,4,6,8,10 are cats; 4 is valid
    expect(rows[0]?.textContent).toContain('train 5 · valid 1');
    expect(screen.getByTestId('other-counts').textContent).toContain('Unlabeled0');
  });

  it('refreshes the counts and the cells on project:changed', async () => {
    await renderLabel();
    data.items = data.items.map((i) => (i.id === 1 ? { ...i, labels: ['bird'] } : i));
    await act(async () =>
      api.emit('project:changed', { dir: data.dir, reason: 'edit', stats: data.stats() }),
    );
    await waitFor(() => expect(labelOf('img-000.jpg')).toBe('bird'));
    const bird = within(screen.getByRole('list', { name: 'Classes' })).getAllByRole('listitem')[2];
    expect(bird?.textContent).toContain('train 1 · valid 0');
  });
});

describe('LabelPage thumbnails of files edited on disk', () => {
  it('loads the new picture once the service says a file was read again (the URL follows the content hash)', async () => {
    await renderLabel();
    const img = () => cellOf('img-000.jpg').querySelector('img');
    expect(img()?.getAttribute('src')).toBe('/media/thumb/1?v=h1');
    data.items = data.items.map((i) => (i.id === 1 ? { ...i, hash: 'h1-edited' } : i));
    await act(async () =>
      api.emit('project:changed', {
        dir: data.dir,
        reason: 'refresh',
        description: 'img-000.jpg changed on disk: its thumbnail and details were read again.',
        stats: data.stats(),
      }),
    );
    await waitFor(() => expect(img()?.getAttribute('src')).toBe('/media/thumb/1?v=h1-edited'));
  });
});

describe('LabelPage thumbnail size', () => {
  it('shows fewer, bigger thumbnails per row for Large and more for Small, and remembers the choice', async () => {
    await renderLabel();
    const columns = () => useDeskfitStore.getState().label.layout.columns;
    const frame = () => grid().closest('.grid-frame') as HTMLElement;
    // 600 px: 4 medium cards (148 px slots) a row.
    expect(columns()).toBe(4);
    expect(frame().style.getPropertyValue('--thumb-width')).toBe('130px');
    await click(screen.getByRole('button', { name: 'Large thumbnails' }));
    expect(columns()).toBe(2);
    expect(frame().style.getPropertyValue('--thumb-width')).toBe('210px');
    expect(screen.getByRole('button', { name: 'Large thumbnails' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await click(screen.getByRole('button', { name: 'Small thumbnails' }));
    expect(columns()).toBe(5);
    // Keyboard moves follow the new rows: Down goes 5 items on.
    await click(cellOf('img-000.jpg'));
    await key('ArrowDown');
    expect(selectedPaths()).toEqual(['img-005.jpg']);
    expect(api.callsTo('preferences:save').map((c) => c.input)).toEqual([
      { gridSize: 'large' },
      { gridSize: 'small' },
    ]);

    // The next start of the app (a fresh store) reads the saved size from the service.
    cleanup();
    unbind();
    resetDeskfitStore();
    await renderLabel();
    await waitFor(() => expect(columns()).toBe(5));
    expect(screen.getByRole('button', { name: 'Small thumbnails' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });
});

describe('LabelPage grid while flinging', () => {
  /** A scroll event at `time` ms with the grid scrolled to `top` px (jsdom does not scroll). */
  function scrollGridTo(top: number, time: number): void {
    Object.defineProperty(grid(), 'scrollTop', { configurable: true, value: top });
    const event = new Event('scroll');
    Object.defineProperty(event, 'timeStamp', { value: time });
    act(() => {
      grid().dispatchEvent(event);
    });
  }
  const hasImage = (path: string) => cellOf(path).querySelector('img') !== null;

  it('shows placeholders for cells that appear during a fling, keeps loaded ones, and loads them when it stops', async () => {
    data = new FakeDataset(seedItems(400), ['cat', 'dog']);
    api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    await renderLabel();
    expect(hasImage('img-000.jpg')).toBe(true);

    // 120 px a frame: the first rows stay mounted in the overscan for a frame or two, then new rows
    // arrive with placeholders instead of images.
    const start = performance.now();
    for (let frame = 1; frame <= 3; frame++) scrollGridTo(frame * 40, start + frame * 16.7);
    expect(hasImage('img-000.jpg')).toBe(true);
    for (let frame = 1; frame <= 12; frame++) scrollGridTo(120 + frame * 120, start + (3 + frame) * 16.7);
    // Checked at once, without yielding: the fling ends 120 ms (real time) after the last scroll
    // event, and on a loaded machine a wait could outlast that.
    expect(cells().some((c) => c.getAttribute('data-path') === 'img-040.jpg')).toBe(true);
    expect(hasImage('img-040.jpg')).toBe(false);
    expect(cellOf('img-040.jpg').querySelector('.thumb-loading')).not.toBeNull();

    // The scroll stops: every cell on screen gets its image.
    await waitFor(() => expect(hasImage('img-040.jpg')).toBe(true));
    expect(cells().every((c) => c.querySelector('img') !== null)).toBe(true);
  });

  it('loads images while scrolling at reading speed', async () => {
    data = new FakeDataset(seedItems(400), ['cat', 'dog']);
    api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    await renderLabel();
    const start = performance.now();
    for (let frame = 1; frame <= 40; frame++) scrollGridTo(frame * 30, start + frame * 16.7);
    await waitFor(() =>
      expect(cells().some((c) => c.getAttribute('data-path') === 'img-020.jpg')).toBe(true),
    );
    expect(hasImage('img-020.jpg')).toBe(true);
  });
});

describe('LabelPage keyboard labeling', () => {
  it('labels the current item with the 2nd class on "2", and shows it only after the reply', async () => {
    const reply = deferred<EditResult>();
    const real = data.handlers()['labels:assign']!;
    api.handlers['labels:assign'] = async (input) => {
      await reply.promise;
      return real(input);
    };
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('2');
    expect(api.callsTo('labels:assign').map((c) => c.input)).toEqual([{ itemIds: [1], label: 'dog' }]);
    expect(labelOf('img-000.jpg')).toBe('cat');
    expect(screen.getByTestId('edit-status').textContent).toBe('Saving…');

    await act(async () => reply.resolve(undefined as unknown as EditResult));
    await waitFor(() => expect(labelOf('img-000.jpg')).toBe('dog'));
    expect(screen.getByTestId('edit-status').textContent).toBe('Labelled 1 item as dog');
  });

  it('keeps the old label and says why when the edit fails', async () => {
    api.handlers['labels:assign'] = () => {
      throw new DeskfitError('WRITE_FAILED', 'The project database is read-only.');
    };
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('2');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Could not label as dog: The project database is read-only.',
      ),
    );
    expect(labelOf('img-000.jpg')).toBe('cat');
  });

  it('clears the label with 0 and moves the current item with the arrows', async () => {
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('ArrowRight');
    expect(selectedPaths()).toEqual(['img-001.jpg']);
    await key('0');
    await waitFor(() => expect(labelOf('img-001.jpg')).toBe('unlabeled'));
    expect(api.callsTo('labels:assign').at(-1)?.input).toEqual({ itemIds: [2], label: null });
    await key('ArrowDown'); // 4 columns at 600 px
    expect(selectedPaths()).toEqual(['img-005.jpg']);
  });

  it('ignores label keys while typing in the search box', async () => {
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    const search = screen.getByRole('searchbox', { name: 'Search file names' });
    search.focus();
    await key('2');
    await key('a', { ctrlKey: true });
    expect(api.callsTo('labels:assign')).toHaveLength(0);
    expect(api.callsTo('items:ids')).toHaveLength(0);
  });

  it('says so when a number key has no class', async () => {
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('7');
    expect(api.callsTo('labels:assign')).toHaveLength(0);
    expect(screen.getByTestId('edit-status').textContent).toBe(
      'No class has the key 7: there are 3 classes.',
    );
  });
});

describe('LabelPage selection', () => {
  it('selects one on click, toggles with Ctrl, and a range with Shift', async () => {
    await renderLabel();
    await click(cellOf('img-001.jpg'));
    expect(selectedPaths()).toEqual(['img-001.jpg']);
    await click(cellOf('img-004.jpg'), { shiftKey: true });
    expect(selectedPaths()).toEqual(['img-001.jpg', 'img-002.jpg', 'img-003.jpg', 'img-004.jpg']);
    expect(screen.getByTestId('selection-count').textContent).toBe('4 selected');
    await click(cellOf('img-002.jpg'), { ctrlKey: true });
    expect(selectedPaths()).not.toContain('img-002.jpg');
    expect(screen.getByTestId('selection-count').textContent).toBe('3 selected');
  });

  it('labels the whole selection with a number key', async () => {
    await renderLabel();
    await click(cellOf('img-001.jpg'));
    await click(cellOf('img-003.jpg'), { shiftKey: true });
    await key('3');
    expect(api.callsTo('labels:assign').map((c) => c.input)).toEqual([{ itemIds: [2, 3, 4], label: 'bird' }]);
    await waitFor(() => expect(labelOf('img-002.jpg')).toBe('bird'));
  });

  it('selects all in the filter with Ctrl+A through items:ids, and Escape clears', async () => {
    await renderLabel();
    await key('a', { ctrlKey: true });
    expect(api.callsTo('items:ids')[0]?.input).toEqual({ sort: 'path', descending: false });
    expect(screen.getByTestId('selection-count').textContent).toBe('12 selected');
    await key('Escape');
    expect(selectedPaths()).toEqual([]);
  });

  it('moves the selection to valid and excludes it with the bulk buttons', async () => {
    await renderLabel();
    await click(cellOf('img-001.jpg'));
    await click(screen.getByRole('button', { name: 'Move to valid' }));
    expect(api.callsTo('items:setSplit')[0]?.input).toEqual({ itemIds: [2], split: 'valid' });
    await waitFor(() => expect(cellOf('img-001.jpg').textContent).toContain('valid'));
    await click(screen.getByRole('button', { name: 'Exclude' }));
    expect(api.callsTo('items:exclude')[0]?.input).toEqual({ itemIds: [2], excluded: true });
    await waitFor(() => expect(cellOf('img-001.jpg').textContent).toContain('excluded'));
  });

  it('assigns the class chosen in the selection bar', async () => {
    await renderLabel();
    await click(cellOf('img-001.jpg'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Class for the selected images' }), {
      target: { value: 'bird' },
    });
    await click(screen.getByRole('button', { name: 'Assign class' }));
    expect(api.callsTo('labels:assign')[0]?.input).toEqual({ itemIds: [2], label: 'bird' });
  });
});

describe('LabelPage undo and redo', () => {
  it('enables Undo after an edit and calls edits:undo (and Ctrl+Shift+Z redoes)', async () => {
    await renderLabel();
    const undo = screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement;
    expect(undo.disabled).toBe(true);
    await click(cellOf('img-000.jpg'));
    await key('2');
    await waitFor(() => expect(undo.disabled).toBe(false));
    await click(undo);
    expect(api.callsTo('edits:undo')).toHaveLength(1);
    await waitFor(() => expect(labelOf('img-000.jpg')).toBe('cat'));
    await key('z', { ctrlKey: true, shiftKey: true });
    expect(api.callsTo('edits:redo')).toHaveLength(1);
    await waitFor(() => expect(labelOf('img-000.jpg')).toBe('dog'));
    await key('z', { metaKey: true });
    expect(api.callsTo('edits:undo')).toHaveLength(2);
  });
});

describe('LabelPage filters', () => {
  it('re-queries from the top when a filter changes', async () => {
    await renderLabel();
    await click(cellOf('img-001.jpg'));
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Split' }), { target: { value: 'valid' } });
    });
    await waitFor(() => expect(cells()).toHaveLength(2));
    expect(api.callsTo('items:query').at(-1)?.input).toEqual({
      split: 'valid',
      sort: 'path',
      descending: false,
      offset: 0,
      limit: 300,
    });
    expect(selectedPaths()).toEqual([]);
    expect(screen.getByTestId('filter-total').textContent).toBe('2 images');

    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Label' }), { target: { value: 'class:dog' } });
    });
    await waitFor(() => expect(cells()).toHaveLength(1));
    expect(api.callsTo('items:query').at(-1)?.input).toMatchObject({ split: 'valid', label: 'dog' });
  });

  it('debounces the file-name search', async () => {
    await renderLabel();
    const before = api.callsTo('items:query').length;
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search file names' }), {
      target: { value: 'img-01' },
    });
    expect(api.callsTo('items:query')).toHaveLength(before);
    await waitFor(() => expect(cells()).toHaveLength(2));
    expect(api.callsTo('items:query').at(-1)?.input).toMatchObject({ search: 'img-01', offset: 0 });
    await click(screen.getByRole('button', { name: 'Reset filters' }));
    await waitFor(() => expect(cells()).toHaveLength(12));
    expect((screen.getByRole('searchbox', { name: 'Search file names' }) as HTMLInputElement).value).toBe('');
  });

  it('sorts descending with the order button', async () => {
    await renderLabel();
    await click(screen.getByRole('button', { name: 'Sort descending' }));
    await waitFor(() => expect(cells()[0]?.getAttribute('data-path')).toBe('img-011.jpg'));
    expect(api.callsTo('items:query').at(-1)?.input).toMatchObject({ sort: 'path', descending: true });
  });
});

describe('LabelPage classes', () => {
  it('adds a class', async () => {
    await renderLabel();
    fireEvent.change(screen.getByRole('textbox', { name: 'New class' }), { target: { value: 'fish' } });
    await click(screen.getByRole('button', { name: 'Add class' }));
    expect(api.callsTo('classes:add')[0]?.input).toEqual({ name: 'fish' });
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Classes' })).getAllByRole('listitem')).toHaveLength(4),
    );
  });

  it('refuses a duplicate or invalid name before asking the service', async () => {
    await renderLabel();
    fireEvent.change(screen.getByRole('textbox', { name: 'New class' }), { target: { value: 'dog' } });
    await click(screen.getByRole('button', { name: 'Add class' }));
    expect(screen.getByRole('alert').textContent).toBe('There is already a class named dog.');
    fireEvent.change(screen.getByRole('textbox', { name: 'New class' }), { target: { value: 'a/b' } });
    await click(screen.getByRole('button', { name: 'Add class' }));
    expect(screen.getByRole('alert').textContent).toContain('cannot contain slashes');
    expect(api.callsTo('classes:add')).toHaveLength(0);
  });

  /** Rename (pencil), type the new name, submit. */
  async function renameInline(from: string, to: string): Promise<void> {
    await click(screen.getByRole('button', { name: `Rename ${from}` }));
    const input = screen.getByRole('textbox', { name: `New name for ${from}` });
    fireEvent.change(input, { target: { value: to } });
    await act(async () => {
      fireEvent.submit(input);
    });
  }

  it('renames a class inline', async () => {
    await renderLabel();
    await renameInline('dog', 'puppy');
    expect(api.callsTo('classes:rename')[0]?.input).toEqual({ from: 'dog', to: 'puppy' });
    await waitFor(() => expect(labelOf('img-001.jpg')).toBe('puppy'));
  });

  it('points a rename onto an existing class at Merge, without asking the service', async () => {
    await renderLabel();
    await renameInline('dog', 'cat');
    expect(screen.getByRole('alert').textContent).toBe(
      'There is already a class named cat. To combine the two, tick both and use Merge into….',
    );
    expect(api.callsTo('classes:rename')).toHaveLength(0);
  });

  it('merges the chosen classes into one', async () => {
    await renderLabel();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Choose dog' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Choose bird' }));
    await click(screen.getByRole('button', { name: 'Merge into…' }));
    const into = screen.getByRole('combobox', { name: 'Merge dog, bird into' });
    fireEvent.change(into, { target: { value: 'cat' } });
    await click(screen.getByRole('button', { name: 'Merge' }));
    expect(api.callsTo('classes:merge')[0]?.input).toEqual({ from: ['dog', 'bird'], into: 'cat' });
    await waitFor(() => expect(labelOf('img-001.jpg')).toBe('cat'));
  });

  it('deletes a class after confirming', async () => {
    await renderLabel();
    await click(screen.getByRole('button', { name: 'Delete bird' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete class bird?' });
    await click(within(dialog).getByRole('button', { name: 'Delete class' }));
    expect(api.callsTo('classes:delete')[0]?.input).toEqual({ name: 'bird' });
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Classes' })).getAllByRole('listitem')).toHaveLength(2),
    );
  });

  it('shows the service error of a class edit in an alert', async () => {
    api.handlers['classes:delete'] = () => {
      throw { code: 'NOT_FOUND', message: 'There is no class named bird.' };
    };
    await renderLabel();
    await click(screen.getByRole('button', { name: 'Delete bird' }));
    await click(screen.getByRole('button', { name: 'Delete class' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Could not delete bird: There is no class named bird.',
      ),
    );
  });
});

describe('LabelPage large view', () => {
  it('opens on Enter named by the file, moves with the arrows, labels with a number, closes on Escape', async () => {
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('Enter');
    const dialog = screen.getByRole('dialog', { name: 'img-000.jpg' });
    expect(dialog.querySelector('img')?.getAttribute('src')).toBe('/media/image/1?v=h1');
    await key('ArrowRight');
    expect(screen.getByRole('dialog', { name: 'img-001.jpg' })).toBeTruthy();
    await key('3');
    expect(api.callsTo('labels:assign')[0]?.input).toEqual({ itemIds: [2], label: 'bird' });
    // Saved, then on to the next image; back again, the label is there.
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'img-002.jpg' })).toBeTruthy());
    await key('ArrowLeft');
    await waitFor(() => expect(screen.getByTestId('viewer-label').textContent).toBe('bird'));
    await key('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(selectedPaths()).toEqual(['img-001.jpg']);
  });

  it('labels an unlabeled folder image after image: the next unlabeled one takes the place', async () => {
    data = new FakeDataset(
      ['a', 'b', 'c', 'd'].map((name) => ({ path: `${name}.jpg`, label: null })),
      ['cat', 'dog'],
    );
    api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    await renderLabel();
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Label' }), { target: { value: 'unlabeled' } });
    });
    await waitFor(() => expect(cells()).toHaveLength(4));
    await click(cellOf('a.jpg'));
    await key('Enter');
    await key('1');
    // a.jpg left the filter, so b.jpg is now first: the view stays at the first place and shows it.
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'b.jpg' })).toBeTruthy());
    await key('2');
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'c.jpg' })).toBeTruthy());
    expect(api.callsTo('labels:assign').map((c) => c.input)).toEqual([
      { itemIds: [1], label: 'cat' },
      { itemIds: [2], label: 'dog' },
    ]);
    expect(data.items.map((i) => i.labels)).toEqual([['cat'], ['dog'], [], []]);
  });

  it('stays on the image when "Next image after labelling" is off, and remembers that', async () => {
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('Enter');
    const toggle = () =>
      screen.getByRole('checkbox', { name: 'Next image after labelling' }) as HTMLInputElement;
    expect(toggle().checked).toBe(true);
    await click(toggle());
    expect(api.callsTo('preferences:save').map((c) => c.input)).toEqual([{ advanceAfterLabel: false }]);
    await key('2');
    await waitFor(() => expect(screen.getByTestId('viewer-label').textContent).toBe('dog'));
    expect(screen.getByRole('dialog', { name: 'img-000.jpg' })).toBeTruthy();

    // The next start of the app keeps it off.
    cleanup();
    unbind();
    resetDeskfitStore();
    await renderLabel();
    await click(cellOf('img-001.jpg'));
    await key('Enter');
    await waitFor(() => expect(toggle().checked).toBe(false));
  });

  it('says why a damaged file has no picture, and draws a small image with square pixels', async () => {
    data = new FakeDataset(
      [
        { path: 'a.jpg', label: 'cat' },
        { path: 'b.jpg', label: 'cat', problem: { kind: 'truncated', reason: 'b.jpg is cut short.' } },
      ],
      ['cat'],
    );
    api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    await renderLabel();
    await click(cellOf('b.jpg'));
    await key('Enter');
    let dialog = screen.getByRole('dialog', { name: 'b.jpg' });
    expect(dialog.querySelector('img')).toBeNull();
    expect(within(dialog).getByTestId('viewer-no-picture').textContent).toBe('No picture to show: truncated');
    expect(dialog.textContent).toContain('b.jpg is cut short.');

    await key('ArrowLeft');
    dialog = screen.getByRole('dialog', { name: 'a.jpg' });
    const img = dialog.querySelector('img')!;
    // 64×48 is small: scaled up with square pixels rather than a blur.
    expect(img.classList.contains('pixelated')).toBe(true);
    // A picture that fails to load becomes the same plain panel, not a broken-image icon.
    await act(async () => {
      fireEvent.error(img);
    });
    expect(within(dialog).getByTestId('viewer-no-picture').textContent).toBe(
      'No picture to show: could not be loaded',
    );
  });

  it('shows a photo bigger than the frame at actual size on a click, and fits it again on the next', async () => {
    await renderLabel();
    await click(cellOf('img-000.jpg'));
    await key('Enter');
    const dialog = screen.getByRole('dialog', { name: 'img-000.jpg' });
    const img = dialog.querySelector('img')!;
    const sized = (natural: [number, number], shown: [number, number]) => {
      Object.defineProperty(img, 'naturalWidth', { configurable: true, value: natural[0] });
      Object.defineProperty(img, 'naturalHeight', { configurable: true, value: natural[1] });
      Object.defineProperty(img, 'clientWidth', { configurable: true, value: shown[0] });
      Object.defineProperty(img, 'clientHeight', { configurable: true, value: shown[1] });
    };
    const picture = () => within(dialog).getByTestId('viewer-picture');
    // Shown at its size or bigger: nothing to zoom into.
    sized([400, 300], [800, 600]);
    await act(async () => {
      fireEvent.load(img);
    });
    await click(img);
    expect(picture().classList.contains('actual-size')).toBe(false);
    // A 4000×3000 photo in an 800×600 frame.
    sized([4000, 3000], [800, 600]);
    await act(async () => {
      fireEvent.load(img);
    });
    expect(img.classList.contains('zoom-in')).toBe(true);
    // A click at the frame's point (500, 300), i.e. the photo's pixel (2500, 1500) at scale 0.2: at
    // actual size that pixel stays under the pointer.
    const at = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(at, 'offsetX', { value: 500 });
    Object.defineProperty(at, 'offsetY', { value: 300 });
    await act(async () => {
      img.dispatchEvent(at);
    });
    expect(picture().classList.contains('actual-size')).toBe(true);
    expect([picture().scrollLeft, picture().scrollTop]).toEqual([2000, 1200]);
    expect(img.getAttribute('title')).toBe('Click to fit the frame');
    await click(img);
    expect(picture().classList.contains('actual-size')).toBe(false);
  });

  it('opens on double-click', async () => {
    await renderLabel();
    await act(async () => {
      fireEvent.doubleClick(cellOf('img-002.jpg'));
    });
    expect(screen.getByRole('dialog', { name: 'img-002.jpg' })).toBeTruthy();
  });
});

describe('LabelPage labels CSV', () => {
  it('exports to labels.csv in the project folder and says how many rows', async () => {
    await renderLabel();
    const file = screen.getByRole('textbox', { name: 'CSV file' }) as HTMLInputElement;
    expect(file.value).toBe('/home/ana/pets.deskfit/labels.csv');
    await click(screen.getByRole('button', { name: 'Export labels CSV' }));
    expect(api.callsTo('labels:exportCsv')[0]?.input).toEqual({ file: '/home/ana/pets.deskfit/labels.csv' });
    await waitFor(() =>
      expect(screen.getByTestId('csv-outcome').textContent).toBe(
        'Wrote 12 rows to /home/ana/pets.deskfit/labels.csv.',
      ),
    );
  });

  it('imports a CSV and lists the names that matched no image', async () => {
    api.handlers['labels:importCsv'] = () => ({
      edit: {
        description: 'Imported 10 labels',
        changed: 10,
        stats: data.stats(),
        canUndo: true,
        canRedo: false,
      },
      unmatched: ['gone.jpg', 'typo.png'],
    });
    await renderLabel();
    await click(screen.getByRole('button', { name: 'Import labels CSV' }));
    expect(api.callsTo('labels:importCsv')[0]?.input).toEqual({ file: '/home/ana/pets.deskfit/labels.csv' });
    await waitFor(() =>
      expect(screen.getByTestId('csv-outcome').textContent).toBe(
        'Imported 10 labels. 2 names matched no image:',
      ),
    );
    const list = screen.getByRole('list', { name: 'Names that matched no image' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['gone.jpg', 'typo.png']);
  });
});

describe('LabelPage without a project', () => {
  it('says no project is open and links to Datasets', async () => {
    api.handlers['projects:current'] = () => null;
    unbind = renderWithApi(api, <LabelPage />);
    expect(await screen.findByText('No project is open.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Go to Datasets' })).toBeTruthy();
    expect(api.callsTo('items:query')).toHaveLength(0);
  });
});
