import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  baseName,
  breadcrumbs,
  defaultProjectDir,
  joinPath,
} from '../../../src/renderer/src/features/common/paths';
import { isTypingTarget } from '../../../src/renderer/src/features/common/typingTarget';
import { hotkeyAction, moveTarget } from '../../../src/renderer/src/features/label/hotkeys';
import {
  bindStoreToApi,
  ensureItems,
  resetDeskfitStore,
  revalidateItems,
  selectClassNames,
  setItemFilter,
  useDeskfitStore,
} from '../../../src/renderer/src/store';
import {
  applyImportDone,
  applyImportFailed,
  applyImportProgress,
  applyImportStarted,
  applyImportStarting,
  applyScanFailed,
  applyScanned,
  applyScanStarted,
  idleImport,
} from '../../../src/renderer/src/store/importReducers';
import {
  PAGE_SIZE,
  defaultItemFilter,
  filterToQuery,
  pagesForRange,
  patchCachedItems,
} from '../../../src/renderer/src/store/itemQuery';
import type { ImportSummary, ScanPreview } from '../../../src/shared/dataset';
import { FakeApi } from './helpers/fakeApi';
import { FakeDataset, deferred, makeItem, seedItems } from './helpers/fakeDataset';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetDeskfitStore());
afterEach(() => vi.restoreAllMocks());

describe('paths', () => {
  it('splits POSIX, Windows and UNC paths into breadcrumbs', () => {
    expect(breadcrumbs('/home/ana/pets')).toEqual([
      { name: '/', path: '/' },
      { name: 'home', path: '/home' },
      { name: 'ana', path: '/home/ana' },
      { name: 'pets', path: '/home/ana/pets' },
    ]);
    expect(breadcrumbs('/')).toEqual([{ name: '/', path: '/' }]);
    expect(breadcrumbs('C:\\Users\\ana')).toEqual([
      { name: 'C:\\', path: 'C:\\' },
      { name: 'Users', path: 'C:\\Users' },
      { name: 'ana', path: 'C:\\Users\\ana' },
    ]);
    expect(breadcrumbs('\\\\nas\\photos\\cats').map((c) => c.path)).toEqual([
      '\\\\nas\\photos',
      '\\\\nas\\photos\\cats',
    ]);
  });

  it('puts a new project beside the folder, and joins and splits names', () => {
    expect(defaultProjectDir('/data/pets')).toBe('/data/pets.deskfit');
    expect(defaultProjectDir('/data/pets/ ')).toBe('/data/pets.deskfit');
    expect(defaultProjectDir('D:\\photos\\')).toBe('D:\\photos.deskfit');
    expect(joinPath('/p/x.deskfit', 'labels.csv')).toBe('/p/x.deskfit/labels.csv');
    expect(joinPath('C:\\p', 'labels.csv')).toBe('C:\\p\\labels.csv');
    expect(joinPath('/', 'labels.csv')).toBe('/labels.csv');
    expect(baseName('cats/tabby 1.jpg')).toBe('tabby 1.jpg');
    expect(baseName('a\\b.png')).toBe('b.png');
    expect(baseName('plain.jpg')).toBe('plain.jpg');
  });
});

