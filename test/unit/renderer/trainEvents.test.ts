// Routing job events to the Train page: batch events are applied together, epochs and job ends at once;
// the job list adopts a training run started elsewhere and never overwrites a result that arrived.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bindStoreToApi, resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import { TrainParamsSchema, type JobProgress } from '../../../src/shared/contract';
import { FakeApi } from './helpers/fakeApi';

let api: FakeApi;
let unbind: () => void;

const batch = (jobId: string, step: number): JobProgress => ({
  jobId,
  kind: 'train',
  step,
  total: 10,
  message: 'batch',
  metrics: { epoch: 0, loss: 1 / step, smoothLoss: 1 / step, lr: 1e-3, mom: 0.9 },
});

beforeEach(() => {
  vi.useFakeTimers();
  resetDeskfitStore();
  api = new FakeApi({ 'jobs:list': () => [], 'projects:current': () => null, 'projects:recent': () => [] });
  unbind = bindStoreToApi(api);
});
afterEach(() => {
  unbind();
  vi.useRealTimers();
});

function startRun(jobId: string): void {
  useDeskfitStore.getState().trainStarting(TrainParamsSchema.parse({ epochs: 1, lr: 1e-3 }));
  useDeskfitStore.getState().trainStarted(jobId);
}

describe('training events', () => {
  it('applies batch events together after a short wait, and an epoch row at once', () => {
    startRun('t1');
    let updates = 0;
    const stop = useDeskfitStore.subscribe((s, p) => {
      if (s.train.run !== p.train.run) updates++;
    });
    for (let step = 1; step <= 5; step++) api.emit('jobs:progress', batch('t1', step));
    expect(useDeskfitStore.getState().train.run.batches).toHaveLength(0);
    vi.advanceTimersByTime(250);
    expect(useDeskfitStore.getState().train.run.batches).toHaveLength(5);
    expect(updates).toBe(1);

    api.emit('jobs:progress', batch('t1', 6));
    api.emit('jobs:progress', {
      jobId: 't1',
      kind: 'train',
      step: 6,
      total: 10,
      message: 'epoch',
      metrics: { epoch: 0, train_loss: 0.5, valid_loss: 0.4, seconds: 1 },
    });
    const run = useDeskfitStore.getState().train.run;
    expect(run.batches).toHaveLength(6);
    expect(run.epochs).toHaveLength(1);
    stop();
  });

  it('a job’s end flushes its last batches first and keeps its result when the job list changes', () => {
    startRun('t1');
    api.emit('jobs:progress', batch('t1', 1));
    api.emit('jobs:done', { jobId: 't1', kind: 'train', result: { run: 'run-1', lr: 1e-3, model: '/m' } });
    vi.advanceTimersByTime(10);
    const run = useDeskfitStore.getState().train.run;
    expect(run.phase).toBe('done');
    expect(run.batches).toHaveLength(1);
    expect(run.result).toMatchObject({ runId: 'run-1', lr: 1e-3, model: '/m' });
  });

  it('adopts a training run started in another window, so Stop and the charts work here', () => {
    api.emit('jobs:progress', batch('other', 3));
    vi.advanceTimersByTime(300);
    const run = useDeskfitStore.getState().train.run;
    expect(run.jobId).toBe('other');
    expect(run.phase).toBe('running');
    api.emit('jobs:progress', batch('other', 4));
    vi.advanceTimersByTime(300);
    expect(useDeskfitStore.getState().train.run.batches.map((b) => b.iter)).toEqual([3, 4]);
  });

  it('a run not listed yet (no event so far) is not taken for lost', () => {
    startRun('t1');
    api.emit('jobs:progress', { ...batch('sf', 1), kind: 'selftest' });
    vi.advanceTimersByTime(10);
    expect(useDeskfitStore.getState().train.run.phase).toBe('running');
  });
});
