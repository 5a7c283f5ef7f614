import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterpretPage } from '../../../src/renderer/src/features/interpret/InterpretPage';
import { cellItems } from '../../../src/renderer/src/features/interpret/interpretMath';
import { bindStoreToApi, resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import type { ConnectionStatus } from '../../../src/renderer/src/api/wsClient';
import { DeskfitError } from '../../../src/shared/errors';
import {
  InterpretResultSchema,
  RunSummarySchema,
  type InterpretResult,
  type RunSummary,
} from '../../../src/shared/training';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, deferred, seedItems } from './helpers/fakeDataset';

const classes = ['cat', 'dog', 'bird'];

function run(
  id: string,
  startedAt: number,
  modelDir: string | null,
  status: RunSummary['status'],
): RunSummary {
  return RunSummarySchema.parse({
    id,
    status,
    startedAt,
    arch: 'resnet18',
    epochs: 3,
    plannedEpochs: 3,
    lr: 0.002,
    validLoss: 0.41,
    metrics: { accuracy: 0.8 },
    modelDir,
    resumable: false,
  });
}

/** Valid items 1..10 as (actual, predicted, loss); the matrix follows from them. */
const validItems: [number, number, number, number][] = [
  [1, 0, 0, 0.05],
  [2, 0, 1, 2.3],
  [3, 0, 1, 1.1],
  [4, 1, 1, 0.1],
  [5, 1, 0, 1.7],
  [6, 1, 1, 0.2],
  [7, 2, 2, 0.01],
  [8, 2, 1, 0.9],
  [9, 2, 2, 0.3],
  [10, 0, 0, 0.02],
];

function interpretation(runId: string, overrides: Partial<InterpretResult> = {}): InterpretResult {
  const confusion = classes.map(() => classes.map(() => 0));
  for (const [, a, p] of validItems) confusion[a]![p]! += 1;
  const name = (i: number) => classes[i]!;
  const byLoss = [...validItems].sort((x, y) => y[3] - x[3]);
  return InterpretResultSchema.parse({
    runId,
    classes,
    split: 'valid',
    tta: false,
    loss: 0.66,
    accuracy: 0.6,
    confusion,
    mostConfused: [
      { actual: 'cat', predicted: 'dog', count: 2 },
      { actual: 'dog', predicted: 'cat', count: 1 },
      { actual: 'bird', predicted: 'dog', count: 1 },
    ],
    topLosses: byLoss.slice(0, 4).map(([itemId, a, p, loss]) => ({
      itemId,
      actual: name(a),
      predicted: name(p),
      loss,
      probability: 0.9,
    })),
    items: {
      itemId: validItems.map((v) => v[0]),
      actual: validItems.map((v) => v[1]),
      predicted: validItems.map((v) => v[2]),
      probability: validItems.map(() => 0.7),
      loss: validItems.map((v) => v[3]),
    },
    ...overrides,
  });
}

let api: FakeApi;
let data: FakeDataset;
let unbind: () => void;
const withModel = run('2025-01-01T10-00-00-000Z', 1_000, '/p/runs/a/model', 'completed');
const newestNoModel = run('2025-01-02T10-00-00-000Z', 2_000, null, 'failed');

async function renderPage(options: Parameters<typeof bindStoreToApi>[1] = {}): Promise<void> {
  unbind = renderWithApi(api, <InterpretPage />, options);
  await act(async () => {});
}

const cellButton = (actual: string, predicted: string) =>
  screen
    .getAllByTestId('confusion-cell')
    .find((c) => c.dataset.actual === actual && c.dataset.predicted === predicted)!;
const ids = (testId: string) => screen.getAllByTestId(testId).map((c) => Number(c.dataset.itemId));
const topLoss = (itemId: number) =>
  screen.getAllByTestId('top-loss-cell').find((c) => Number(c.dataset.itemId) === itemId)!;

