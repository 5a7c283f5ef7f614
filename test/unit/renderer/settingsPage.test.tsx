import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsPage } from '../../../src/renderer/src/features/settings/SettingsPage';
import { resetDeskfitStore } from '../../../src/renderer/src/store';
import { DeskfitError } from '../../../src/shared/errors';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { doctorReport, selftestResult, shellHandlers } from './helpers/fixtures';

let api: FakeApi;
let unbind: () => void;

function makeApi(): FakeApi {
  return new FakeApi({
    ...shellHandlers,
    'jobs:start': () => ({ jobId: 'job-1' }),
    'jobs:cancel': () => ({ cancelled: true }),
  });
}

async function renderSettings(): Promise<void> {
  unbind = renderWithApi(api, <SettingsPage />);
  await screen.findByTestId('live-backend');
}

async function startSelftest(): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Run self-test' }));
  });
}

const emit: FakeApi['emit'] = (event, payload) => act(() => api.emit(event, payload));

beforeEach(() => {
  resetDeskfitStore();
  api = makeApi();
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('SettingsPage', () => {
  it('fetches the doctor report and app info on mount and shows the live backend', async () => {
    await renderSettings();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
    expect(screen.getByTestId('live-backend').textContent).toBe('wasm');
    expect(api.callsTo('backend:doctor').length).toBeGreaterThanOrEqual(1);
    expect(api.callsTo('app:info').length).toBeGreaterThanOrEqual(1);
  });

  it('lists every candidate with its status and reason', async () => {
    await renderSettings();
    const table = screen.getByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    const gpu = rows[0]!;
    expect(within(gpu).getByText('tfjs-node-gpu')).toBeTruthy();
    expect(within(gpu).getByText('failed')).toBeTruthy();
    expect(gpu.textContent).toContain('Cannot find module @tensorflow/tfjs-node-gpu');
    expect(gpu.textContent).toContain('Requires CUDA 11.2 and cuDNN 8.1');
    expect(within(rows[2]!).getByText('ok')).toBeTruthy();
    expect(within(rows[3]!).getByText('not used')).toBeTruthy();
    expect(screen.getByText('libtensorflow.so.2: cannot open shared object file.')).toBeTruthy();
  });

  it('states the GPU requirements and the app versions', async () => {
    await renderSettings();
    const gpu = screen.getByTestId('gpu-requirements').textContent ?? '';
    expect(gpu).toContain('CUDA 11.2');
    expect(gpu).toContain('cuDNN 8.1');
    const about = screen.getByTestId('app-info').textContent ?? '';
    expect(about).toContain('0.1.0');
    expect(about).toContain('Web (deskfit serve)');
    expect(about).toContain('22.12.0');
    expect(about).toContain('linux x64');
  });

  it('runs the self-test: start, progress, chart, and a passing verdict', async () => {
    await renderSettings();
    await startSelftest();
    expect(api.callsTo('jobs:start')).toEqual([
      { channel: 'jobs:start', input: { kind: 'selftest', params: {} } },
    ]);
    const run = screen.getByRole('button', { name: 'Run self-test' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Cancel self-test' })).toBeTruthy();

    emit('jobs:progress', { jobId: 'job-1', kind: 'selftest', step: 1, total: 4, metrics: { loss: 0.7 } });
    emit('jobs:progress', { jobId: 'job-1', kind: 'selftest', step: 2, total: 4, metrics: { loss: 0.55 } });
    expect(screen.getByTestId('selftest-progress').textContent).toBe('Step 2 of 4 · loss 0.550');
    expect(screen.getByRole('progressbar')).toBeTruthy();
    expect(screen.getByTestId('selftest-chart')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('');

    emit('jobs:done', { jobId: 'job-1', kind: 'selftest', result: selftestResult() });
    expect(screen.getByRole('status').textContent).toBe(
      'Self-test passed on wasm: loss fell from 0.700 to 0.400 in 4 steps (480 images/s).',
    );
    expect((screen.getByRole('button', { name: 'Run self-test' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByRole('button', { name: 'Cancel self-test' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so when the loss did not fall', async () => {
    await renderSettings();
    await startSelftest();
    emit('jobs:done', {
      jobId: 'job-1',
      kind: 'selftest',
      result: selftestResult({ fell: false, losses: [0.7, 0.7], firstLoss: 0.7, lastLoss: 0.7 }),
    });
    expect(screen.getByRole('status').textContent).toMatch(/^Self-test finished but the loss did not fall/);
  });

  it('shows a failure in an alert', async () => {
    await renderSettings();
    await startSelftest();
    emit('jobs:failed', {
      jobId: 'job-1',
      kind: 'selftest',
      error: { code: 'TRAINER_CRASHED', message: 'The trainer process exited unexpectedly (code 134).' },
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Self-test failed: The trainer process exited unexpectedly (code 134).',
    );
    expect((screen.getByRole('button', { name: 'Run self-test' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('refuses a malformed result instead of showing it', async () => {
    await renderSettings();
    await startSelftest();
    emit('jobs:done', { jobId: 'job-1', kind: 'selftest', result: { fell: 'yes' } });
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByRole('alert').textContent).toMatch(/finished but sent a result this app cannot read/);
  });

  it('cancels through jobs:cancel and reports the cancellation', async () => {
    await renderSettings();
    await startSelftest();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel self-test' }));
    });
    expect(api.callsTo('jobs:cancel')).toEqual([{ channel: 'jobs:cancel', input: { jobId: 'job-1' } }]);
    emit('jobs:failed', {
      jobId: 'job-1',
      kind: 'selftest',
      error: { code: 'CANCELLED', message: 'Cancelled.' },
    });
    expect(screen.getByRole('alert').textContent).toBe('Self-test cancelled.');
  });

  it('shows why the self-test could not start', async () => {
    api.handlers['jobs:start'] = () => {
      throw new DeskfitError('DISCONNECTED', 'The connection to deskfit serve was lost.');
    };
    await renderSettings();
    await startSelftest();
    expect(screen.getByRole('alert').textContent).toBe(
      'Self-test failed: The connection to deskfit serve was lost.',
    );
  });

  it('offers a retry when the report cannot be loaded', async () => {
    let fail = true;
    api.handlers['backend:doctor'] = () => {
      if (fail) throw new DeskfitError('DISCONNECTED', 'The connection to deskfit serve was lost.');
      return doctorReport;
    };
    unbind = renderWithApi(api, <SettingsPage />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the backend report');
    fail = false;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    });
    expect((await screen.findByTestId('live-backend')).textContent).toBe('wasm');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
