import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportPage } from '../../../src/renderer/src/features/export/ExportPage';
import { checkTryFiles, uniqueNames } from '../../../src/renderer/src/features/export/tryFiles';
import { topClasses } from '../../../src/renderer/src/features/interpret/interpretMath';
import { resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import { DeskfitError } from '../../../src/shared/errors';
import { PredictResultSchema, RunSummarySchema, type PredictResult } from '../../../src/shared/training';
import { FakeApi } from './helpers/fakeApi';
import { renderWithApi } from './helpers/renderWithApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';

const runId = '2025-01-01T10-00-00-000Z';
const summary = RunSummarySchema.parse({
  id: runId,
  status: 'completed',
  startedAt: 1_000,
  arch: 'resnet18',
  epochs: 3,
  plannedEpochs: 3,
  lr: 0.002,
  validLoss: 0.41,
  metrics: { accuracy: 0.9 },
  modelDir: '/home/ana/pets.deskfit/runs/a/model',
  resumable: false,
});

function predictions(rows: PredictResult['rows'], csv?: string): PredictResult {
  return PredictResultSchema.parse({
    classes: ['cat', 'dog', 'bird'],
    predicted: rows.length,
    ...(csv !== undefined ? { csv } : {}),
    rows,
    failed: [],
  });
}

let api: FakeApi;
let data: FakeDataset;
let unbind: () => void;

async function renderPage(): Promise<void> {
  unbind = renderWithApi(api, <ExportPage />);
  await act(async () => {});
  await screen.findByTestId('run-picker');
}

beforeEach(() => {
  resetDeskfitStore();
  const seeds = seedItems(12, ['cat', 'dog', 'bird']).map((s, i) =>
    i >= 9 ? { ...s, split: 'test' as const } : s,
  );
  data = new FakeDataset(seeds, ['cat', 'dog', 'bird']);
  api = new FakeApi({
    ...data.handlers(),
    'jobs:list': () => [],
    'runs:list': () => [summary],
    'fs:pickFolder': () => ({ path: '/home/ana/Desktop', supported: true }),
    'models:export': ({ dir }) => ({
      dir,
      files: ['README.md', 'deskfit.json', 'model.json', 'weights.bin'],
    }),
    'jobs:start': () => ({ jobId: 'job-p' }),
    'jobs:cancel': () => ({ cancelled: true }),
  });
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('Export page: model export', () => {
  it('exports the chosen run into a new folder and shows the path and the files', async () => {
    await renderPage();
    const dir = screen.getByTestId('export-dir') as HTMLInputElement;
    expect(dir.value).toBe(`/home/ana/pets.deskfit/exports/${runId}`);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Choose export folder…' }));
    });
    await waitFor(() => expect(dir.value).toBe('/home/ana/Desktop/pets-model'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-button'));
    });
    expect(api.callsTo('models:export')[0]?.input).toEqual({ runId, dir: '/home/ana/Desktop/pets-model' });
    expect(screen.getByTestId('export-path').textContent).toBe('/home/ana/Desktop/pets-model');
    const files = within(screen.getByTestId('export-files')).getAllByRole('listitem');
    expect(files.map((f) => f.textContent)).toEqual([
      'README.md',
      'deskfit.json',
      'model.json',
      'weights.bin',
    ]);
  });

  it('says why an export was refused', async () => {
    api.handlers['models:export'] = ({ dir }) => {
      throw new DeskfitError(
        'CONFLICT',
        `${dir} is not empty. Choose an empty or new folder for the export.`,
      );
    };
    await renderPage();
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-button'));
    });
    expect(screen.getByTestId('job-error').textContent).toContain('is not empty');
    expect(screen.queryByTestId('export-path')).toBeNull();
  });
});