beforeEach(() => {
  resetDeskfitStore();
  data = new FakeDataset(seedItems(12, classes), classes);
  api = new FakeApi({
    ...data.handlers(),
    'jobs:list': () => [],
    'items:get': ({ id }) => {
      const item = data.items.find((i) => i.id === id);
      if (item === undefined) throw new DeskfitError('NOT_FOUND', `No item ${id}`);
      return item;
    },
    'runs:list': () => [newestNoModel, withModel],
    'runs:interpretation': ({ runId }) => (runId === withModel.id ? interpretation(runId) : null),
    'jobs:start': () => ({ jobId: 'job-9' }),
    'jobs:cancel': () => ({ cancelled: true }),
  });
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('Interpret page', () => {
  it('says "Train a model first" with the way to Train when the project has no runs', async () => {
    api.handlers['runs:list'] = () => [];
    await renderPage();
    const notice = await screen.findByTestId('train-first');
    expect(notice.textContent).toContain('Train a model first.');
    fireEvent.click(within(notice).getByRole('button', { name: 'Go to Train' }));
    expect(useDeskfitStore.getState().navigation.page).toBe('train');
  });

  it('picks the newest run with a model and shows its saved interpretation', async () => {
    await renderPage();
    await screen.findByTestId('confusion-matrix');
    expect((screen.getByTestId('run-picker') as HTMLSelectElement).value).toBe(withModel.id);
    expect(api.callsTo('runs:interpretation').map((c) => c.input)).toEqual([{ runId: withModel.id }]);
    expect(screen.getByTestId('interpret-summary').textContent).toContain('Accuracy 60.0%');
    expect(screen.getAllByTestId('confusion-cell')).toHaveLength(9);
    expect(cellButton('cat', 'dog').textContent).toBe('2');
    expect(cellButton('cat', 'dog').getAttribute('aria-label')).toBe('cat predicted as dog: 2 images');
    expect(ids('top-loss-cell')).toEqual([2, 5, 3, 8]);
  });

  it('lists the images of a clicked confusion cell, highest loss first', async () => {
    await renderPage();
    await screen.findByTestId('confusion-matrix');
    fireEvent.click(cellButton('cat', 'dog'));
    expect(cellButton('cat', 'dog').getAttribute('aria-pressed')).toBe('true');
    expect(within(screen.getByTestId('cell-images')).getByRole('heading').textContent).toContain(
      'cat predicted as dog',
    );
    expect(ids('cell-image')).toEqual([2, 3]);
    fireEvent.click(cellButton('cat', 'cat'));
    expect(ids('cell-image')).toEqual([1, 10]);
    // The most-confused list opens the same cells.
    fireEvent.click(
      within(screen.getByTestId('most-confused')).getByRole('button', { name: /bird predicted as dog/ }),
    );
    expect(ids('cell-image')).toEqual([8]);
  });

  it('cellItems picks exactly the items of a cell', () => {
    const result = interpretation('r');
    expect(cellItems(result, 1, 0).map((e) => e.itemId)).toEqual([5]);
    expect(cellItems(result, 2, 0)).toEqual([]);
  });

  it('relabels a top-loss image from its class picker through labels:assign and marks it', async () => {
    await renderPage();
    await screen.findByTestId('confusion-matrix');
    const card = topLoss(2);
    await waitFor(() => expect(card.textContent).toContain('img-001.jpg'));
    // The thumbnail is asked for once, versioned with the item's content hash.
    expect(card.querySelector('img')?.getAttribute('src')).toBe('/media/thumb/2?v=h2');
    const select = within(card).getByTestId('relabel-select') as HTMLSelectElement;
    expect(select.value).toBe('dog'); // seedItems labels item 2 (index 1) dog
    await act(async () => {
      fireEvent.change(select, { target: { value: 'bird' } });
    });
    expect(api.callsTo('labels:assign').map((c) => c.input)).toEqual([{ itemIds: [2], label: 'bird' }]);
    await waitFor(() => expect(card.dataset.edited).toBe('true'));
    expect(within(card).getByTestId('edited-badge').textContent).toBe('relabelled bird');
    expect(screen.getByTestId('interpret-edits').textContent).toContain('1 image relabelled');
    expect(useDeskfitStore.getState().project.current?.canUndo).toBe(true);
  });

  it('relabels with number keys and excludes with X on a focused card; Retrain goes to Train', async () => {
    await renderPage();
    await screen.findByTestId('confusion-matrix');
    const card = topLoss(5);
    card.focus();
    await act(async () => {
      fireEvent.keyDown(card, { key: '1' });
    });
    expect(api.callsTo('labels:assign').map((c) => c.input)).toEqual([{ itemIds: [5], label: 'cat' }]);
    await waitFor(() => expect(card.dataset.edited).toBe('true'));
    await act(async () => {
      fireEvent.keyDown(card, { key: 'x' });
    });
    expect(api.callsTo('items:exclude').map((c) => c.input)).toEqual([{ itemIds: [5], excluded: true }]);
    await waitFor(() =>
      expect(within(card).getByTestId('edited-badge').textContent).toBe('relabelled cat · excluded'),
    );
    // Keys are quiet while the picker has focus.
    const select = within(card).getByTestId('relabel-select');
    select.focus();
    fireEvent.keyDown(select, { key: '2' });
    expect(api.callsTo('labels:assign')).toHaveLength(1);
    fireEvent.click(within(screen.getByTestId('interpret-edits')).getByRole('button', { name: 'Retrain' }));
    expect(useDeskfitStore.getState().navigation.page).toBe('train');
  });

  it('says so when a number key has no class', async () => {
    await renderPage();
    await screen.findByTestId('confusion-matrix');
    const card = topLoss(2);
    card.focus();
    fireEvent.keyDown(card, { key: '7' });
    expect(api.callsTo('labels:assign')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toBe('No class has the key 7: there are 3 classes.');
  });

  it('runs an interpretation with TTA, shows progress, stops or finishes with the result', async () => {
    api.handlers['runs:interpretation'] = () => null;
    await renderPage();
    await screen.findByTestId('no-interpretation');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Test-time augmentation (TTA)' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('interpret-button'));
    });
    expect(api.callsTo('jobs:start')[0]?.input).toEqual({
      kind: 'interpret',
      params: { runId: withModel.id, tta: true, topLosses: 48 },
    });
    act(() => api.emit('jobs:progress', { jobId: 'job-9', kind: 'interpret', step: 5, total: 10 }));
    expect(screen.getByTestId('interpret-progress').textContent).toContain('5 of 10 images');
    expect((screen.getByTestId('run-picker') as HTMLSelectElement).disabled).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stop interpretation' }));
    });
    expect(api.callsTo('jobs:cancel')[0]?.input).toEqual({ jobId: 'job-9' });
    act(() =>
      api.emit('jobs:done', {
        jobId: 'job-9',
        kind: 'interpret',
        result: interpretation(withModel.id, { tta: true }),
      }),
    );
    expect(screen.getByTestId('interpret-summary').textContent).toContain('TTA on');
    expect(screen.queryByTestId('interpret-progress')).toBeNull();
  });

  it('takes a result that arrives before the reply to jobs:start', async () => {
    const reply = deferred<{ jobId: string }>();
    api.handlers['jobs:start'] = () => reply.promise;
    api.handlers['runs:interpretation'] = () => null;
    await renderPage();
    await screen.findByTestId('no-interpretation');
    await act(async () => {
      fireEvent.click(screen.getByTestId('interpret-button'));
    });
    act(() =>
      api.emit('jobs:done', { jobId: 'job-fast', kind: 'interpret', result: interpretation(withModel.id) }),
    );
    await act(async () => reply.resolve({ jobId: 'job-fast' }));
    expect(screen.getByTestId('confusion-matrix')).toBeTruthy();
  });

  it('explains NO_MODEL with the way to Train, and UNKNOWN_JOB_KIND as missing from this build', async () => {
    api.handlers['runs:interpretation'] = () => null;
    await renderPage();
    await screen.findByTestId('no-interpretation');
    await act(async () => {
      fireEvent.click(screen.getByTestId('interpret-button'));
    });
    act(() =>
      api.emit('jobs:failed', {
        jobId: 'job-9',
        kind: 'interpret',
        error: { code: 'NO_MODEL', message: 'This project has no trained model yet.' },
      }),
    );
    const error = screen.getByTestId('job-error');
    expect(error.textContent).toContain('Train a model first.');
    expect(within(error).getByRole('button', { name: 'Go to Train' })).toBeTruthy();

    api.handlers['jobs:start'] = () => {
      throw new DeskfitError('UNKNOWN_JOB_KIND', 'The interpret job is not available in this build yet.');
    };
    await act(async () => {
      fireEvent.click(screen.getByTestId('interpret-button'));
    });
    expect(screen.getByTestId('job-error').dataset.code).toBe('UNKNOWN_JOB_KIND');
    expect(screen.getByTestId('job-error').textContent).toContain('cannot do the interpretation yet');
  });

  it('after a reconnect, reads back the result of a job that finished while offline', async () => {
    const listeners = new Set<(status: ConnectionStatus) => void>();
    let status: ConnectionStatus = { state: 'connected', failedAttempts: 0 };
    const statusSource = {
      onStatus(listener: (s: ConnectionStatus) => void) {
        listeners.add(listener);
        listener(status);
        return () => listeners.delete(listener);
      },
    };
    const setStatus = (next: ConnectionStatus) => {
      status = next;
      for (const l of [...listeners]) l(next);
    };
    let saved: InterpretResult | null = null;
    api.handlers['runs:interpretation'] = () => saved;
    await renderPage({ statusSource });
    await screen.findByTestId('no-interpretation');
    await act(async () => {
      fireEvent.click(screen.getByTestId('interpret-button'));
    });
    act(() => setStatus({ state: 'reconnecting', failedAttempts: 1 }));
    saved = interpretation(withModel.id);
    api.handlers['jobs:list'] = () => [
      { jobId: 'job-9', kind: 'interpret', state: 'done', startedAt: 1, endedAt: 2 },
    ];
    await act(async () => setStatus({ state: 'connected', failedAttempts: 0 }));
    await screen.findByTestId('confusion-matrix');
    expect(screen.queryByTestId('interpret-progress')).toBeNull();
  });
});
