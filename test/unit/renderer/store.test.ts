import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus, StatusSource } from '../../../src/renderer/src/api/wsClient';
import {
  applyDone,
  applyFailed,
  applyJobsListed,
  applyProgress,
  applySelftestStarted,
  applySelftestStarting,
  initialJobs,
  type JobsState,
} from '../../../src/renderer/src/store/jobsReducers';
import {
  bindStoreToApi,
  cancelSelftest,
  downsample,
  loadAppOverview,
  resetDeskfitStore,
  selectConnectionLabel,
  selectJobProgress,
  selectJobSummary,
  selectLiveBackend,
  selectPage,
  selectSelftest,
  startSelftest,
  useDeskfitStore,
} from '../../../src/renderer/src/store';
import type { JobProgress } from '../../../src/shared/contract';
import { DeskfitError } from '../../../src/shared/errors';
import { FakeApi } from './helpers/fakeApi';
import { appInfo, doctorReport, selftestResult } from './helpers/fixtures';

const progress = (step: number, loss?: number, jobId = 'j1'): JobProgress => ({
  jobId,
  kind: 'selftest',
  step,
  total: 4,
  ...(loss === undefined ? {} : { metrics: { loss } }),
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetDeskfitStore());
afterEach(() => vi.restoreAllMocks());

describe('navigation slice', () => {
  it('starts on Datasets and goes where it is told', () => {
    expect(selectPage(useDeskfitStore.getState())).toBe('datasets');
    useDeskfitStore.getState().goTo('settings');
    expect(selectPage(useDeskfitStore.getState())).toBe('settings');
  });

  it('resetDeskfitStore restores the initial state', () => {
    useDeskfitStore.getState().goTo('train');
    useDeskfitStore.getState().jobProgressed(progress(1, 0.5));
    resetDeskfitStore();
    const s = useDeskfitStore.getState();
    expect(s.navigation.page).toBe('datasets');
    expect(s.jobs).toEqual(initialJobs);
  });
});

describe('app slice', () => {
  it('loads app info and the doctor report together', async () => {
    const api = new FakeApi({ 'app:info': () => appInfo, 'backend:doctor': () => doctorReport });
    const pending = loadAppOverview(api);
    expect(useDeskfitStore.getState().app.loading).toBe(true);
    await pending;
    const s = useDeskfitStore.getState();
    expect(s.app).toEqual({ info: appInfo, doctor: doctorReport, loading: false, error: null });
    expect(selectLiveBackend(s)).toBe('wasm');
  });

  it('drops a second load while one is in flight', async () => {
    const api = new FakeApi({ 'app:info': () => appInfo, 'backend:doctor': () => doctorReport });
    await Promise.all([loadAppOverview(api), loadAppOverview(api)]);
    expect(api.callsTo('backend:doctor')).toHaveLength(1);
  });

  it('records a failure as plain error data and keeps what it had', async () => {
    const ok = new FakeApi({ 'app:info': () => appInfo, 'backend:doctor': () => doctorReport });
    await loadAppOverview(ok);
    const failing = new FakeApi({
      'app:info': () => appInfo,
      'backend:doctor': () => {
        throw new DeskfitError('DISCONNECTED', 'The connection was lost.');
      },
    });
    await loadAppOverview(failing);
    const { app } = useDeskfitStore.getState();
    expect(app.error).toEqual({ code: 'DISCONNECTED', message: 'The connection was lost.' });
    expect(app.doctor).toEqual(doctorReport);
    expect(app.loading).toBe(false);
  });
});

describe('jobs reducers', () => {
  const running = (): JobsState => applySelftestStarted(applySelftestStarting(initialJobs), 'j1');

  it('progress builds the loss series, the latest progress and the job list', () => {
    let s = running();
    s = applyProgress(s, progress(1, 0.7));
    s = applyProgress(s, progress(2, 0.6));
    s = applyProgress(s, progress(2, 0.59)); // same step again: replaced, not duplicated
    s = applyProgress(s, progress(3)); // no loss this step
    expect(s.selftest).toMatchObject({ phase: 'running', step: 3, total: 4, loss: 0.59 });
    expect(s.selftest.losses).toEqual([
      { step: 1, loss: 0.7 },
      { step: 2, loss: 0.59 },
    ]);
    expect(s.progress['j1']?.step).toBe(3);
    expect(s.list).toMatchObject([{ jobId: 'j1', kind: 'selftest', state: 'running' }]);
  });

  it('adopts the job id from events that overtake the jobs:start reply', () => {
    let s = applySelftestStarting(initialJobs);
    s = applyProgress(s, progress(1, 0.7, 'fast'));
    expect(s.selftest).toMatchObject({ jobId: 'fast', phase: 'running' });
    s = applyDone(s, { jobId: 'fast', kind: 'selftest', result: selftestResult() });
    s = applySelftestStarted(s, 'fast');
    expect(s.selftest.phase).toBe('done');
  });

  it('done validates the result and takes the series from it', () => {
    const result = selftestResult();
    const s = applyDone(running(), { jobId: 'j1', kind: 'selftest', result });
    expect(s.selftest).toMatchObject({ phase: 'done', result, step: 4, loss: 0.4, error: null });
    expect(s.selftest.losses.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(s.list[0]?.state).toBe('done');
  });

  it('done with a malformed result becomes a readable failure', () => {
    const s = applyDone(running(), {
      jobId: 'j1',
      kind: 'selftest',
      result: { backend: 'tpu', losses: 'x' },
    });
    expect(s.selftest.phase).toBe('failed');
    expect(s.selftest.result).toBeNull();
    expect(s.selftest.error?.code).toBe('BAD_RESULT');
    expect(s.selftest.error?.message).toMatch(/cannot read \(backend: .*losses: /);
  });

  it('failed and cancelled end the run with the error', () => {
    const failed = applyFailed(running(), {
      jobId: 'j1',
      kind: 'selftest',
      error: { code: 'TRAINER_CRASHED', message: 'The trainer process exited with code 134.' },
    });
    expect(failed.selftest).toMatchObject({ phase: 'failed', error: { code: 'TRAINER_CRASHED' } });
    expect(failed.list[0]?.state).toBe('failed');

    const cancelled = applyFailed(running(), {
      jobId: 'j1',
      kind: 'selftest',
      error: { code: 'CANCELLED', message: 'Cancelled.' },
    });
    expect(cancelled.selftest.phase).toBe('cancelled');
    expect(cancelled.list[0]?.state).toBe('cancelled');
  });

  it('ignores events of other jobs for the run on screen', () => {
    let s = applyProgress(running(), progress(1, 0.7));
    s = applyProgress(s, progress(5, 9, 'other'));
    s = applyDone(s, { jobId: 'other', kind: 'selftest', result: selftestResult() });
    expect(s.selftest).toMatchObject({ jobId: 'j1', phase: 'running', step: 1 });
    expect(s.list.map((j) => j.jobId)).toEqual(['j1', 'other']);
  });

  it('a job list after a reconnect settles a run whose end was missed', () => {
    const s = applyProgress(running(), progress(1, 0.7));
    const done = applyJobsListed(s, [
      { jobId: 'j1', kind: 'selftest', state: 'done', startedAt: 1, endedAt: 2 },
    ]);
    expect(done.selftest).toMatchObject({ phase: 'done', missedResult: true, result: null });

    const gone = applyJobsListed(s, []);
    expect(gone.selftest).toMatchObject({ phase: 'failed', error: { code: 'DISCONNECTED' } });
  });

  it('a job list shows a self-test already running (e.g. after a reload)', () => {
    const s = applyJobsListed(initialJobs, [
      { jobId: 'j7', kind: 'selftest', state: 'running', startedAt: 1, lastProgress: progress(2, 0.5, 'j7') },
    ]);
    expect(s.selftest).toMatchObject({ jobId: 'j7', phase: 'running', step: 2, loss: 0.5 });
    expect(s.progress['j7']?.step).toBe(2);
  });

  it('a stale job list does not resurrect a job an event already ended', () => {
    let s = applyDone(running(), { jobId: 'j1', kind: 'selftest', result: selftestResult() });
    s = applyJobsListed(s, [{ jobId: 'j1', kind: 'selftest', state: 'running', startedAt: 1 }]);
    expect(s.list[0]?.state).toBe('done');
    expect(s.selftest.phase).toBe('done');
  });
});

describe('selectors', () => {
  it('summarise the jobs for the status bar', () => {
    const store = useDeskfitStore.getState();
    expect(selectJobSummary(useDeskfitStore.getState())).toBe('Idle');
    store.selftestStarting();
    expect(selectJobSummary(useDeskfitStore.getState())).toBe('Starting self-test…');
    store.selftestStarted('j1');
    store.jobProgressed(progress(3, 0.5));
    expect(selectJobSummary(useDeskfitStore.getState())).toBe('Running self-test: step 3/4');
    store.jobDone({ jobId: 'j1', kind: 'selftest', result: selftestResult() });
    expect(selectJobSummary(useDeskfitStore.getState())).toBe('Idle');
  });

  it('name the connection state and pick one job’s progress', () => {
    const store = useDeskfitStore.getState();
    expect(selectConnectionLabel(useDeskfitStore.getState())).toBe('Connecting…');
    store.setConnection({ state: 'reconnecting', failedAttempts: 1 });
    expect(selectConnectionLabel(useDeskfitStore.getState())).toBe('Reconnecting…');
    store.setConnection({ state: 'error', failedAttempts: 4 });
    expect(selectConnectionLabel(useDeskfitStore.getState())).toBe('Connection error');
    store.jobProgressed(progress(2, 0.6, 'jx'));
    expect(selectJobProgress('jx')(useDeskfitStore.getState())?.step).toBe(2);
    expect(selectJobProgress('nope')(useDeskfitStore.getState())).toBeUndefined();
  });
});

describe('downsample', () => {
  it('keeps short series and thins long ones to the limit, keeping both ends', () => {
    expect(downsample([1, 2, 3], 10)).toEqual([1, 2, 3]);
    const long = Array.from({ length: 5000 }, (_, i) => i);
    const thin = downsample(long, 1000);
    expect(thin).toHaveLength(1000);
    expect(thin[0]).toBe(0);
    expect(thin[999]).toBe(4999);
    expect(() => downsample(long, 1)).toThrow(RangeError);
  });
});

describe('self-test actions', () => {
  it('start sends a selftest job and records the id; a start failure lands in the store', async () => {
    const api = new FakeApi({ 'jobs:start': () => ({ jobId: 'j1' }) });
    await startSelftest(api);
    expect(api.callsTo('jobs:start')).toEqual([
      { channel: 'jobs:start', input: { kind: 'selftest', params: {} } },
    ]);
    expect(selectSelftest(useDeskfitStore.getState())).toMatchObject({ jobId: 'j1', phase: 'running' });

    resetDeskfitStore();
    const broken = new FakeApi({
      'jobs:start': () => {
        throw new DeskfitError('BACKEND_UNAVAILABLE', 'No backend could start.');
      },
    });
    await startSelftest(broken);
    expect(selectSelftest(useDeskfitStore.getState())).toMatchObject({
      phase: 'failed',
      error: { code: 'BACKEND_UNAVAILABLE' },
    });
  });

  it('cancel asks for the job id on screen', async () => {
    const api = new FakeApi({
      'jobs:start': () => ({ jobId: 'j1' }),
      'jobs:cancel': () => ({ cancelled: true }),
    });
    await startSelftest(api);
    const pending = cancelSelftest(api);
    expect(selectSelftest(useDeskfitStore.getState()).phase).toBe('cancelling');
    await pending;
    expect(api.callsTo('jobs:cancel')).toEqual([{ channel: 'jobs:cancel', input: { jobId: 'j1' } }]);
  });
});

describe('bindStoreToApi', () => {
  it('feeds job events into the store and its disposer unsubscribes them', async () => {
    const api = new FakeApi({
      'jobs:list': () => [],
      'projects:current': () => null,
      'projects:recent': () => [],
    });
    const dispose = bindStoreToApi(api);
    expect(useDeskfitStore.getState().connection.state).toBe('connected');
    // The jobs slice listens, and so do the pages that follow their own jobs (Train, Interpret…).
    expect(api.listenerCount('jobs:progress')).toBeGreaterThan(0);
    await flush();
    expect(api.callsTo('jobs:list')).toHaveLength(1);

    useDeskfitStore.getState().selftestStarting();
    api.emit('jobs:progress', progress(1, 0.7));
    api.emit('jobs:done', { jobId: 'j1', kind: 'selftest', result: selftestResult() });
    expect(selectSelftest(useDeskfitStore.getState()).phase).toBe('done');

    dispose();
    expect(api.listenerCount('jobs:progress')).toBe(0);
    expect(api.listenerCount('jobs:done')).toBe(0);
    expect(api.listenerCount('jobs:failed')).toBe(0);
  });

  it('mirrors the WebSocket status and lists jobs again on every reconnect', async () => {
    const api = new FakeApi({
      'jobs:list': () => [],
      'projects:current': () => null,
      'projects:recent': () => [],
    });
    let push: (status: ConnectionStatus) => void = () => {};
    const source: StatusSource = {
      onStatus(listener) {
        push = listener;
        listener({ state: 'connecting', failedAttempts: 0 });
        return () => {
          push = () => {};
        };
      },
    };
    const dispose = bindStoreToApi(api, { statusSource: source });
    expect(useDeskfitStore.getState().connection.state).toBe('connecting');
    push({ state: 'connected', failedAttempts: 0 });
    push({ state: 'reconnecting', failedAttempts: 1 });
    expect(useDeskfitStore.getState().connection.state).toBe('reconnecting');
    push({ state: 'connected', failedAttempts: 0 });
    await flush();
    expect(api.callsTo('jobs:list')).toHaveLength(2);
    dispose();
    push({ state: 'error', failedAttempts: 9 });
    expect(useDeskfitStore.getState().connection.state).toBe('connected');
  });
});
