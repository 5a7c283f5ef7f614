import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetsPage } from '../../../src/renderer/src/features/datasets/DatasetsPage';
import { resetDeskfitStore } from '../../../src/renderer/src/store';
import type { FolderListing, ImportSummary, ScanPreview } from '../../../src/shared/dataset';
import { DeskfitError } from '../../../src/shared/errors';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';

const listings: Record<string, FolderListing> = {
  '/home/ana': {
    dir: '/home/ana',
    parent: '/home',
    entries: [
      { name: 'docs', path: '/home/ana/docs', kind: 'dir' },
      { name: 'pets', path: '/home/ana/pets', kind: 'dir' },
    ],
  },
  '/home/ana/pets': {
    dir: '/home/ana/pets',
    parent: '/home/ana',
    entries: [
      { name: 'cat', path: '/home/ana/pets/cat', kind: 'dir' },
      { name: 'dog', path: '/home/ana/pets/dog', kind: 'dir' },
    ],
  },
  '/home': { dir: '/home', parent: '/', entries: [{ name: 'ana', path: '/home/ana', kind: 'dir' }] },
};

const preview: ScanPreview = {
  folder: '/home/ana/pets',
  layout: 'folder-per-class',
  images: 5,
  byClass: { cat: 3, dog: 2 },
  bySplit: { train: 4, valid: 1, test: 0 },
  csvCandidates: [],
  problems: [{ path: 'cat/notes.txt', reason: 'Not an image (.txt): it is skipped.', kind: 'not-an-image' }],
  skippedHidden: 2,
};

const summary: ImportSummary = {
  project: '/home/ana/pets.deskfit',
  layout: 'folder-per-class',
  items: 4,
  byClass: { cat: 2, dog: 2 },
  bySplit: { train: 3, valid: 1, test: 0 },
  problems: [
    {
      path: 'cat/broken.jpg',
      reason: 'Truncated JPEG: the file ends early. Re-export it.',
      kind: 'truncated',
    },
    { path: 'cat/notes.txt', reason: 'Not an image (.txt).', kind: 'not-an-image' },
  ],
  added: 4,
  updated: 0,
  missing: 0,
  seconds: 1.25,
};

let api: FakeApi;
let unbind: () => void;
let project: FakeDataset;

function makeApi(): FakeApi {
  project = new FakeDataset(seedItems(4));
  return new FakeApi({
    'jobs:list': () => [],
    'projects:current': () => null,
    'projects:recent': () => [],
    'fs:pickFolder': () => ({ path: null, supported: false }),
    'fs:list': ({ dir }) => {
      const listing = listings[dir ?? '/home/ana'];
      if (listing === undefined) throw new DeskfitError('NOT_FOUND', `The folder ${dir} does not exist.`);
      return listing;
    },
    'dataset:scan': () => preview,
    'projects:create': ({ dir }) => ({ ...project.summary(), dir, dataRoot: null }),
    'dataset:import': () => ({ importId: 'imp-1' }),
    'dataset:cancelImport': () => ({ cancelled: true }),
  });
}

async function renderDatasets(): Promise<void> {
  unbind = renderWithApi(api, <DatasetsPage />);
  await screen.findByRole('button', { name: 'Create project' });
}

const clickButton = (name: string | RegExp, root: HTMLElement = document.body) =>
  act(async () => {
    fireEvent.click(within(root).getByRole('button', { name }));
  });
const emit: FakeApi['emit'] = (event, payload) => act(() => api.emit(event, payload));

/** Import folder → the browser's folder picker → pets → Choose this folder. */
async function choosePetsInPicker(): Promise<void> {
  await clickButton('Import folder');
  const dialog = await screen.findByRole('dialog', { name: 'Choose a folder' });
  await within(dialog).findByRole('button', { name: 'pets' });
  await clickButton('pets', dialog);
  await waitFor(() =>
    expect((within(dialog).getByRole('textbox', { name: 'Folder path' }) as HTMLInputElement).value).toBe(
      '/home/ana/pets',
    ),
  );
  await clickButton('Choose this folder', dialog);
  await screen.findByTestId('scan-layout');
}

