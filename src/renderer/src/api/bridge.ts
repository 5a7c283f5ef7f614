/**
 * Picks the transport once: inside Electron the sandboxed preload exposes `window.api`; in a browser
 * the page talks to `deskfit serve` over a WebSocket on the host that served it, carrying the token
 * that serve printed in its URL.
 */
import type { Api } from '../../../shared/contract';
import { DeskfitError } from '../../../shared/errors';
import { createWsApi, type StatusSource, type WsApi } from './wsClient';

/** Thrown by `getApi` in a browser when the page URL has no `?token=`. */
export class MissingTokenError extends DeskfitError {
  constructor() {
    super(
      'UNAUTHORIZED',
      'This page needs the access token of deskfit serve. Open the URL that `deskfit serve` printed ' +
        'when it started (it ends in ?token=…).',
    );
    this.name = 'MissingTokenError';
  }
}

export function readToken(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token === null || token.trim() === '' ? null : token.trim();
}

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

let wsSingleton: WsApi | null = null;

/** The Api for this page: the preload's in Electron, else one shared WebSocket client. */
export function getApi(): Api {
  if (window.api !== undefined) return window.api;
  if (wsSingleton !== null) return wsSingleton;
  const token = readToken(window.location.search);
  if (token === null) throw new MissingTokenError();
  wsSingleton = createWsApi({ url: webSocketUrl(window.location, token) });
  return wsSingleton;
}

/** The connection status of the WebSocket client, or null inside Electron (IPC does not drop). */
export function getStatusSource(): StatusSource | null {
  return window.api !== undefined ? null : wsSingleton;
}

/** Closes and forgets the WebSocket singleton (tests, and a future "reconnect with a new token"). */
export function resetApi(): void {
  wsSingleton?.close();
  wsSingleton = null;
}
