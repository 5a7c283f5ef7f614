// The LR finder: its curve shaping (smoothing, y range, log ticks), the suggestion markers, and the
// panel driven by a fake Api: Find LR, live progress, suggestions as buttons that set the rate.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../../src/renderer/src/api/ApiContext';
import { LrFinderPanel } from '../../../src/renderer/src/features/train/LrFinderPanel';
import {
  decadeTicks,
  lrFinderRows,
  lrFinderYDomain,
  rowsFromResult,
  smoothLosses,
  suggestionMarkers,
} from '../../../src/renderer/src/features/train/lrFinderData';
import { bindStoreToApi, resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import { LrFindResultSchema } from '../../../src/renderer/src/store/trainReducers';
import { FakeApi } from './helpers/fakeApi';
import { FakeDataset, seedItems } from './helpers/fakeDataset';

describe('LR finder curve', () => {
  it('smooths like fastai’s SmoothLoss (debiased EMA, β 0.98) and stops at the first NaN', () => {
    const s = smoothLosses([1, 2, 3, Number.NaN, 1]);
    expect(s[0]).toBeCloseTo(1, 12);
    // avg1 = 0.02; avg2 = 0.98·0.02 + 0.02·2 = 0.0596; debiased / (1 − 0.98²) = 0.0396
    expect(s[1]).toBeCloseTo(0.0596 / 0.0396, 12);
    expect(s[3]).toBeNull();
    expect(s[4]).toBeNull();
  });

  it('joins raw and smoothed losses by rate, drops bad rates, downsamples', () => {
    const points = Array.from({ length: 1200 }, (_, i) => ({ lr: 1e-7 * 1.01 ** i, loss: 1 }));
    const rows = lrFinderRows(points, null, 500);
    expect(rows).toHaveLength(500);
    expect(rows[0]!.lr).toBe(points[0]!.lr);
    expect(
      lrFinderRows([
        { lr: 0, loss: 1 },
        { lr: 1e-3, loss: 2 },
      ]),
    ).toHaveLength(1);
    const fromResult = rowsFromResult([1e-5, 1e-4], [0.9, null], [{ lr: 1e-5, loss: 1.1 }]);
    expect(fromResult).toEqual([
      { lr: 1e-5, raw: 1.1, smooth: 0.9 },
      { lr: 1e-4, raw: null, smooth: null },
    ]);
  });

  it('clips the blow-up at the end from the y range', () => {
    const rows = [2.3, 2.2, 2, 1.5, 0.9, 0.6, 0.7, 1.5, 9, 40].map((smooth, i) => ({
      lr: 10 ** (i - 7),
      raw: smooth * 1.1,
      smooth,
    }));
    const [lo, hi] = lrFinderYDomain(rows)!;
    expect(hi).toBeCloseTo(2.2 * 1.25, 9); // a quarter over where the curve started (after the first tenth)
    expect(lo).toBeLessThan(0.6);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lrFinderYDomain([])).toBeNull();
  });

  it('ticks at each power of ten within the sweep', () => {
    expect(decadeTicks(1e-7, 10)).toEqual([1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10]);
    expect(decadeTicks(3e-6, 2e-4)).toEqual([1e-5, 1e-4]);
    expect(decadeTicks(0, 1)).toEqual([]);
  });

  it('marks each suggestion on the curve; minimum÷10 is drawn at the suggested rate', () => {
    const rows = [1e-5, 1e-4, 1e-3, 1e-2].map((lr, i) => ({ lr, raw: null, smooth: [2, 1.5, 0.8, 3][i]! }));
    const markers = suggestionMarkers(
      {
        valley: 1e-4,
        slide: 1e-3,
        minimum: 1e-4,
        steep: null,
        points: {
          valley: { lr: 1e-4, loss: 1.5 },
          slide: { lr: 1e-3, loss: 0.8 },
          minimum: { lr: 1e-3, loss: 0.8 },
        },
      },
      rows,
    );
    expect(markers).toEqual([
      { name: 'valley', lr: 1e-4, loss: 1.5 },
      { name: 'slide', lr: 1e-3, loss: 0.8 },
      { name: 'minimum', lr: 1e-4, loss: 1.5 },
    ]);
  });

  it('reads the job’s result even when NaN losses crossed JSON as null', () => {
    const parsed = LrFindResultSchema.parse(
      JSON.parse(
        JSON.stringify({
          backend: 'wasm',
          suggestions: {
            valley: 1e-3,
            slide: 2e-3,
            minimum: 1e-4,
            steep: 5e-4,
            points: null,
            problem: null,
            used: 3,
          },
          lrs: [1e-4, 1e-3, 1e-2],
          losses: [1, 0.5, Number.NaN],
        }),
      ),
    );
    expect(parsed.losses).toEqual([1, 0.5, null]);
    expect(parsed.suggestions.valley).toBe(1e-3);
  });
});