describe('item queries and the page cache', () => {
  it('turns a filter into items:query input, leaving out what means "any"', () => {
    expect(filterToQuery(defaultItemFilter)).toEqual({ sort: 'path', descending: false });
    expect(
      filterToQuery({
        split: 'valid',
        label: { kind: 'unlabeled' },
        problems: 'hide',
        excluded: 'only',
        search: '  tabby ',
        sort: 'size',
        descending: true,
      }),
    ).toEqual({
      split: 'valid',
      unlabeled: true,
      problem: false,
      excluded: true,
      search: 'tabby',
      sort: 'size',
      descending: true,
    });
    expect(filterToQuery({ ...defaultItemFilter, label: { kind: 'class', name: 'cat' } })).toMatchObject({
      label: 'cat',
    });
  });

  it('finds the pages covering a range, clamped to the total', () => {
    expect(pagesForRange(0, 0, null)).toEqual([0]);
    expect(pagesForRange(0, 10, 0)).toEqual([]);
    expect(pagesForRange(290, 310, 1000)).toEqual([0, 1]);
    expect(pagesForRange(2 * PAGE_SIZE, 5 * PAGE_SIZE, 2 * PAGE_SIZE + 5)).toEqual([2]);
  });

  it('patches cached items and keeps untouched pages as they were', () => {
    const a = { gen: 0, items: [makeItem(1, { path: 'a.jpg' }), makeItem(2, { path: 'b.jpg' })] };
    const b = { gen: 0, items: [makeItem(3, { path: 'c.jpg' })] };
    const pages = { 0: a, 1: b };
    const next = patchCachedItems(pages, new Set([2]), (i) => ({ ...i, labels: ['dog'] }));
    expect(next[0]?.items[1]?.labels).toEqual(['dog']);
    expect(next[0]?.items[0]).toBe(a.items[0]);
    expect(next[1]).toBe(b);
    expect(patchCachedItems(pages, new Set([99]), (i) => i)).toBe(pages);
  });

  it('ignores a page that answers for an older filter, or is older than the one shown', () => {
    const store = useDeskfitStore;
    const key = store.getState().label.cache.key;
    store.getState().pageLoaded('other-key', 0, 0, { total: 5, offset: 0, items: [] });
    expect(store.getState().label.cache.total).toBeNull();
    const fresh = [makeItem(1, { path: 'new.jpg' })];
    store.getState().pageLoaded(key, 2, 0, { total: 1, offset: 0, items: fresh });
    store
      .getState()
      .pageLoaded(key, 1, 0, { total: 9, offset: 0, items: [makeItem(1, { path: 'old.jpg' })] });
    expect(store.getState().label.cache.pages[0]?.items).toBe(fresh);
    expect(store.getState().label.cache.total).toBe(1);
  });

  it('shows the old page until the refetch after an edit arrives (no blank flash)', async () => {
    const data = new FakeDataset(seedItems(3));
    const api = new FakeApi(data.handlers());
    useDeskfitStore.getState().projectLoaded(data.summary());
    await ensureItems(api, 0, 0);
    const shown = useDeskfitStore.getState().label.cache.pages[0];
    expect(shown?.items).toHaveLength(3);

    const reply = deferred<void>();
    const real = data.handlers()['items:query']!;
    api.handlers['items:query'] = async (q) => {
      await reply.promise;
      return real(q);
    };
    data.items = data.items.map((i) => ({ ...i, labels: ['bird'] }));
    const refetch = revalidateItems(api);
    expect(useDeskfitStore.getState().label.cache.pages[0]).toBe(shown);
    reply.resolve();
    await refetch;
    expect(useDeskfitStore.getState().label.cache.pages[0]?.items.map((i) => i.labels[0])).toEqual([
      'bird',
      'bird',
      'bird',
    ]);
  });

  it('drops the cache and starts at the top when the filter changes', async () => {
    const data = new FakeDataset(seedItems(10));
    const api = new FakeApi(data.handlers());
    useDeskfitStore.getState().projectLoaded(data.summary());
    await ensureItems(api, 0, 0);
    useDeskfitStore.getState().currentChanged(7);
    useDeskfitStore.getState().selectionChanged(new Set([1, 2]));
    setItemFilter(api, { split: 'valid' });
    const { label } = useDeskfitStore.getState();
    expect(label.cache.pages).toEqual({});
    expect(label.current).toBe(0);
    expect(label.selection.size).toBe(0);
    await flush();
    expect(useDeskfitStore.getState().label.cache.total).toBe(2);
  });

  it('keeps the class-name list the same reference while names do not change', () => {
    const data = new FakeDataset(seedItems(4));
    useDeskfitStore.getState().projectLoaded(data.summary());
    const first = selectClassNames(useDeskfitStore.getState());
    useDeskfitStore.getState().projectChanged({ dir: data.dir, reason: 'edit', stats: data.stats() });
    expect(selectClassNames(useDeskfitStore.getState())).toBe(first);
    expect(first).toEqual(['cat', 'dog']);
  });
});