describe('Export page: predictions', () => {
  it('predicts the test set into a CSV and a grid of thumbnails, predictions and probabilities', async () => {
    await renderPage();
    expect(screen.getByText(/has 3 test images/)).toBeTruthy();
    expect((screen.getByTestId('predict-csv-path') as HTMLInputElement).value).toBe(
      '/home/ana/pets.deskfit/predictions.csv',
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId('predict-button'));
    });
    expect(api.callsTo('jobs:start')[0]?.input).toEqual({
      kind: 'predict',
      params: { runId, source: { split: 'test' }, csv: '/home/ana/pets.deskfit/predictions.csv' },
    });
    act(() => api.emit('jobs:progress', { jobId: 'job-p', kind: 'predict', step: 1, total: 3 }));
    expect(screen.getByTestId('predict-progress').textContent).toContain('1 of 3 images');
    act(() =>
      api.emit('jobs:done', {
        jobId: 'job-p',
        kind: 'predict',
        result: predictions(
          [
            { name: 'img-009.jpg', itemId: 10, prediction: 'cat', probability: 0.6, probs: [0.6, 0.3, 0.1] },
            {
              name: 'img-010.jpg',
              itemId: 11,
              hash: 'abcdef0123456789ffff',
              prediction: 'dog',
              probability: 0.95,
              probs: [0.02, 0.95, 0.03],
            },
            { name: 'img-011.jpg', itemId: 12, prediction: 'bird', probability: 0.8, probs: [0.1, 0.1, 0.8] },
          ],
          '/home/ana/pets.deskfit/predictions.csv',
        ),
      }),
    );
    expect(screen.getByTestId('predict-csv').textContent).toBe('/home/ana/pets.deskfit/predictions.csv');
    const rows = screen.getAllByTestId('prediction-row');
    // Most confident first.
    expect(rows.map((r) => r.dataset.prediction)).toEqual(['dog', 'bird', 'cat']);
    expect(rows[0]?.textContent).toContain('img-010.jpg');
    expect(rows[0]?.textContent).toContain('95.0%');
    expect(rows[0]?.querySelector('img')?.getAttribute('src')).toBe('/media/thumb/11?v=abcdef0123456789');
    expect(rows[2]?.querySelector('img')?.getAttribute('src')).toBe('/media/thumb/10');
    fireEvent.click(screen.getByRole('button', { name: 'cat 1' }));
    expect(screen.getAllByTestId('prediction-row').map((r) => r.dataset.itemId)).toEqual(['10']);
  });

  it('asks for no CSV when unticked, and says "Train a model first" on NO_MODEL', async () => {
    await renderPage();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Write a CSV' }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('predict-button'));
    });
    expect(api.callsTo('jobs:start')[0]?.input).toEqual({
      kind: 'predict',
      params: { runId, source: { split: 'test' } },
    });
    act(() =>
      api.emit('jobs:failed', {
        jobId: 'job-p',
        kind: 'predict',
        error: { code: 'NO_MODEL', message: 'Run x has no saved model.' },
      }),
    );
    const error = screen.getByTestId('job-error');
    expect(error.textContent).toContain('Train a model first.');
    fireEvent.click(within(error).getByRole('button', { name: 'Go to Train' }));
    expect(useDeskfitStore.getState().navigation.page).toBe('train');
  });
});

describe('Export page: try it', () => {
  const file = (name: string, type: string, bytes = 8) =>
    new File([new Uint8Array(bytes).fill(65)], name, { type });

  it('sends chosen images inline and shows the top three classes with bars', async () => {
    await renderPage();
    const input = screen.getByTestId('try-file-input');
    await act(async () => {
      fireEvent.change(input, {
        target: { files: [file('a.png', 'image/png'), file('b.jpg', 'image/jpeg')] },
      });
    });
    await waitFor(() => expect(api.callsTo('jobs:start')).toHaveLength(1));
    const start = api.callsTo('jobs:start')[0]?.input as {
      params: { source: { inline: { name: string; base64: string }[] } };
    };
    expect(start.params.source.inline).toEqual([
      { name: 'a.png', base64: 'QUFBQUFBQUE=' },
      { name: 'b.jpg', base64: 'QUFBQUFBQUE=' },
    ]);
    act(() =>
      api.emit('jobs:done', {
        jobId: 'job-p',
        kind: 'predict',
        result: {
          ...predictions([{ name: 'a.png', prediction: 'dog', probability: 0.7, probs: [0.2, 0.7, 0.1] }]),
          failed: [{ name: 'b.jpg', reason: 'b.jpg is not a readable image.' }],
        },
      }),
    );
    const [a, b] = screen.getAllByTestId('try-result');
    const top = within(a!).getByRole('list', { name: 'Top predictions for a.png' });
    expect(
      within(top)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['dog70.0%', 'cat20.0%', 'bird10.0%']);
    expect(b?.textContent).toContain('b.jpg is not a readable image.');
  });

  it('refuses files that are not images, too large or too many, and says which', async () => {
    await renderPage();
    await act(async () => {
      fireEvent.change(screen.getByTestId('try-file-input'), {
        target: { files: [file('notes.txt', 'text/plain')] },
      });
    });
    expect(screen.getByTestId('try-refused').textContent).toBe('notes.txt is not an image (text/plain).');
    expect(api.callsTo('jobs:start')).toHaveLength(0);

    const many = Array.from({ length: 18 }, (_, i) => ({ name: `${i}.png`, size: 10, type: 'image/png' }));
    const checked = checkTryFiles([
      ...many,
      { name: 'huge.jpg', size: 21 * 1024 * 1024, type: 'image/jpeg' },
    ]);
    expect(checked.accepted).toHaveLength(16);
    expect(checked.refused).toEqual([
      '16.png was left out: at most 16 images at a time.',
      '17.png was left out: at most 16 images at a time.',
      'huge.jpg is 21.0 MB; images up to 20 MB can be tried here.',
    ]);
    // 40 MB in all: a third 15 MB photo would not fit in one request (deskfit serve's message limit).
    const photos = ['a', 'b', 'c'].map((n) => ({
      name: `${n}.jpg`,
      size: 15 * 1024 * 1024,
      type: 'image/jpeg',
    }));
    const total = checkTryFiles(photos);
    expect(total.accepted.map((f) => f.name)).toEqual(['a.jpg', 'b.jpg']);
    expect(total.refused).toEqual(['c.jpg was left out: the images tried at once may total 40 MB.']);
  });

  it('keeps names apart and ranks classes', () => {
    expect(uniqueNames(['a.jpg', 'a.jpg', 'b'])).toEqual(['a.jpg', 'a (2).jpg', 'b']);
    expect(topClasses(['x', 'y', 'z', 'w'], [0.1, 0.4, 0.4, 0.1], 3)).toEqual([
      { name: 'y', probability: 0.4 },
      { name: 'z', probability: 0.4 },
      { name: 'x', probability: 0.1 },
    ]);
  });
});
