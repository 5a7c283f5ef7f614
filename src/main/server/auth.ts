/**
 * Token checks for `deskfit serve`: like Jupyter, a random token printed in the URL. The first page
 * load carries it in `?token=`; the server then sets a strict same-site cookie so the page's own
 * asset requests pass, and the WebSocket must carry the token in its URL.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenCookieName = 'deskfit_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === tokenCookieName) return rest.join('=');
  }
  return undefined;
}

/** Host header must name this server (blocks DNS-rebinding pages from reaching a loopback server). */
export function hostAllowed(hostHeader: string | undefined, allowedHosts: readonly string[]): boolean {
  if (!hostHeader) return false;
  const host = hostHeader
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return allowedHosts.includes(host);
}
