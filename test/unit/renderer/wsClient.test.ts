import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsApi, type ConnectionStatus, type WsApi } from '../../../src/renderer/src/api/wsClient';
import { DeskfitError } from '../../../src/shared/errors';
import { FakeWebSocket } from './helpers/fakeWebSocket';
import { doctorReport } from './helpers/fixtures';

const url = 'ws://127.0.0.1:7860/ws?token=secret';

function connectedClient(): { api: WsApi; ws: FakeWebSocket } {
  const api = createWsApi({ url, WebSocketImpl: FakeWebSocket });
  const ws = FakeWebSocket.latest();
  ws.open();
  return { api, ws };
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to be rejected');
    },
    (err: unknown) => err,
  );
}

beforeEach(() => {
  FakeWebSocket.reset();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createWsApi', () => {
  it('opens the given URL', () => {
    createWsApi({ url, WebSocketImpl: FakeWebSocket });
    expect(FakeWebSocket.latest().url).toBe(url);
  });

  it('sends a call and resolves with the value of its result', async () => {
    const { api, ws } = connectedClient();
    const reply = api.invoke('backend:doctor', {});
    expect(ws.messages()).toEqual([{ type: 'call', id: 1, channel: 'backend:doctor', input: {} }]);
    ws.receive({ type: 'result', id: 1, reply: { ok: true, value: doctorReport } });
    await expect(reply).resolves.toEqual(doctorReport);
  });

  it('matches results to calls by id, whatever the order', async () => {
    const { api, ws } = connectedClient();
    const first = api.invoke('jobs:start', { kind: 'selftest', params: {} });
    const second = api.invoke('jobs:cancel', { jobId: 'j9' });
    const [a, b] = ws.messages();
    ws.receive({ type: 'result', id: b!.id, reply: { ok: true, value: { cancelled: true } } });
    ws.receive({ type: 'result', id: a!.id, reply: { ok: true, value: { jobId: 'j1' } } });
    await expect(first).resolves.toEqual({ jobId: 'j1' });
    await expect(second).resolves.toEqual({ cancelled: true });
  });

  it('rejects with a DeskfitError carrying the code of an error reply', async () => {
    const { api, ws } = connectedClient();
    const reply = api.invoke('jobs:cancel', { jobId: 'nope' });
    ws.receive({
      type: 'result',
      id: 1,
      reply: {
        ok: false,
        error: { code: 'NOT_FOUND', message: 'No job "nope".', details: { jobId: 'nope' } },
      },
    });
    const err = await rejection(reply);
    expect(err).toBeInstanceOf(DeskfitError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'No job "nope".', details: { jobId: 'nope' } });
  });

  it('rejects a reply that does not match the contract output', async () => {
    const { api, ws } = connectedClient();
    const reply = api.invoke('jobs:start', { kind: 'selftest', params: {} });
    ws.receive({ type: 'result', id: 1, reply: { ok: true, value: { job: 42 } } });
    await expect(reply).rejects.toMatchObject({ code: 'BAD_REPLY' });
  });

  it('dispatches events to the listeners of that channel only, until disposed', () => {
    const { api, ws } = connectedClient();
    const progress = vi.fn();
    const done = vi.fn();
    const disposeProgress = api.on('jobs:progress', progress);
    api.on('jobs:done', done);

    const payload = { jobId: 'j1', kind: 'selftest', step: 1, total: 3, metrics: { loss: 0.7 } };
    ws.receive({ type: 'event', channel: 'jobs:progress', payload });
    expect(progress).toHaveBeenCalledWith(payload);
    expect(done).not.toHaveBeenCalled();

    disposeProgress();
    ws.receive({ type: 'event', channel: 'jobs:progress', payload: { ...payload, step: 2 } });
    expect(progress).toHaveBeenCalledTimes(1);

    ws.receive({
      type: 'event',
      channel: 'jobs:done',
      payload: { jobId: 'j1', kind: 'selftest', result: {} },
    });
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('drops malformed events, unknown channels and non-protocol messages without throwing', () => {
    const { api, ws } = connectedClient();
    const progress = vi.fn();
    api.on('jobs:progress', progress);
    ws.receive({ type: 'event', channel: 'jobs:progress', payload: { jobId: 'j1' } });
    ws.receive({ type: 'event', channel: 'jobs:exploded', payload: {} });
    ws.receive('not json');
    ws.receive({ type: 'mystery' });
    expect(progress).not.toHaveBeenCalled();
  });

  it('keeps dispatching to other listeners when one throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { api, ws } = connectedClient();
    const second = vi.fn();
    api.on('jobs:failed', () => {
      throw new Error('boom');
    });
    api.on('jobs:failed', second);
    ws.receive({
      type: 'event',
      channel: 'jobs:failed',
      payload: { jobId: 'j1', kind: 'selftest', error: { code: 'CANCELLED', message: 'Cancelled.' } },
    });
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('queues calls made before the socket opens and sends them in order on open', async () => {
    const api = createWsApi({ url, WebSocketImpl: FakeWebSocket });
    const ws = FakeWebSocket.latest();
    const info = api.invoke('app:info', {});
    const list = api.invoke('jobs:list', {});
    expect(ws.sent).toEqual([]);

    ws.open();
    expect(ws.messages().map((m) => m.channel)).toEqual(['app:info', 'jobs:list']);
    ws.receive({ type: 'result', id: 2, reply: { ok: true, value: [] } });
    ws.receive({
      type: 'result',
      id: 1,
      reply: {
        ok: true,
        value: { name: 'deskfit', version: '0.1.0', mode: 'web', node: '22', platform: 'linux', arch: 'x64' },
      },
    });
    await expect(list).resolves.toEqual([]);
    await expect(info).resolves.toMatchObject({ version: '0.1.0' });
  });

  it('rejects calls in flight with DISCONNECTED when the socket closes', async () => {
    vi.useFakeTimers();
    const { api, ws } = connectedClient();
    const reply = api.invoke('backend:doctor', {});
    ws.drop();
    const err = await rejection(reply);
    expect(err).toBeInstanceOf(DeskfitError);
    expect(err).toMatchObject({ code: 'DISCONNECTED' });
    expect((err as DeskfitError).message).toMatch(/connection to deskfit serve .* was lost/);
    expect((err as DeskfitError).message).not.toContain('secret');
    api.close();
  });

  it('reconnects with backoff, reports its status, and sends new calls on the new socket', async () => {
    vi.useFakeTimers();
    const statuses: ConnectionStatus['state'][] = [];
    const api = createWsApi({ url, WebSocketImpl: FakeWebSocket, initialDelayMs: 100, maxDelayMs: 1000 });
    api.onStatus((s) => statuses.push(s.state));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().drop();
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting']);
    expect(FakeWebSocket.instances).toHaveLength(1);

    vi.advanceTimersByTime(99);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    // The second attempt fails too: the next delay doubles.
    FakeWebSocket.latest().drop();
    vi.advanceTimersByTime(199);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);

    const reply = api.invoke('jobs:list', {});
    const ws = FakeWebSocket.latest();
    ws.open();
    expect(statuses[statuses.length - 1]).toBe('connected');
    expect(ws.messages()).toEqual([{ type: 'call', id: 1, channel: 'jobs:list', input: {} }]);
    ws.receive({ type: 'result', id: 1, reply: { ok: true, value: [] } });
    await expect(reply).resolves.toEqual([]);
    api.close();
  });

  it('reports error and rejects queued calls after repeated failures, but keeps retrying', async () => {
    vi.useFakeTimers();
    const api = createWsApi({ url, WebSocketImpl: FakeWebSocket, initialDelayMs: 10, errorAfterAttempts: 2 });
    const queued = api.invoke('app:info', {});
    FakeWebSocket.latest().drop();
    expect(api.status.state).toBe('reconnecting');
    vi.advanceTimersByTime(10);
    FakeWebSocket.latest().drop();
    expect(api.status.state).toBe('error');
    expect(api.status.message).toMatch(/Cannot reach deskfit serve at ws:\/\/127\.0\.0\.1:7860\/ws/);
    await expect(queued).rejects.toMatchObject({ code: 'DISCONNECTED' });

    vi.advanceTimersByTime(20);
    FakeWebSocket.latest().open();
    expect(api.status).toEqual({ state: 'connected', failedAttempts: 0 });
    api.close();
  });

  it('stops for good when the server refuses the token', async () => {
    vi.useFakeTimers();
    const { api, ws } = connectedClient();
    const reply = api.invoke('app:info', {});
    ws.receive({
      type: 'result',
      id: null,
      reply: { ok: false, error: { code: 'UNAUTHORIZED', message: 'Bad or missing token.' } },
    });
    ws.drop();
    await expect(reply).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(api.status).toMatchObject({ state: 'error', message: 'Bad or missing token.' });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('close() rejects pending calls, stops reconnecting and unsubscribes nothing it should not', async () => {
    vi.useFakeTimers();
    const { api, ws } = connectedClient();
    const reply = api.invoke('jobs:list', {});
    api.close();
    expect(ws.closedByClient).toBe(true);
    await expect(reply).rejects.toMatchObject({ code: 'DISCONNECTED' });
    expect(api.status.state).toBe('closed');
    await expect(api.invoke('jobs:list', {})).rejects.toMatchObject({ code: 'DISCONNECTED' });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('onStatus calls back at once and its disposer stops further calls', () => {
    vi.useFakeTimers();
    const api = createWsApi({ url, WebSocketImpl: FakeWebSocket });
    const seen = vi.fn();
    const dispose = api.onStatus(seen);
    expect(seen).toHaveBeenLastCalledWith({ state: 'connecting', failedAttempts: 0 });
    dispose();
    FakeWebSocket.latest().open();
    expect(seen).toHaveBeenCalledTimes(1);
    api.close();
  });
});