beforeEach(() => {
  resetDeskfitStore();
  api = makeApi();
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('Datasets import flow', () => {
  it('picks a folder in the browser dialog, previews the scan, imports, follows progress, and lists problems', async () => {
    await renderDatasets();
    await choosePetsInPicker();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('fs:list').map((c) => c.input)).toEqual([{}, { dir: '/home/ana/pets' }]);
    expect(api.callsTo('dataset:scan').map((c) => c.input)).toEqual([{ folder: '/home/ana/pets' }]);

    // The preview, before anything is written.
    expect(screen.getByTestId('scan-layout').textContent).toBe('One folder per class');
    expect(screen.getByTestId('scan-images').textContent).toBe('5');
    const classes = screen.getByRole('table', { name: 'Images per class' });
    expect(
      within(classes)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['cat3', 'dog2']);
    const splits = screen.getByRole('table', { name: 'Images per split' });
    expect(
      within(splits)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['train4', 'valid1', 'test0']);
    expect(screen.getByText(/2 hidden or system files/)).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Files that will be skipped' }).textContent).toContain(
      'cat/notes.txt',
    );
    expect((screen.getByRole('spinbutton', { name: 'Valid %' }) as HTMLInputElement).value).toBe('20');
    expect((screen.getByRole('textbox', { name: 'New project folder' }) as HTMLInputElement).value).toBe(
      '/home/ana/pets.deskfit',
    );
    expect(api.callsTo('projects:create')).toHaveLength(0);
    expect(api.callsTo('dataset:import')).toHaveLength(0);

    // Import: the project is created first, then the import starts.
    await clickButton('Import 5 images');
    await waitFor(() => expect(api.callsTo('dataset:import')).toHaveLength(1));
    expect(api.callsTo('projects:create')[0]?.input).toEqual({ dir: '/home/ana/pets.deskfit' });
    expect(api.callsTo('dataset:import')[0]?.input).toEqual({
      folder: '/home/ana/pets',
      validPct: 0.2,
      seed: 42,
    });
    expect(screen.getByTestId('project-name').textContent).toBe('pets');

    emit('dataset:importProgress', {
      importId: 'imp-1',
      phase: 'checking',
      done: 2,
      total: 5,
      file: 'cat/a.jpg',
    });
    expect(screen.getByTestId('import-phase').textContent).toBe('Checking images: 2 of 5');
    const bar = screen.getByRole('progressbar', { name: 'Import progress' }) as HTMLProgressElement;
    expect(bar.value).toBe(2);
    expect(bar.max).toBe(5);
    emit('dataset:importProgress', { importId: 'imp-1', phase: 'thumbnails', done: 5, total: 5 });
    expect(screen.getByTestId('import-phase').textContent).toBe('Making thumbnails: 5 of 5');

    emit('dataset:importDone', { importId: 'imp-1', summary });
    expect(screen.queryByRole('progressbar', { name: 'Import progress' })).toBeNull();
    expect(screen.getByTestId('import-summary').textContent).toBe(
      'Imported 4 usable images in 1.3 s: 4 added, 0 updated, 0 missing.',
    );
    const problems = screen.getByRole('table', { name: 'Problems' });
    const rows = within(problems).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['cat/broken.jpg', 'Truncated JPEG: the file ends early. Re-export it.'],
      ['cat/notes.txt', 'Not an image (.txt).'],
    ]);
    expect(screen.getByRole('button', { name: 'Label these images' })).toBeTruthy();
  });

  it('sends the chosen valid % and seed, and imports into the open project without creating one', async () => {
    api.handlers['projects:current'] = () => ({ ...project.summary(), dataRoot: null });
    await renderDatasetsWithProject();
    await choosePetsInPicker();
    expect(screen.queryByRole('textbox', { name: 'New project folder' })).toBeNull();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Valid %' }), { target: { value: '25' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Seed' }), { target: { value: '7' } });
    await clickButton('Import 5 images');
    await waitFor(() => expect(api.callsTo('dataset:import')).toHaveLength(1));
    expect(api.callsTo('projects:create')).toHaveLength(0);
    expect(api.callsTo('dataset:import')[0]?.input).toEqual({
      folder: '/home/ana/pets',
      validPct: 0.25,
      seed: 7,
    });
  });

  it("says when fastai's valid.txt decides the split, and turns off the random split's options", async () => {
    api.handlers['dataset:scan'] = () => ({
      ...preview,
      bySplit: { train: 3, valid: 2, test: 0 },
      validList: { file: 'valid.txt', listed: 3, valid: 2, unmatched: 1 },
    });
    await renderDatasets();
    await choosePetsInPicker();
    expect(screen.getByTestId('scan-valid-list').textContent).toBe(
      "Validation split from valid.txt (fastai's valid.txt): 2 images it lists go to valid, the others to train. 1 line names no image in the folder (listed below).",
    );
    expect((screen.getByRole('spinbutton', { name: 'Valid %' }) as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('spinbutton', { name: 'Seed' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText(/valid\.txt decides the split/)).toBeTruthy();
  });

  it('refuses an out-of-range valid %', async () => {
    await renderDatasets();
    await choosePetsInPicker();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Valid %' }), { target: { value: '95' } });
    expect((screen.getByRole('button', { name: 'Import 5 images' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByText(/Valid % must be a number from 0 to 90/)).toBeTruthy();
  });

  it('asks for CSV columns when the scan needs a choice, and re-scans with them', async () => {
    const ambiguous: ScanPreview = {
      ...preview,
      layout: 'csv',
      byClass: {},
      problems: [],
      csvCandidates: [
        {
          file: 'labels.csv',
          delimiter: ';',
          columns: ['file', 'tags', 'fold'],
          multiLabel: false,
          sample: [['a.jpg', 'cat', '0']],
        },
      ],
      needsChoice: 'labels.csv has three columns; choose which holds the file names and which the labels.',
    };
    const resolved: ScanPreview = { ...ambiguous, needsChoice: undefined, byClass: { cat: 5 } };
    api.handlers['dataset:scan'] = ({ csv }) => (csv === undefined ? ambiguous : resolved);
    await renderDatasets();
    await choosePetsInPicker();
    expect(screen.getByTestId('scan-layout').textContent).toBe('Labels from a CSV');
    expect(screen.getByText(/choose which holds the file names/)).toBeTruthy();
    const importButton = screen.getByRole('button', { name: 'Import 5 images' }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);
    const rescan = screen.getByRole('button', { name: 'Scan again' }) as HTMLButtonElement;
    expect(rescan.disabled).toBe(true);

    const nameColumn = screen.getByRole('combobox', { name: 'Name column' });
    expect(
      within(nameColumn)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose…', 'file', 'tags', 'fold']);
    fireEvent.change(nameColumn, { target: { value: 'file' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Label column' }), { target: { value: 'tags' } });
    expect((screen.getByRole('combobox', { name: 'Delimiter' }) as HTMLSelectElement).value).toBe(';');
    await clickButton('Scan again');
    await waitFor(() => expect(api.callsTo('dataset:scan')).toHaveLength(2));
    expect(api.callsTo('dataset:scan')[1]?.input).toEqual({
      folder: '/home/ana/pets',
      csv: { file: 'labels.csv', nameColumn: 'file', labelColumn: 'tags', delimiter: ';' },
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Scan again' })).toBeNull());
    expect(screen.getByRole('table', { name: 'Images per class' }).textContent).toContain('cat');

    await clickButton('Import 5 images');
    await waitFor(() => expect(api.callsTo('dataset:import')).toHaveLength(1));
    expect(api.callsTo('dataset:import')[0]?.input).toMatchObject({
      csv: { file: 'labels.csv', nameColumn: 'file', labelColumn: 'tags', delimiter: ';' },
    });
  });

  it('cancels a running import', async () => {
    await renderDatasets();
    await choosePetsInPicker();
    await clickButton('Import 5 images');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Cancel import' })).toBeTruthy());
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Cancel import' }) as HTMLButtonElement).disabled).toBe(
        false,
      ),
    );
    await clickButton('Cancel import');
    expect(api.callsTo('dataset:cancelImport')[0]?.input).toEqual({ importId: 'imp-1' });
    emit('dataset:importFailed', { importId: 'imp-1', error: { code: 'CANCELLED', message: 'Cancelled.' } });
    expect(screen.getByText('Import cancelled.')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows a failed import in an alert', async () => {
    await renderDatasets();
    await choosePetsInPicker();
    await clickButton('Import 5 images');
    await waitFor(() => expect(api.callsTo('dataset:import')).toHaveLength(1));
    emit('dataset:importFailed', {
      importId: 'imp-1',
      error: { code: 'DISK_FULL', message: 'The disk is full: free some space and import again.' },
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'The import failed: The disk is full: free some space and import again.',
    );
  });

  it('shows why the import could not start and keeps the preview', async () => {
    api.handlers['dataset:import'] = () => {
      throw new DeskfitError(
        'CONFLICT',
        'An import is already running. Wait for it to finish or cancel it first.',
      );
    };
    await renderDatasets();
    await choosePetsInPicker();
    await clickButton('Import 5 images');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'An import is already running. Wait for it to finish or cancel it first.',
    );
    expect(screen.getByTestId('scan-layout')).toBeTruthy();
  });

  it('uses the native dialog when there is one', async () => {
    api.handlers['fs:pickFolder'] = () => ({ path: '/home/ana/pets', supported: true });
    await renderDatasets();
    await clickButton('Import folder');
    await screen.findByTestId('scan-layout');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('fs:list')).toHaveLength(0);
  });

  it('scans a typed folder path', async () => {
    await renderDatasets();
    fireEvent.change(screen.getByRole('textbox', { name: 'Folder to import' }), {
      target: { value: '/home/ana/pets' },
    });
    await clickButton('Scan folder');
    expect(await screen.findByTestId('scan-layout')).toBeTruthy();
    expect(api.callsTo('dataset:scan')[0]?.input).toEqual({ folder: '/home/ana/pets' });
  });
});

describe('Folder picker dialog', () => {
  it('goes up, follows the breadcrumb, accepts a typed path, and shows errors', async () => {
    await renderDatasets();
    await clickButton('Import folder');
    const dialog = await screen.findByRole('dialog', { name: 'Choose a folder' });
    await within(dialog).findByRole('button', { name: 'pets' });
    await clickButton('↑ Parent folder', dialog);
    await within(dialog).findByRole('button', { name: 'ana' });
    const crumbs = within(dialog).getByRole('navigation', { name: 'Breadcrumb' });
    expect(
      within(crumbs)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['/']);
    expect(crumbs.querySelector('[aria-current="location"]')?.textContent).toBe('home');

    const path = within(dialog).getByRole('textbox', { name: 'Folder path' });
    fireEvent.change(path, { target: { value: '/nowhere' } });
    await clickButton('Go', dialog);
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'The folder /nowhere does not exist.',
    );

    fireEvent.change(path, { target: { value: '/home/ana/pets' } });
    await clickButton('Choose this folder', dialog);
    await screen.findByTestId('scan-layout');
    expect(api.callsTo('dataset:scan')[0]?.input).toEqual({ folder: '/home/ana/pets' });
  });

  it('closes on Cancel and on Escape without scanning', async () => {
    await renderDatasets();
    await clickButton('Import folder');
    const dialog = await screen.findByRole('dialog', { name: 'Choose a folder' });
    await clickButton('Cancel', dialog);
    expect(screen.queryByRole('dialog')).toBeNull();
    await clickButton('Import folder');
    const again = await screen.findByRole('dialog', { name: 'Choose a folder' });
    await act(async () => {
      fireEvent.keyDown(again, { key: 'Escape' });
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsTo('dataset:scan')).toHaveLength(0);
  });
});

async function renderDatasetsWithProject(): Promise<void> {
  unbind = renderWithApi(api, <DatasetsPage />);
  await screen.findByTestId('project-name');
}

describe('Project bar', () => {
  it('creates a project in a typed folder', async () => {
    await renderDatasets();
    fireEvent.change(screen.getByRole('textbox', { name: 'Project folder' }), {
      target: { value: '/home/ana/new.deskfit' },
    });
    await clickButton('Create project');
    expect(api.callsTo('projects:create')[0]?.input).toEqual({ dir: '/home/ana/new.deskfit' });
    expect((await screen.findByTestId('project-dir')).textContent).toBe('/home/ana/new.deskfit');
  });

  it('opens a project through the folder picker', async () => {
    api.handlers['projects:open'] = ({ dir }) => ({ ...project.summary(), dir });
    await renderDatasets();
    await clickButton('Open project');
    const dialog = await screen.findByRole('dialog', { name: 'Choose a folder' });
    await within(dialog).findByRole('button', { name: 'pets' });
    await clickButton('Choose this folder', dialog);
    await waitFor(() => expect(api.callsTo('projects:open')[0]?.input).toEqual({ dir: '/home/ana' }));
  });

  it('lists recent projects, greys out missing ones, and opens one on click', async () => {
    api.handlers['projects:recent'] = () => [
      { dir: '/home/ana/pets.deskfit', name: 'pets', openedAt: 2, exists: true },
      { dir: '/mnt/usb/old.deskfit', name: 'old', openedAt: 1, exists: false },
    ];
    api.handlers['projects:open'] = ({ dir }) => ({ ...project.summary(), dir });
    await renderDatasets();
    const list = await screen.findByRole('list', { name: 'Recent projects' });
    const [pets, old] = within(list).getAllByRole('button') as HTMLButtonElement[];
    expect(old?.disabled).toBe(true);
    expect(old?.textContent).toContain('not found');
    expect(pets?.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(pets!);
    });
    expect(api.callsTo('projects:open')[0]?.input).toEqual({ dir: '/home/ana/pets.deskfit' });
    expect((await screen.findByTestId('project-name')).textContent).toBe('pets');
  });

  it('shows the open project with its counts, renames it inline, and closes it', async () => {
    api.handlers['projects:current'] = () => project.summary();
    api.handlers['projects:rename'] = ({ name }) => ({ ...project.summary(), name });
    api.handlers['projects:close'] = () => ({ closed: true });
    await renderDatasetsWithProject();
    expect(screen.getByTestId('project-counts').textContent).toBe(
      '4 images · 2 classes · train 4 · valid 0 · test 0',
    );
    await clickButton('Rename project');
    const input = screen.getByRole('textbox', { name: 'Project name' });
    fireEvent.change(input, { target: { value: 'Pets 2' } });
    await act(async () => {
      fireEvent.submit(input);
    });
    expect(api.callsTo('projects:rename')[0]?.input).toEqual({ name: 'Pets 2' });
    expect((await screen.findByTestId('project-name')).textContent).toBe('Pets 2');
    await clickButton('Close project');
    expect(await screen.findByRole('button', { name: 'Create project' })).toBeTruthy();
  });

  it('shows a project error in an alert', async () => {
    api.handlers['projects:open'] = () => {
      throw new DeskfitError('LOCKED', 'Another deskfit holds /home/ana/pets.deskfit. Close it there first.');
    };
    await renderDatasets();
    fireEvent.change(screen.getByRole('textbox', { name: 'Project folder' }), {
      target: { value: '/home/ana/pets.deskfit' },
    });
    await clickButton('Open project');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Another deskfit holds /home/ana/pets.deskfit. Close it there first.',
    );
  });
});

describe('dropping a folder (desktop app)', () => {
  afterEach(() => {
    delete (window as { api?: unknown }).api;
  });

  it('scans the dropped folder, whose path only the desktop preload can tell', async () => {
    const dropped = new File([''], 'pets');
    (window as { api?: unknown }).api = {
      ...api,
      pathForFile: (file: File) => (file === dropped ? '/home/ana/pets' : ''),
    };
    await renderDatasets();
    expect(screen.getByText(/You can also drop a folder here/)).toBeTruthy();
    const panel = screen.getByRole('heading', { name: 'Import images' }).closest('section')!;
    await act(async () => {
      fireEvent.dragOver(panel, { dataTransfer: { files: [dropped] } });
      fireEvent.drop(panel, { dataTransfer: { files: [dropped] } });
    });
    await screen.findByTestId('scan-layout');
    expect(api.callsTo('dataset:scan').map((c) => c.input)).toEqual([{ folder: '/home/ana/pets' }]);
  });

  it('offers no drop in a browser, where a dropped folder has no path', async () => {
    await renderDatasets();
    expect(screen.queryByText(/You can also drop a folder here/)).toBeNull();
  });
});

describe('the folder picker', () => {
  it('keeps a path typed while the first listing is still on its way', async () => {
    let release: () => void = () => undefined;
    const home = listings['/home/ana']!;
    api.handlers['fs:list'] = ({ dir }) =>
      dir === undefined
        ? new Promise<FolderListing>((resolve) => {
            release = () => resolve(home);
          })
        : listings[dir]!;
    await renderDatasets();
    await clickButton('Import folder');
    const dialog = await screen.findByRole('dialog', { name: 'Choose a folder' });
    const box = within(dialog).getByRole('textbox', { name: 'Folder path' }) as HTMLInputElement;
    fireEvent.change(box, { target: { value: '/home/ana/pets' } });
    await act(async () => release());
    expect(box.value).toBe('/home/ana/pets');
    await clickButton('Go', dialog);
    await within(dialog).findByRole('button', { name: 'cat' });
  });
});
