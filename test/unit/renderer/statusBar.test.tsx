import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusBar } from '../../../src/renderer/src/features/shell/StatusBar';
import { followedJob } from '../../../src/renderer/src/features/shell/jobStatus';
import {
  loadAppOverview,
  resetDeskfitStore,
  startSelftest,
  useDeskfitStore,
} from '../../../src/renderer/src/store';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';
import { appInfo, doctorReport } from './helpers/fixtures';

let api: FakeApi;
let unbind: () => void;

async function renderBar(): Promise<void> {
  unbind = renderWithApi(api, <StatusBar />);
  await act(async () => {
    await loadAppOverview(api);
  });
}

const bar = () => screen.getByRole('contentinfo');
const job = () => within(bar()).getByTestId('status-job');
const page = () => useDeskfitStore.getState().navigation.page;

beforeEach(() => {
  resetDeskfitStore();
  const data = new FakeDataset(seedItems(3));
  api = new FakeApi({
    'app:info': () => appInfo,
    'backend:doctor': () => doctorReport,
    'jobs:list': () => [],
    'jobs:start': () => ({ jobId: 'self-1' }),
    'jobs:cancel': () => ({ cancelled: true }),
    'projects:current': () => data.summary(),
    'projects:recent': () => [],
  });
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('status bar', () => {
  it('shows the project and the live backend, which opens Settings', async () => {
    await renderBar();
    expect(within(bar()).getByTestId('status-project').textContent).toBe('Project: pets');
    fireEvent.click(within(bar()).getByRole('button', { name: 'Backend: wasm' }));
    expect(page()).toBe('settings');
    expect(job().textContent).toBe('Idle');
  });

  it('says while files changed since import are read again before a job, and stops saying it', async () => {
    await renderBar();
    expect(within(bar()).queryByTestId('status-refreshing')).toBeNull();
    act(() => api.emit('files:refreshProgress', { done: 0, total: 1200 }));
    act(() => api.emit('files:refreshProgress', { done: 450, total: 1200 }));
    expect(within(bar()).getByTestId('status-refreshing').textContent).toBe(
      'Reading files changed since import: 450 of 1,200',
    );
    act(() => api.emit('files:refreshProgress', { done: 1200, total: 1200 }));
    expect(within(bar()).queryByTestId('status-refreshing')).toBeNull();
  });

  it('follows a running job: kind, step, percent; a link to its page; Stop cancels it', async () => {
    await renderBar();
    act(() => api.emit('jobs:progress', { jobId: 'train-1', kind: 'train', step: 40, total: 200 }));
    expect(job().textContent).toBe('Running training: step 40/200');
    expect(within(bar()).getByTestId('status-job-percent').textContent).toBe('20%');
    await act(async () => {
      fireEvent.click(within(bar()).getByRole('button', { name: 'Stop training' }));
    });
    expect(api.callsTo('jobs:cancel').map((c) => c.input)).toEqual([{ jobId: 'train-1' }]);
    expect(job().textContent).toBe('Stopping training…');
    expect(within(bar()).queryByTestId('status-job-stop')).toBeNull();
    fireEvent.click(job());
    expect(page()).toBe('train');
    act(() =>
      api.emit('jobs:failed', {
        jobId: 'train-1',
        kind: 'train',
        error: { code: 'CANCELLED', message: 'Stopped.' },
      }),
    );
    expect(job().textContent).toBe('Idle');
  });

  it('leaves Stop to the page that shows the job', async () => {
    await renderBar();
    act(() => useDeskfitStore.getState().goTo('interpret'));
    act(() => api.emit('jobs:progress', { jobId: 'i-1', kind: 'interpret', step: 5, total: 10 }));
    expect(job().textContent).toBe('Running interpretation: step 5/10');
    expect(job().tagName).toBe('SPAN');
    expect(within(bar()).queryByTestId('status-job-stop')).toBeNull();
    act(() => useDeskfitStore.getState().goTo('datasets'));
    expect(within(bar()).getByTestId('status-job-stop')).toBeTruthy();
  });

  it('stops the self-test through its own flow from another page', async () => {
    await renderBar();
    await act(async () => {
      await startSelftest(api);
    });
    act(() =>
      api.emit('jobs:progress', {
        jobId: 'self-1',
        kind: 'selftest',
        step: 3,
        total: 30,
        metrics: { loss: 0.5 },
      }),
    );
    expect(job().textContent).toBe('Running self-test: step 3/30');
    expect(within(bar()).getByTestId('status-job-percent').textContent).toBe('10%');
    await act(async () => {
      fireEvent.click(within(bar()).getByRole('button', { name: 'Stop self-test' }));
    });
    expect(api.callsTo('jobs:cancel').map((c) => c.input)).toEqual([{ jobId: 'self-1' }]);
    expect(useDeskfitStore.getState().jobs.selftest.phase).toBe('cancelling');
    expect(job().textContent).toBe('Cancelling self-test…');
  });

  it('follows the newest of several running jobs', () => {
    const state = useDeskfitStore.getState().jobs;
    const followed = followedJob({
      ...state,
      list: [
        { jobId: 'a', kind: 'train', state: 'running', startedAt: 1 },
        { jobId: 'b', kind: 'predict', state: 'running', startedAt: 2 },
        { jobId: 'c', kind: 'lr-find', state: 'done', startedAt: 3 },
      ],
    });
    expect(followed?.jobId).toBe('b');
    expect(followed?.summary).toBe('Running prediction (+1 more)');
    expect(followed?.percent).toBeNull();
  });
});
