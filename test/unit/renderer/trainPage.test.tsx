// The Train page against a fake Api: remembered settings, the schedule preview, Train with live
// progress events (batches and epochs), the epoch table, Stop, the advisor, and run history with
// comparison and Resume.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../../src/renderer/src/api/ApiContext';
import { TrainPage } from '../../../src/renderer/src/features/train/TrainPage';
import { bindStoreToApi, resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import type { JobProgress } from '../../../src/shared/contract';
import {
  RunRecordSchema,
  TrainingSettingsSchema,
  type RunRecord,
  type RunSummary,
  type TrainingSettings,
} from '../../../src/shared/training';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';

let api: FakeApi;
let unbind: () => void;
let saved: TrainingSettings;
let runs: RunSummary[];

function record(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return RunRecordSchema.parse({
    id,
    status: 'completed',
    startedAt: Date.UTC(2026, 0, 2, 3, 4),
    params: { arch: 'resnet18', size: 64, batchSize: 32, epochs: 2, lr: 2e-3, optimizer: 'adamw', wd: 0.01 },
    augmentation: null,
    backend: 'wasm',
    lr: 2e-3,
    classes: ['cat', 'dog'],
    balance: { classes: [], imbalance: 1 },
    epochs: [
      { epoch: 0, train_loss: 0.9, valid_loss: 0.7, metrics: { accuracy: 0.7, error_rate: 0.3 }, seconds: 5 },
      {
        epoch: 1,
        train_loss: 0.5,
        valid_loss: 0.45,
        metrics: { accuracy: 0.85, error_rate: 0.15 },
        seconds: 5,
      },
    ],
    batches: Array.from({ length: 8 }, (_, i) => ({
      iter: i,
      epoch: i >> 2,
      loss: 1,
      smoothLoss: 1 - i / 10,
      lr: 1e-3,
      mom: 0.9,
    })),
    bestEpoch: 1,
    bestMetric: { name: 'error_rate', value: 0.15 },
    modelDir: '/p/models/a',
    checkpointEpoch: 1,
    seconds: 10,
    imagesPerSecond: 50,
    ...overrides,
  });
}

function summary(id: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    status: 'completed',
    startedAt: Date.UTC(2026, 0, 2, 3, 4),
    arch: 'resnet18',
    epochs: 2,
    plannedEpochs: 2,
    lr: 2e-3,
    validLoss: 0.45,
    metrics: { accuracy: 0.85, error_rate: 0.15 },
    modelDir: '/p/models/a',
    resumable: false,
    ...overrides,
  };
}

beforeEach(() => {
  resetDeskfitStore();
  const data = new FakeDataset(seedItems(40));
  saved = TrainingSettingsSchema.parse({
    train: { arch: 'simple-cnn', epochs: 3, lr: 3e-3, bogus: 1, wd: 'lots' },
  });
  runs = [];
  api = new FakeApi({
    ...data.handlers(),
    'jobs:list': () => [],
    'jobs:start': () => ({ jobId: 'train-1' }),
    'jobs:cancel': () => ({ cancelled: true }),
    'training:settings': () => saved,
    'training:saveSettings': (input) => {
      saved = TrainingSettingsSchema.parse(input);
      return saved;
    },
    'runs:list': () => runs,
    'runs:get': ({ runId }) => record(runId),
  });
  unbind = bindStoreToApi(api);
});
afterEach(() => {
  cleanup();
  unbind();
});

async function renderTrain(): Promise<void> {
  render(
    <ApiProvider api={api}>
      <TrainPage />
    </ApiProvider>,
  );
  await screen.findByRole('heading', { name: 'Model and schedule' });
  await waitFor(() => expect(useDeskfitStore.getState().train.saved.value).not.toBeNull());
}

const batch = (step: number, epoch: number, loss: number): JobProgress => ({
  jobId: 'train-1',
  kind: 'train',
  step,
  total: 6,
  message: 'batch',
  metrics: { epoch, loss, smoothLoss: loss + 0.05, lr: 1e-3, mom: 0.9 },
});
const epochEvent = (
  epoch: number,
  step: number,
  train: number,
  valid: number,
  error: number,
): JobProgress => ({
  jobId: 'train-1',
  kind: 'train',
  step,
  total: 6,
  message: 'epoch',
  metrics: {
    epoch,
    train_loss: train,
    valid_loss: valid,
    accuracy: 1 - error,
    error_rate: error,
    seconds: 7,
  },
});

