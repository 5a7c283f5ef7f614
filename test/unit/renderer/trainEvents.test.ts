// Routing job events to the Train page: batch events are applied together, epochs and job ends at once;
// the job list adopts a training run started elsewhere and never overwrites a result that arrived.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bindStoreToApi, resetDeskfitStore, useDeskfitStore } from '../../../src/renderer/src/store';
import { TrainParamsSchema, type JobInfo, type JobProgress } from '../../../src/shared/contract';
import { deferred } from './helpers/fakeDataset';
import { RunRecordSchema } from '../../../src/shared/training';
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

function runRecord() {
  return RunRecordSchema.parse({
    id: 'run-7',
    status: 'running',
    startedAt: 1,
    params: TrainParamsSchema.parse({ epochs: 2, fineTune: true, freezeEpochs: 1, lr: 1e-3 }),
    augmentation: null,
    backend: 'wasm',
    lr: 1e-3,
    classes: ['a', 'b'],
    balance: { classes: [], imbalance: 1 },
    epochs: [{ epoch: 0, train_loss: 0.9, valid_loss: 0.8, metrics: { error_rate: 0.3 }, seconds: 4 }],
    batches: [0, 4, 9].map((iter) => ({ iter, epoch: 0, loss: 1, smoothLoss: 1, lr: 1e-3, mom: 0.9 })),
    bestEpoch: 0,
    bestMetric: null,
    modelDir: null,
    checkpointEpoch: 0,
    seconds: 5,
    imagesPerSecond: null,
  });
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

  it('fills an adopted run (a reload mid-training) with its curves so far from its run record', async () => {
    unbind();
    resetDeskfitStore();
    let record = runRecord();
    api = new FakeApi({
      'jobs:list': () => [{ jobId: 'j7', kind: 'train', state: 'running', startedAt: 1, runId: 'run-7' }],
      'projects:current': () => null,
      'projects:recent': () => [],
      'runs:get': () => record,
    });
    unbind = bindStoreToApi(api);
    await vi.advanceTimersByTimeAsync(10);
    expect(api.callsTo('runs:get').map((c) => c.input)).toEqual([{ runId: 'run-7' }]);
    let run = useDeskfitStore.getState().train.run;
    expect(run).toMatchObject({ jobId: 'j7', phase: 'running', runId: 'run-7' });
    expect(run.plan.fits).toEqual([1, 2]);
    expect(run.batches.map((b) => b.iter)).toEqual([0, 4, 9]);
    expect(run.epochs.map((e) => [e.epoch, e.fitPhase, e.valid_loss])).toEqual([[0, 0, 0.8]]);

    // Live events continue the same curve, in the unfrozen fit.
    api.emit('jobs:progress', {
      ...batch('j7', 12),
      total: 30,
      metrics: { ...batch('j7', 12).metrics, epoch: 1 },
    });
    vi.advanceTimersByTime(300);
    run = useDeskfitStore.getState().train.run;
    expect(run.batches.map((b) => b.iter)).toEqual([0, 4, 9, 12]);
    expect(run.fitPhase).toBe(1);
    // The job list read again (a reconnect) does not fetch the record twice.
    useDeskfitStore.getState().jobsListed([...useDeskfitStore.getState().jobs.list]);
    await vi.advanceTimersByTimeAsync(10);
    expect(api.callsTo('runs:get')).toHaveLength(1);

    // The next epoch's row: the record (saved first) is read once more and fills the gap 9 → 12.
    const saved = runRecord();
    record = {
      ...saved,
      batches: [
        ...saved.batches,
        ...[10, 11, 14, 19].map((iter) => ({ ...saved.batches[0]!, iter, epoch: 1 })),
      ],
      epochs: [...saved.epochs, { epoch: 1, train_loss: 0.6, valid_loss: 0.5, metrics: {}, seconds: 4 }],
    };
    api.emit('jobs:progress', {
      ...batch('j7', 20),
      total: 30,
      metrics: { ...batch('j7', 20).metrics, epoch: 1 },
    });
    api.emit('jobs:progress', {
      jobId: 'j7',
      kind: 'train',
      step: 20,
      total: 30,
      message: 'epoch',
      metrics: { epoch: 1, train_loss: 0.6, valid_loss: 0.5, seconds: 4 },
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(api.callsTo('runs:get')).toHaveLength(2);
    run = useDeskfitStore.getState().train.run;
    expect(run.batches.map((b) => b.iter)).toEqual([0, 4, 9, 10, 11, 12, 20]);
    expect(run.epochs.map((e) => [e.epoch, e.fitPhase])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    // And never again.
    api.emit('jobs:progress', {
      jobId: 'j7',
      kind: 'train',
      step: 30,
      total: 30,
      message: 'epoch',
      metrics: { epoch: 2 },
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(api.callsTo('runs:get')).toHaveLength(2);
  });

  it('names and fills a run adopted from its events before the job list arrived', async () => {
    unbind();
    resetDeskfitStore();
    const listed = deferred<JobInfo[]>();
    api = new FakeApi({
      'jobs:list': () => listed.promise,
      'projects:current': () => null,
      'projects:recent': () => [],
      'runs:get': () => runRecord(),
    });
    unbind = bindStoreToApi(api);
    api.emit('jobs:progress', {
      ...batch('j7', 12),
      total: 30,
      metrics: { ...batch('j7', 12).metrics, epoch: 1 },
    });
    await vi.advanceTimersByTimeAsync(300);
    expect(useDeskfitStore.getState().train.run).toMatchObject({ jobId: 'j7', runId: null });
    expect(api.callsTo('runs:get')).toHaveLength(0);

    listed.resolve([{ jobId: 'j7', kind: 'train', state: 'running', startedAt: 1, runId: 'run-7' }]);
    await vi.advanceTimersByTimeAsync(10);
    const run = useDeskfitStore.getState().train.run;
    expect(run.runId).toBe('run-7');
    expect(run.batches.map((b) => b.iter)).toEqual([0, 4, 9, 12]);
    expect(run.plan.fits).toEqual([1, 2]);
  });

  it('a run not listed yet (no event so far) is not taken for lost', () => {
    startRun('t1');
    api.emit('jobs:progress', { ...batch('sf', 1), kind: 'selftest' });
    vi.advanceTimersByTime(10);
    expect(useDeskfitStore.getState().train.run.phase).toBe('running');
  });
});