describe('LrFinderPanel', () => {
  let api: FakeApi;
  let unbind: () => void;
  const lrs = Array.from({ length: 30 }, (_, i) => 1e-7 * 10 ** (i / 3.5));
  const losses = lrs.map((_, i) => (i < 20 ? 2 - i * 0.08 : 0.4 + (i - 20) * 0.5));

  beforeEach(() => {
    resetDeskfitStore();
    const data = new FakeDataset(seedItems(6));
    api = new FakeApi({
      ...data.handlers(),
      'jobs:list': () => [],
      'jobs:start': () => ({ jobId: 'find-1' }),
      'jobs:cancel': () => ({ cancelled: true }),
    });
    unbind = bindStoreToApi(api);
  });
  afterEach(() => {
    cleanup();
    unbind();
  });

  async function renderPanel(): Promise<void> {
    render(
      <ApiProvider api={api}>
        <LrFinderPanel />
      </ApiProvider>,
    );
    await waitFor(() => expect(useDeskfitStore.getState().project.current).not.toBeNull());
  }

  it('Find LR runs the sweep on the chosen model; suggestions become buttons that set the rate', async () => {
    await renderPanel();
    await act(async () => fireEvent.click(screen.getByTestId('find-lr')));
    expect(api.callsTo('jobs:start')[0]?.input).toEqual({
      kind: 'lr-find',
      params: { arch: 'resnet18', size: 64, batchSize: 64, seed: 42, start: 1e-7, end: 10, numIt: 100 },
    });
    expect((screen.getByTestId('find-lr') as HTMLButtonElement).disabled).toBe(true);

    act(() => {
      for (let i = 0; i < 5; i++) {
        api.emit('jobs:progress', {
          jobId: 'find-1',
          kind: 'lr-find',
          step: i + 1,
          total: 100,
          message: 'lr-find',
          metrics: { lr: lrs[i]!, loss: losses[i]! },
        });
      }
    });
    await waitFor(() =>
      expect(screen.getByTestId('lr-find-progress').textContent).toBe('Sweeping: step 5 of 100'),
    );
    expect(screen.getByTestId('lr-finder-chart')).toBeTruthy();
    expect(useDeskfitStore.getState().train.lrFinder.points).toHaveLength(5);

    act(() =>
      api.emit('jobs:done', {
        jobId: 'find-1',
        kind: 'lr-find',
        result: {
          backend: 'wasm',
          suggestions: {
            valley: lrs[12],
            slide: lrs[17],
            minimum: lrs[19]! / 10,
            steep: lrs[8],
            points: {
              valley: { lr: lrs[12], loss: losses[12] },
              slide: { lr: lrs[17], loss: losses[17] },
              minimum: { lr: lrs[19], loss: losses[19] },
              steep: { lr: lrs[8], loss: losses[8] },
            },
            used: 25,
            problem: null,
          },
          lrs,
          losses,
        },
      }),
    );
    const valley = await screen.findByTestId('lr-suggestion-valley');
    expect(valley.textContent).toContain('Valley');
    for (const name of ['slide', 'minimum', 'steep'])
      expect(screen.getByTestId(`lr-suggestion-${name}`)).toBeTruthy();
    expect(screen.getByTestId('advice').textContent).toMatch(/usable curve/);

    fireEvent.click(screen.getByTestId('lr-suggestion-steep'));
    expect(useDeskfitStore.getState().train.form.lr).toBe(lrs[8]);
    expect(screen.getByTestId('lr-suggestion-steep').getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByTestId('lr-input') as HTMLInputElement).value).toBe('1.93e-5');

    fireEvent.click(screen.getByTestId('use-lr'));
    expect(useDeskfitStore.getState().train.form.lr).toBe(lrs[12]);
  });

  it('a typed rate is checked; "auto" leaves the choice to the finder', async () => {
    await renderPanel();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Let the LR finder choose' }));
    expect(useDeskfitStore.getState().train.form.lr).toBe(1e-3);
    const input = screen.getByTestId('lr-input') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '3e-4' } });
    expect(useDeskfitStore.getState().train.form.lr).toBe(3e-4);
    fireEvent.change(input, { target: { value: 'fast' } });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/Enter a number/);
    expect(useDeskfitStore.getState().train.form.lr).toBe(3e-4);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Let the LR finder choose' }));
    expect(useDeskfitStore.getState().train.form.lr).toBe('auto');
  });

  it('says why when the finder fails', async () => {
    await renderPanel();
    await act(async () => fireEvent.click(screen.getByTestId('find-lr')));
    act(() =>
      api.emit('jobs:failed', {
        jobId: 'find-1',
        kind: 'lr-find',
        error: { code: 'NO_PROJECT', message: 'No project is open.' },
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toBe('The LR finder failed: No project is open.');
    expect((screen.getByTestId('find-lr') as HTMLButtonElement).disabled).toBe(false);
  });
});