describe('TrainPage', () => {
  it('restores the remembered settings field by field and draws the schedule before training', async () => {
    await renderTrain();
    const arch = screen.getByTestId('arch-select') as HTMLSelectElement;
    expect(arch.value).toBe('simple-cnn');
    expect((screen.getByTestId('epochs-input') as HTMLInputElement).value).toBe('3');
    expect(useDeskfitStore.getState().train.form.wd).toBe(0.01); // 'lots' did not validate
    expect((screen.getByTestId('lr-input') as HTMLInputElement).value).toBe('3e-3');
    expect(screen.getByTestId('schedule-preview').textContent).toContain(
      'Schedule over 3 epochs at a peak rate of 3e-3',
    );
    expect(
      screen.getByText('A few convolutions, trained from scratch: fastest, good for a first try.'),
    ).toBeTruthy();
  });

  it('fine-tune switches to fastai’s fine_tune warm-up and shows the frozen epochs', async () => {
    await renderTrain();
    fireEvent.click(screen.getByTestId('fine-tune'));
    const { form } = useDeskfitStore.getState().train;
    expect(form.fineTune).toBe(true);
    expect(form.oneCycle.pctStart).toBe(0.3);
    expect(form.oneCycle.div).toBe(5);
    expect(screen.getByLabelText('Frozen epochs')).toBeTruthy();
    expect(screen.getByTestId('schedule-preview').textContent).toContain('Schedule over 4 epochs');
  });

  it('a custom body path replaces the architecture, offers its pretrained weights and reaches the job', async () => {
    await renderTrain();
    fireEvent.change(screen.getByTestId('body-path'), { target: { value: '/models/mine/model.json' } });
    expect((screen.getByTestId('arch-select') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByText('Replaced by the custom body below.')).toBeTruthy();
    expect(screen.getByLabelText('Pretrained weights')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('train-button')));
    const start = api.callsTo('jobs:start')[0]?.input as { kind: string; params: Record<string, unknown> };
    expect(start.params).toMatchObject({ body: '/models/mine/model.json' });
    // Clearing the field goes back to the architecture.
    fireEvent.change(screen.getByTestId('body-path'), { target: { value: '  ' } });
    expect(useDeskfitStore.getState().train.form.body).toBeUndefined();
  });

  it('trains: live progress, charts and fastai’s epoch table; Stop cancels; the run list refreshes', async () => {
    await renderTrain();
    await act(async () => fireEvent.click(screen.getByTestId('train-button')));
    const start = api.callsTo('jobs:start')[0]?.input as { kind: string; params: Record<string, unknown> };
    expect(start.kind).toBe('train');
    expect(start.params).toMatchObject({
      arch: 'simple-cnn',
      epochs: 3,
      lr: 3e-3,
      batchSize: 64,
      fineTune: false,
    });
    expect(start.params).not.toHaveProperty('resumeRunId');
    // The settings are remembered when training starts.
    await waitFor(() => expect(api.callsTo('training:saveSettings').length).toBeGreaterThan(0));
    expect(saved.train['arch']).toBe('simple-cnn');
    expect((screen.getByTestId('train-button') as HTMLButtonElement).disabled).toBe(true);

    act(() => {
      api.emit('jobs:progress', batch(1, 0, 1.2));
      api.emit('jobs:progress', batch(2, 0, 1.0));
    });
    await waitFor(() =>
      expect(screen.getByTestId('train-progress').textContent).toMatch(/^Epoch 1 of 3 · batch 2 of 2/),
    );
    expect(screen.getByRole('progressbar', { name: 'Training progress' })).toBeTruthy();
    expect(screen.getByTestId('live-loss-chart')).toBeTruthy();
    expect(screen.getByTestId('metrics-chart')).toBeTruthy();

    act(() => api.emit('jobs:progress', epochEvent(0, 2, 0.95, 0.8, 0.3)));
    const rows = await screen.findAllByTestId('epoch-row');
    expect(rows).toHaveLength(1);
    expect(
      within(rows[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['0', '0.950000', '0.800000', '0.700000', '0.300000', '00:07']);
    const header = within(screen.getByTestId('epoch-table'))
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(header).toEqual(['epoch', 'train_loss', 'valid_loss', 'accuracy', 'error_rate', 'time']);

    act(() => api.emit('jobs:progress', batch(3, 1, 0.9)));
    await waitFor(() => expect(screen.getByTestId('train-progress').textContent).toMatch(/^Epoch 2 of 3/));
    await act(async () => fireEvent.click(screen.getByTestId('stop-button')));
    expect(api.callsTo('jobs:cancel')[0]?.input).toEqual({ jobId: 'train-1' });
    expect(screen.getByTestId('train-progress').textContent).toMatch(/stopping…/);

    runs = [summary('run-2', { status: 'cancelled', epochs: 1, plannedEpochs: 3, resumable: true })];
    act(() =>
      api.emit('jobs:failed', {
        jobId: 'train-1',
        kind: 'train',
        error: { code: 'CANCELLED', message: 'Stopped.' },
      }),
    );
    expect((await screen.findByText(/Training stopped after 1 epoch/)).textContent).toMatch(
      /Resume it from Run history/,
    );
    expect(screen.queryByTestId('stop-button')).toBeNull();
    expect(await screen.findByRole('button', { name: 'Resume run run-2' })).toBeTruthy();
  }, 30_000);

  it('a finished run says how it went, and the advisor reads its curves', async () => {
    await renderTrain();
    await act(async () => fireEvent.click(screen.getByTestId('train-button')));
    act(() => {
      api.emit('jobs:progress', epochEvent(0, 2, 1.3, 0.9, 0.4));
      api.emit('jobs:progress', epochEvent(1, 4, 1.1, 0.8, 0.3));
      api.emit('jobs:progress', epochEvent(2, 6, 1.0, 0.7, 0.2));
      api.emit('jobs:done', {
        jobId: 'train-1',
        kind: 'train',
        result: {
          runId: 'run-9',
          lr: 3e-3,
          outcome: { status: 'completed' },
          model: '/p/models/run-9',
          epochs: [],
        },
      });
    });
    const status = await screen.findByText(/^Training finished/);
    expect(status.textContent).toBe(
      'Training finished: 3 epochs at LR 3e-3, error rate 20.0%. The model is saved in /p/models/run-9.',
    );
    const advice = screen.getAllByTestId('advice').at(-1)!;
    expect(advice.textContent).toMatch(/Underfitting: train loss is well above valid loss/);
    await waitFor(() => expect(api.callsTo('runs:list').length).toBeGreaterThanOrEqual(2));
  }, 20_000);

  it('Stop after an epoch ends the job with the model kept: the page says so and marks the kept epoch', async () => {
    await renderTrain();
    await act(async () => fireEvent.click(screen.getByTestId('train-button')));
    act(() => {
      api.emit('jobs:progress', epochEvent(0, 2, 0.9, 0.6, 0.2));
      api.emit('jobs:progress', epochEvent(1, 4, 0.7, 0.65, 0.25));
      api.emit('jobs:done', {
        jobId: 'train-1',
        kind: 'train',
        result: {
          run: 'run-3',
          lr: 3e-3,
          bestEpoch: 0,
          outcome: {
            status: 'cancelled',
            reason:
              'Stopped by the user after 2 of 3 epochs. The model from epoch 0 was saved; resume the run to finish it.',
          },
        },
      });
    });
    expect((await screen.findByRole('status')).textContent).toBe(
      'Stopped by the user after 2 of 3 epochs. The model from epoch 0 was saved; resume the run to finish it.',
    );
    const rows = screen.getAllByTestId('epoch-row');
    expect(rows[0]!.className).toBe('best');
    expect(rows[1]!.className).toBe('');
    expect(screen.getByTestId('epoch-table').textContent).toMatch(
      /the epoch whose weights were kept is marked/,
    );
  }, 20_000);

  it('a diverged run says to lower the learning rate', async () => {
    await renderTrain();
    await act(async () => fireEvent.click(screen.getByTestId('train-button')));
    act(() => {
      api.emit('jobs:progress', { ...batch(1, 0, Number.NaN) });
      api.emit('jobs:failed', {
        jobId: 'train-1',
        kind: 'train',
        error: { code: 'DIVERGED', message: 'The loss became NaN at batch 1.' },
      });
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Training diverged: The loss became NaN at batch 1.',
    );
    expect(screen.getByTestId('advice').textContent).toMatch(/Lower the learning rate/);
  });

  it('run history: compare two runs (curves and settings) and resume a stopped one', async () => {
    runs = [
      summary('run-b', { status: 'cancelled', epochs: 1, plannedEpochs: 2, resumable: true }),
      summary('run-a'),
    ];
    await renderTrain();
    const table = await screen.findByTestId('runs-table');
    const rows = within(table).getAllByTestId('run-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('cancelled');
    expect(rows[1]!.textContent).toContain('15.0% error');

    await act(async () => fireEvent.click(screen.getByRole('checkbox', { name: 'Compare run run-a' })));
    await act(async () => fireEvent.click(screen.getByRole('checkbox', { name: 'Compare run run-b' })));
    expect(api.callsTo('runs:get').map((c) => c.input)).toEqual([{ runId: 'run-a' }, { runId: 'run-b' }]);
    expect(await screen.findByTestId('run-overlay-chart')).toBeTruthy();
    expect(screen.getByRole('table', { name: /Settings of the chosen runs/ })).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Resume run run-b' })));
    const start = api.callsTo('jobs:start')[0]?.input as { kind: string; params: Record<string, unknown> };
    expect(start).toEqual({
      kind: 'train',
      params: expect.objectContaining({
        resumeRunId: 'run-b',
        arch: 'resnet18',
        batchSize: 32,
        epochs: 2,
        lr: 2e-3,
      }),
    });
    expect(screen.getByTestId('stop-button')).toBeTruthy();
  }, 20_000);

  it('asks for a project when none is open', async () => {
    unbind();
    resetDeskfitStore();
    api.handlers['projects:current'] = () => null;
    unbind = renderWithApi(api, <TrainPage />);
    expect(await screen.findByText('No project is open.')).toBeTruthy();
    expect(screen.queryByTestId('train-button')).toBeNull();
  });
});