describe('hotkeys', () => {
  const k = (key: string, extra: Partial<KeyboardEvent> & { code?: string } = {}) =>
    hotkeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra });

  it('maps keys to label actions', () => {
    expect(k('1')).toEqual({ type: 'label', classIndex: 0 });
    expect(k('9')).toEqual({ type: 'label', classIndex: 8 });
    expect(k('&', { code: 'Digit1' })).toEqual({ type: 'label', classIndex: 0 }); // AZERTY
    expect(k('0')).toEqual({ type: 'clearLabel' });
    expect(k('Backspace')).toEqual({ type: 'clearLabel' });
    expect(k('z', { ctrlKey: true })).toEqual({ type: 'undo' });
    expect(k('Z', { metaKey: true, shiftKey: true })).toEqual({ type: 'redo' });
    expect(k('y', { ctrlKey: true })).toEqual({ type: 'redo' });
    expect(k('a', { metaKey: true })).toEqual({ type: 'selectAll' });
    expect(k('ArrowLeft')).toEqual({ type: 'move', direction: 'left', mode: 'select' });
    expect(k('ArrowDown', { shiftKey: true })).toEqual({ type: 'move', direction: 'down', mode: 'extend' });
    expect(k('ArrowRight', { ctrlKey: true })).toEqual({ type: 'move', direction: 'right', mode: 'keep' });
    expect(k('Enter')).toEqual({ type: 'open' });
    expect(k('Escape')).toEqual({ type: 'clearSelection' });
    expect(k('2', { altKey: true })).toBeNull();
    expect(k('c', { ctrlKey: true })).toBeNull();
    expect(k('x')).toBeNull();
  });

  it('moves within a grid, staying put at the top and bottom rows', () => {
    expect(moveTarget('right', 3, 4, 2, 10)).toBe(4);
    expect(moveTarget('left', 0, 4, 2, 10)).toBe(0);
    expect(moveTarget('down', 5, 4, 2, 10)).toBe(9);
    expect(moveTarget('down', 7, 4, 2, 10)).toBe(7);
    expect(moveTarget('up', 2, 4, 2, 10)).toBe(2);
    expect(moveTarget('pageDown', 1, 4, 2, 100)).toBe(9);
    expect(moveTarget('end', 1, 4, 2, 100)).toBe(99);
    expect(moveTarget('home', 50, 4, 2, 100)).toBe(0);
  });

  it('treats text fields and selects as typing targets, not buttons or checkboxes', () => {
    const el = (html: string) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      return div.firstElementChild;
    };
    expect(isTypingTarget(el('<input type="text">'))).toBe(true);
    expect(isTypingTarget(el('<input type="search">'))).toBe(true);
    expect(isTypingTarget(el('<input type="number">'))).toBe(true);
    expect(isTypingTarget(el('<textarea></textarea>'))).toBe(true);
    expect(isTypingTarget(el('<select></select>'))).toBe(true);
    expect(isTypingTarget(el('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(el('<button>x</button>'))).toBe(false);
    expect(isTypingTarget(document.body)).toBe(false);
  });
});

