import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/renderer/src/App';
import { resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';
import { shellHandlers } from './helpers/fixtures';

const pageNames = ['Datasets', 'Label', 'Augment', 'Train', 'Interpret', 'Export', 'Settings'];

let api: FakeApi;
let unbind: () => void;

async function renderApp(): Promise<void> {
  unbind = renderWithApi(api, <App />);
  await act(async () => {});
}

const nav = () => screen.getByRole('navigation', { name: 'Main' });
const h1 = () => screen.getByRole('heading', { level: 1 }).textContent;
const statusBar = () => screen.getByRole('contentinfo');

beforeEach(() => {
  resetDeskfitStore();
  api = new FakeApi({ ...shellHandlers, 'jobs:start': () => ({ jobId: 'job-1' }) });
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('App shell', () => {
  it('has one nav button per page, the current one marked', async () => {
    await renderApp();
    const buttons = within(nav()).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(pageNames);
    expect(within(nav()).getByRole('button', { name: 'Datasets' }).getAttribute('aria-current')).toBe('page');
    expect(buttons.filter((b) => b.hasAttribute('aria-current'))).toHaveLength(1);
  });

  it('switches pages from the nav; each page starts with its name as h1', async () => {
    await renderApp();
    for (const name of pageNames) {
      fireEvent.click(within(nav()).getByRole('button', { name }));
      expect(h1()).toBe(name);
      expect(within(nav()).getByRole('button', { name }).getAttribute('aria-current')).toBe('page');
    }
  });

  it('shows honest empty states, not data, when no project is open', async () => {
    await renderApp();
    fireEvent.click(within(nav()).getByRole('button', { name: 'Train' }));
    expect(screen.getByText(/Find LR/)).toBeTruthy();
    expect(screen.getByText('No project is open.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('opens on Datasets with the import flow, and Label asks for a project when none is open', async () => {
    await renderApp();
    expect(screen.getByRole('button', { name: 'Import folder' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Create project' })).toBeTruthy();
    fireEvent.click(within(nav()).getByRole('button', { name: 'Label' }));
    expect(screen.getByText('No project is open.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Go to Datasets' }));
    expect(h1()).toBe('Datasets');
  });

  it('status bar names the open project and follows project:changed', async () => {
    const data = new FakeDataset(seedItems(3));
    api.handlers['projects:current'] = () => data.summary();
    await renderApp();
    const project = within(statusBar()).getByTestId('status-project');
    expect(project.textContent).toBe('Project: pets');
    data.name = 'Pets v2';
    await act(async () =>
      api.emit('project:changed', { dir: data.dir, reason: 'rename', stats: data.stats() }),
    );
    expect(project.textContent).toBe('Project: Pets v2');
    api.handlers['projects:current'] = () => null;
    await act(async () => api.emit('project:changed', { dir: data.dir, reason: 'close', stats: null }));
    expect(project.textContent).toBe('No project open');
  });

  it('opens pages with Alt+1…Alt+7', async () => {
    await renderApp();
    fireEvent.keyDown(window, { key: '7', code: 'Digit7', altKey: true });
    expect(h1()).toBe('Settings');
    fireEvent.keyDown(window, { key: '¡', code: 'Digit2', altKey: true });
    expect(h1()).toBe('Label');
    fireEvent.keyDown(window, { key: '3', code: 'Digit3' });
    expect(h1()).toBe('Label');
  });

  it('shows a banner with what to do when the connection fails for good', async () => {
    await renderApp();
    expect(screen.queryByTestId('connection-error')).toBeNull();
    act(() =>
      useDeskfitStore.getState().setConnection({
        state: 'error',
        failedAttempts: 4,
        message: 'Cannot reach deskfit serve at ws://127.0.0.1:1/ws.',
      }),
    );
    expect(screen.getByRole('alert').textContent).toBe('Cannot reach deskfit serve at ws://127.0.0.1:1/ws.');
    expect(within(statusBar()).getByTestId('status-connection').textContent).toBe('Connection error');
  });

  it('status bar shows the connection, the live backend (linking to Settings) and the job state', async () => {
    await renderApp();
    const bar = statusBar();
    expect(within(bar).getByTestId('status-connection').textContent).toBe('Connected');
    expect(within(bar).getByTestId('status-job').textContent).toBe('Idle');
    const backend = within(bar).getByRole('button', { name: 'Backend: wasm' });
    fireEvent.click(backend);
    expect(h1()).toBe('Settings');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run self-test' }));
    });
    act(() =>
      api.emit('jobs:progress', {
        jobId: 'job-1',
        kind: 'selftest',
        step: 3,
        total: 30,
        metrics: { loss: 0.5 },
      }),
    );
    expect(within(bar).getByTestId('status-job').textContent).toBe('Running self-test: step 3/30');
  });
});
