/**
 * `deskfit serve`: the built renderer over HTTP and the contract over a WebSocket, so the app runs in
 * any browser (or against a bigger machine through a tunnel). Loopback unless told otherwise; every
 * HTTP and WebSocket request needs the token, or it gets a bare 401.
 */
import { maxInlineBase64Chars } from '../../shared/contract';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessageSchema, type ServerMessage } from '../../shared/wire';
import { describeZodError } from '../../shared/errors';
import { isMediaPath, serveMedia } from '../service/media';
import type { Service } from '../service/service';
import { cookieToken, hostAllowed, newToken, tokenCookieName, tokensEqual } from './auth';
import { securityHeaders } from './securityHeaders';
import { contentTypeFor, defaultRendererDir, resolveStaticFile } from './staticFiles';

/**
 * The largest WebSocket message: the biggest request the contract allows is "Try it" images sent
 * inline (`maxInlineBase64Chars` in total), so the limit sits just above it. Only a client that
 * holds the token gets this far.
 */
export const maxWsMessageBytes = maxInlineBase64Chars + 1024 * 1024;

export interface ServeOptions {
  service: Service;
  host?: string;
  port?: number;
  token?: string;
  rendererDir?: string;
  /** Largest WebSocket message accepted, in bytes (default `maxWsMessageBytes`). */
  maxMessageBytes?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly token: string;
  close(): Promise<void>;
}

const loopbackHosts = ['127.0.0.1', 'localhost', '::1'];

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** A browser's Origin must be this very server (blocks cross-site WebSocket hijacking). */
function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  return (
    hostHeader !== undefined && (origin === `http://${hostHeader}` || origin === `https://${hostHeader}`)
  );
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const service = options.service;
  const checkHost = isLoopback(host);

  const authorized = (req: IncomingMessage, url: URL, allowCookie: boolean): boolean => {
    if (checkHost && !hostAllowed(req.headers.host, loopbackHosts)) return false;
    return (
      tokensEqual(token, url.searchParams.get('token')) ||
      (allowCookie && tokensEqual(token, cookieToken(req)))
    );
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!authorized(req, url, true)) return refuse(res, 401, 'Unauthorized');
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
      if (isMediaPath(url.pathname)) {
        const media = await serveMedia(service.projects, url.pathname + url.search);
        if (!media) return refuse(res, 404, 'Not found');
        res.writeHead(200, {
          ...securityHeaders,
          'Content-Type': media.contentType,
          'Cache-Control': media.cacheControl,
        });
        res.end(req.method === 'HEAD' ? undefined : media.body);
        return;
      }
      const file = resolveStaticFile(rendererDir, url.pathname);
      if (!file) return refuse(res, 404, 'Not found');
      const body = await readFile(file);
      const headers: Record<string, string> = {
        ...securityHeaders,
        'Content-Type': contentTypeFor(file),
        'Cache-Control': 'no-cache',
      };
      if (url.searchParams.has('token')) {
        headers['Set-Cookie'] = `${tokenCookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) refuse(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes ?? maxWsMessageBytes,
  });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!authorized(req, url, false)) return refuseUpgrade(socket, '401 Unauthorized');
    const origin = req.headers.origin;
    if (url.pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found');
    if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
      return refuseUpgrade(socket, '403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let raw: unknown;
        try {
          raw = JSON.parse(isBinary ? '' : data.toString());
        } catch {
          return send(ws, {
            type: 'result',
            id: null,
            reply: { ok: false, error: { code: 'BAD_REQUEST', message: 'Message is not valid JSON.' } },
          });
        }
        const parsed = ClientMessageSchema.safeParse(raw);
        if (!parsed.success) {
          const id =
            typeof raw === 'object' && raw !== null && 'id' in raw && Number.isInteger(raw.id)
              ? (raw.id as number)
              : null;
          const { message, details } = describeZodError('message', parsed.error);
          return send(ws, {
            type: 'result',
            id,
            reply: { ok: false, error: { code: 'BAD_REQUEST', message, details } },
          });
        }
        const reply = await service.dispatch(parsed.data.channel, parsed.data.input);
        send(ws, { type: 'result', id: parsed.data.id, reply });
      })();
    });
  });

  const stopForwarding = service.events.onAny((channel, payload) => {
    for (const ws of clients) send(ws, { type: 'event', channel, payload });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    host,
    token,
    close: async () => {
      stopForwarding();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolvePromise) => wss.close(() => resolvePromise()));
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}