describe('import flow reducers', () => {
  const preview = { folder: '/d', layout: 'unlabeled', images: 1 } as ScanPreview;
  const summary = { project: '/d.deskfit', items: 1 } as ImportSummary;

  it('ignores the reply of an older scan', () => {
    let flow = applyScanStarted(idleImport, '/a', null);
    const first = flow.scanSeq;
    flow = applyScanStarted(flow, '/d', null);
    expect(applyScanned(flow, first, preview)).toBe(flow);
    expect(applyScanFailed(flow, first, { code: 'X', message: 'x' })).toBe(flow);
    expect(applyScanned(flow, flow.scanSeq, preview).phase).toBe('preview');
  });

  it('follows its own import even when events beat the reply', () => {
    let flow = applyImportStarting(applyScanned(applyScanStarted(idleImport, '/d', null), 1, preview));
    flow = applyImportProgress(flow, { importId: 'i1', phase: 'checking', done: 1, total: 4 });
    expect(flow).toMatchObject({ phase: 'running', importId: 'i1' });
    flow = applyImportStarted(flow, 'i1');
    expect(flow.phase).toBe('running');
    expect(applyImportProgress(flow, { importId: 'other', phase: 'writing', done: 1, total: 2 })).toBe(flow);
    expect(applyImportDone(flow, 'i1', summary)).toMatchObject({ phase: 'done', summary });
    expect(applyImportFailed(flow, 'i1', { code: 'CANCELLED', message: 'c' })).toMatchObject({
      phase: 'cancelled',
      error: null,
    });
  });

  it('shows an import started elsewhere only when this window is idle', () => {
    const adopted = applyImportProgress(idleImport, { importId: 'x', phase: 'scanning', done: 0, total: 0 });
    expect(adopted).toMatchObject({ phase: 'running', importId: 'x' });
    const previewing = applyScanned(applyScanStarted(idleImport, '/d', null), 1, preview);
    expect(applyImportProgress(previewing, { importId: 'x', phase: 'scanning', done: 0, total: 0 })).toBe(
      previewing,
    );
    expect(applyImportFailed(previewing, 'x', { code: 'E', message: 'e' })).toBe(previewing);
  });
});

describe('bindStoreToApi and projects', () => {
  it('loads the open project, follows project:changed, and unsubscribes everything', async () => {
    const data = new FakeDataset(seedItems(4));
    const api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    const dispose = bindStoreToApi(api);
    await flush();
    expect(useDeskfitStore.getState().project.current?.name).toBe('pets');
    expect(useDeskfitStore.getState().project.recent).toHaveLength(1);

    data.items = data.items.slice(1);
    api.emit('project:changed', { dir: data.dir, reason: 'import', stats: data.stats() });
    expect(useDeskfitStore.getState().project.current?.stats.total).toBe(3);

    api.emit('thumbnails:progress', { done: 1, total: 3 });
    expect(useDeskfitStore.getState().project.thumbnails).toEqual({ done: 1, total: 3 });
    const epoch = useDeskfitStore.getState().label.thumbEpoch;
    api.emit('thumbnails:progress', { done: 3, total: 3 });
    expect(useDeskfitStore.getState().project.thumbnails).toBeNull();
    expect(useDeskfitStore.getState().label.thumbEpoch).toBe(epoch + 1);

    api.emit('project:changed', { dir: data.dir, reason: 'close', stats: null });
    expect(useDeskfitStore.getState().project.current).toBeNull();

    dispose();
    for (const event of [
      'dataset:importProgress',
      'dataset:importDone',
      'dataset:importFailed',
      'project:changed',
      'thumbnails:progress',
      'files:refreshProgress',
    ] as const) {
      expect(api.listenerCount(event)).toBe(0);
    }
  });

  it('forgets the Label page state when another project becomes current', () => {
    const a = new FakeDataset(seedItems(2), undefined, '/a.deskfit');
    const b = new FakeDataset(seedItems(2), undefined, '/b.deskfit');
    useDeskfitStore.getState().projectLoaded(a.summary());
    useDeskfitStore.getState().selectionChanged(new Set([1]));
    useDeskfitStore.getState().projectLoaded(a.summary());
    expect(useDeskfitStore.getState().label.selection.size).toBe(1);
    useDeskfitStore.getState().projectLoaded(b.summary());
    expect(useDeskfitStore.getState().label.selection.size).toBe(0);
    expect(useDeskfitStore.getState().label.cache.key).toContain('/b.deskfit');
  });

  it('coalesces project refreshes during a burst of events', async () => {
    const data = new FakeDataset(seedItems(2));
    const api = new FakeApi({ ...data.handlers(), 'jobs:list': () => [] });
    const dispose = bindStoreToApi(api);
    await flush();
    const before = api.callsTo('projects:current').length;
    for (let i = 0; i < 10; i++)
      api.emit('project:changed', { dir: data.dir, reason: 'edit', stats: data.stats() });
    await flush();
    await flush();
    expect(api.callsTo('projects:current').length - before).toBeLessThanOrEqual(2);
    dispose();
  });
});
