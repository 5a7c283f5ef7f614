import { afterEach, describe, expect, it } from 'vitest';
import {
  MissingTokenError,
  getApi,
  getStatusSource,
  readToken,
  resetApi,
  webSocketUrl,
} from '../../../src/renderer/src/api/bridge';
import { FakeApi } from './helpers/fakeApi';

afterEach(() => {
  resetApi();
  delete window.api;
  window.history.replaceState(null, '', '/');
});

describe('readToken', () => {
  it('reads ?token= and ignores blanks', () => {
    expect(readToken('?token=abc123')).toBe('abc123');
    expect(readToken('?x=1&token=a%2Bb')).toBe('a+b');
    expect(readToken('?token=')).toBeNull();
    expect(readToken('')).toBeNull();
  });
});

describe('webSocketUrl', () => {
  it('uses ws on http and wss on https, on the same host, with the token', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:7860' }, 'abc')).toBe(
      'ws://127.0.0.1:7860/ws?token=abc',
    );
    expect(webSocketUrl({ protocol: 'https:', host: 'gpu.example.org' }, 'a b')).toBe(
      'wss://gpu.example.org/ws?token=a%20b',
    );
  });
});

describe('getApi', () => {
  it('returns the preload api inside Electron', () => {
    const api = new FakeApi();
    window.api = api;
    expect(getApi()).toBe(api);
    expect(getStatusSource()).toBeNull();
  });

  it('throws MissingTokenError in a browser without a token', () => {
    expect(() => getApi()).toThrow(MissingTokenError);
    expect(() => getApi()).toThrow(/URL that `deskfit serve` printed/);
  });

  it('returns one WebSocket client in a browser with a token', () => {
    window.history.replaceState(null, '', '/?token=abc');
    const api = getApi();
    expect(getApi()).toBe(api);
    expect(getStatusSource()).toBe(api);
  });
});
