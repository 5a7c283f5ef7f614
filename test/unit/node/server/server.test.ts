import { maxInlineBase64Chars } from '../../../../src/shared/contract';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../../src/main/server/server';
import { createService, type Service } from '../../../../src/main/service/service';
import { maxItemIdsPerRequest } from '../../../../src/shared/contract';
import type { ServerMessage } from '../../../../src/shared/wire';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';

let server: RunningServer;
let service: Service;
let base: string;
const spawn = fakeTrainerFactory();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deskfit-serve-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>deskfit</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'deskfit-secret.txt'), 'secret');
  service = createService({ mode: 'web', spawnTrainer: spawn });
  server = await startServer({ service, port: 0, rendererDir: dir, token: 'test-token-123' });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  service.dispose();
});

function open(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket, predicate: (m: ServerMessage) => boolean = () => true): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (predicate(message)) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('deskfit serve over HTTP', () => {
  it('binds loopback and prints a URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=test-token-123`);
  });

  it.each([
    ['no token', '/'],
    ['a wrong token', '/?token=wrong'],
    ['a token of another length', '/?token=test-token-1234'],
    ['an asset without token', '/assets/app.js'],
  ])('answers %s with a bare 401', async (_label, path) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('Unauthorized\n');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('serves the page with the token, with CSP, and a strict cookie for its assets', async () => {
    const res = await fetch(`${base}/?token=test-token-123`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>deskfit</title>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
  });

  it('refuses paths that escape the renderer folder', async () => {
    for (const path of [
      '/../deskfit-secret.txt',
      '/%2e%2e/deskfit-secret.txt',
      '/assets/..%2f..%2fdeskfit-secret.txt',
    ]) {
      const res = await fetch(`${base}${path}?token=test-token-123`);
      expect(res.status).toBe(404);
    }
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/?token=test-token-123',
          headers: { Host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
    });
    expect(status).toBe(401);
  });
});

describe('deskfit serve over WebSocket', () => {
  it('refuses a socket without the token, with a wrong one, or from another origin', async () => {
    await expect(open('/ws')).rejects.toThrow('HTTP 401');
    await expect(open('/ws?token=nope')).rejects.toThrow('HTTP 401');
    await expect(open('/ws?token=test-token-123', { Origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
  });

  it('carries a request and its reply', async () => {
    const ws = await open('/ws?token=test-token-123', { Origin: `http://127.0.0.1:${server.port}` });
    const reply = next(ws);
    ws.send(JSON.stringify({ type: 'call', id: 7, channel: 'app:info', input: {} }));
    expect(await reply).toMatchObject({
      type: 'result',
      id: 7,
      reply: { ok: true, value: { name: 'deskfit', mode: 'web' } },
    });
    ws.close();
  });

  it('carries a request with as many item ids as the contract allows (one part of a big selection)', async () => {
    const ws = await open('/ws?token=test-token-123');
    const itemIds = Array.from({ length: maxItemIdsPerRequest }, (_, i) => 9_999_999 - i);
    const message = JSON.stringify({
      type: 'call',
      id: 4,
      channel: 'items:stageIds',
      input: { selectionId: 'sel-0123456789abcdef', itemIds },
    });
    expect(message.length).toBeLessThan(1024 * 1024);
    const reply = next(ws);
    ws.send(message);
    // Received and dispatched (no project is open here), not dropped for its size.
    expect(await reply).toMatchObject({ id: 4, reply: { ok: false, error: { code: 'NO_PROJECT' } } });
    ws.close();
  });

  it('carries the largest "Try it" request the contract allows (40 MB of images, base64)', async () => {
    const ws = await open('/ws?token=test-token-123');
    const base64 = 'A'.repeat(Math.floor(maxInlineBase64Chars / 2) - 8);
    const message = JSON.stringify({
      type: 'call',
      id: 5,
      channel: 'jobs:start',
      input: {
        kind: 'predict',
        params: {
          modelDir: '/nowhere',
          source: {
            inline: [
              { name: 'a.jpg', base64 },
              { name: 'b.jpg', base64 },
            ],
          },
        },
      },
    });
    expect(message.length).toBeGreaterThan(50 * 1024 * 1024);
    const reply = next(ws);
    ws.send(message);
    // Received and dispatched (a job id comes back), not dropped for its size.
    expect(await reply).toMatchObject({ type: 'result', id: 5 });
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });

  it('refuses bad JSON, unknown channels and bad payloads, and keeps serving', async () => {
    const ws = await open('/ws?token=test-token-123');
    let reply = next(ws);
    ws.send('{not json');
    expect(await reply).toMatchObject({
      id: null,
      reply: { ok: false, error: { code: 'BAD_REQUEST', message: 'Message is not valid JSON.' } },
    });

    reply = next(ws);
    ws.send(JSON.stringify({ type: 'call', id: 'x', channel: 'app:info' }));
    expect(await reply).toMatchObject({ id: null, reply: { ok: false, error: { code: 'BAD_REQUEST' } } });

    reply = next(ws);
    ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'shell:exec', input: { cmd: 'rm -rf /' } }));
    expect(await reply).toMatchObject({ id: 1, reply: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });

    const before = spawn.spawned.length;
    reply = next(ws);
    ws.send(
      JSON.stringify({
        type: 'call',
        id: 2,
        channel: 'jobs:start',
        input: { kind: 'selftest', params: { steps: 1e9 } },
      }),
    );
    expect(await reply).toMatchObject({ id: 2, reply: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(spawn.spawned.length).toBe(before);

    reply = next(ws);
    ws.send(JSON.stringify({ type: 'call', id: 3, channel: 'jobs:list', input: {} }));
    expect(await reply).toMatchObject({ id: 3, reply: { ok: true } });
    ws.close();
  });

  it('forwards service events to connected clients', async () => {
    const ws = await open('/ws?token=test-token-123');
    const event = next(ws, (m) => m.type === 'event');
    const start = next(ws);
    ws.send(
      JSON.stringify({ type: 'call', id: 9, channel: 'jobs:start', input: { kind: 'selftest', params: {} } }),
    );
    const started = await start;
    const jobId =
      started.type === 'result' && started.reply.ok ? (started.reply.value as { jobId: string }).jobId : '';
    spawn.spawned.at(-1)!.emit({ type: 'progress', jobId, step: 1, total: 30, metrics: { loss: 0.5 } });
    expect(await event).toEqual({
      type: 'event',
      channel: 'jobs:progress',
      payload: { jobId, kind: 'selftest', step: 1, total: 30, metrics: { loss: 0.5 } },
    });
    ws.close();
  });
});
