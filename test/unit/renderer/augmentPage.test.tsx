// The Augment page against a fake Api: an image is chosen, previews follow the settings (debounced; the
// newest request wins, even when an old job answers last or events overtake the start reply), Reset,
// Use for training, and a clear message when the service cannot make previews.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../../src/renderer/src/api/ApiContext';
import { AugmentPage } from '../../../src/renderer/src/features/augment/AugmentPage';
import { describeAugSettings } from '../../../src/renderer/src/features/augment/augmentWords';
import { bindStoreToApi, resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import {
  idlePreview,
  previewJobDone,
  previewRequested,
  previewStarted,
} from '../../../src/renderer/src/store/augmentReducers';
import type { AugmentPreviewParams } from '../../../src/shared/contract';
import { DeskfitError } from '../../../src/shared/errors';
import {
  TrainingSettingsSchema,
  defaultAugSettings,
  type TrainingSettings,
} from '../../../src/shared/training';
import { FakeApi } from './helpers/fakeApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';

let api: FakeApi;
let unbind: () => void;
let saved: TrainingSettings;
let nextJob: number;

const png = (tag: string) => `data:image/png;base64,${tag}`;
function result(itemId: number, n: number, tag: string) {
  return {
    itemId,
    size: 160,
    original: png(`${tag}-o`),
    images: Array.from({ length: n }, (_, i) => png(`${tag}-${i}`)),
  };
}
const startCalls = () =>
  api.callsTo('jobs:start').map((c) => (c.input as { params: AugmentPreviewParams }).params);

beforeEach(() => {
  resetDeskfitStore();
  const data = new FakeDataset(seedItems(30));
  saved = TrainingSettingsSchema.parse({ augmentation: { maxRotate: 20 }, train: { epochs: 7 } });
  nextJob = 0;
  api = new FakeApi({
    ...data.handlers(),
    'jobs:list': () => [],
    'jobs:start': () => ({ jobId: `aug-${++nextJob}` }),
    'jobs:cancel': () => ({ cancelled: true }),
    'training:settings': () => saved,
    'training:saveSettings': (input) => {
      saved = TrainingSettingsSchema.parse(input);
      return saved;
    },
  });
  unbind = bindStoreToApi(api);
});
afterEach(() => {
  cleanup();
  unbind();
});

async function renderAugment(): Promise<void> {
  render(
    <ApiProvider api={api}>
      <AugmentPage />
    </ApiProvider>,
  );
  await screen.findByRole('heading', { name: 'Transforms' });
  await waitFor(() => expect(api.callsTo('jobs:start').length).toBe(1), { timeout: 3000 });
}

describe('AugmentPage', () => {
  it('previews the project’s saved settings on the first usable image, and shows the grid', async () => {
    await renderAugment();
    const first = useDeskfitStore.getState().augment.candidates.items[0]!;
    expect(startCalls()[0]).toEqual({
      itemId: first.id,
      n: 8,
      size: 160,
      seed: 0,
      augmentation: { ...defaultAugSettings, maxRotate: 20 },
    });
    expect(api.callsTo('items:query')[0]?.input).toMatchObject({
      problem: false,
      excluded: false,
      limit: 12,
    });
    act(() =>
      api.emit('jobs:done', { jobId: 'aug-1', kind: 'augment-preview', result: result(first.id, 8, 'a') }),
    );
    const images = await screen.findAllByTestId('aug-preview-image');
    expect(images).toHaveLength(8);
    expect(images[0]!.getAttribute('src')).toBe(png('a-0'));
    expect(screen.getByTestId('aug-original').getAttribute('src')).toBe(png('a-o'));
    expect(screen.getByTestId('aug-item').textContent).toBe(`Previewing ${first.path}`);
  });

  it('a change asks again after a pause; the newest request wins even if an older job answers last', async () => {
    await renderAugment();
    fireEvent.change(screen.getByLabelText('Max rotation'), { target: { value: '30' } });
    await waitFor(() => expect(api.callsTo('jobs:start').length).toBe(2), { timeout: 3000 });
    expect(startCalls()[1]?.augmentation.maxRotate).toBe(30);
    // The superseded job was cancelled.
    expect(api.callsTo('jobs:cancel').map((c) => c.input)).toEqual([{ jobId: 'aug-1' }]);
    act(() => {
      api.emit('jobs:done', { jobId: 'aug-2', kind: 'augment-preview', result: result(0, 8, 'new') });
      api.emit('jobs:done', { jobId: 'aug-1', kind: 'augment-preview', result: result(0, 8, 'old') });
    });
    const images = await screen.findAllByTestId('aug-preview-image');
    expect(images[0]!.getAttribute('src')).toBe(png('new-0'));
  });

  it('New samples draws again with another seed; another image can be chosen', async () => {
    await renderAugment();
    fireEvent.click(screen.getByTestId('aug-new-samples'));
    await waitFor(() => expect(api.callsTo('jobs:start').length).toBe(2), { timeout: 3000 });
    expect(startCalls()[1]?.seed).toBe(1);
    const choices = screen
      .getAllByRole('button', { pressed: false })
      .filter((b) => b.classList.contains('aug-candidate'));
    fireEvent.click(choices[2]!);
    await waitFor(() => expect(api.callsTo('jobs:start').length).toBe(3), { timeout: 3000 });
    expect(startCalls()[2]?.itemId).toBe(useDeskfitStore.getState().augment.candidates.items[3]!.id);
  });

  it('Reset to fastai defaults, then Use for training saves them and keeps the Train page’s settings', async () => {
    await renderAugment();
    fireEvent.click(screen.getByRole('button', { name: 'Reset to fastai defaults' }));
    expect(useDeskfitStore.getState().augment.settings).toEqual(defaultAugSettings);
    expect(screen.getByTestId('aug-save-status').textContent).toMatch(/Changed since saved/);
    await act(async () => fireEvent.click(screen.getByTestId('use-for-training')));
    expect(api.callsTo('training:saveSettings')[0]?.input).toEqual({
      augmentation: defaultAugSettings,
      train: { epochs: 7 },
    });
    expect(screen.getByTestId('aug-save-status').textContent).toBe(
      'Saved: the next training run uses these settings.',
    );
  });

  it('says clearly when this service cannot make previews yet', async () => {
    await renderAugment();
    act(() =>
      api.emit('jobs:failed', {
        jobId: 'aug-1',
        kind: 'augment-preview',
        error: {
          code: 'UNKNOWN_JOB_KIND',
          message: 'The augment-preview job is not available in this build yet.',
        },
      }),
    );
    expect((await screen.findByTestId('aug-preview-error')).textContent).toMatch(
      /cannot make augmentation previews yet.*"Use for training" saves them/,
    );
  });

  it('a refused start (the image has no usable file) is shown with the service’s words', async () => {
    api.handlers['jobs:start'] = () => {
      throw new DeskfitError(
        'NOT_FOUND',
        'Item 0 has no usable image to preview (cat/img_000.jpg). Pick another image.',
      );
    };
    render(
      <ApiProvider api={api}>
        <AugmentPage />
      </ApiProvider>,
    );
    expect((await screen.findByTestId('aug-preview-error', {}, { timeout: 3000 })).textContent).toMatch(
      /Pick another image/,
    );
  });
});

describe('preview transitions', () => {
  it('a result that overtakes the start reply is kept and used', () => {
    let state = previewRequested(idlePreview, 1);
    state = previewJobDone(state, { jobId: 'j1', kind: 'augment-preview', result: result(4, 2, 'x') });
    expect(state.phase).toBe('loading');
    state = previewStarted(state, 1, 'j1');
    expect(state.phase).toBe('done');
    expect(state.result?.images).toHaveLength(2);
    expect(state.early).toEqual({});
  });

  it('a start reply for an old request changes nothing', () => {
    const state = previewRequested(previewRequested(idlePreview, 1), 2);
    expect(previewStarted(state, 1, 'j1')).toBe(state);
  });
});

describe('describeAugSettings', () => {
  it('sums up fastai’s defaults and says when nothing applies', () => {
    expect(describeAugSettings(defaultAugSettings)).toBe(
      'Flip 50%, rotate ±10°, zoom ×1–1.1, warp 0.2, lighting 0.2; reflection padding.',
    );
    expect(describeAugSettings({ ...defaultAugSettings, doFlip: false, pAffine: 0, pLighting: 0 })).toBe(
      'No augmentation: every image is shown as it is.',
    );
  });
});
