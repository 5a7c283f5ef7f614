// The Electron shell's security settings, checked without starting Electron.
import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { registerIpcHandlers, type IpcMainLike } from '../../../../src/main/electron/ipcRegistry';
import {
  appStartUrl,
  isAllowedNavigation,
  isExternalHttpLink,
  isTrustedSenderUrl,
  mainWindowOptions,
} from '../../../../src/main/electron/windowOptions';
import { contentSecurityPolicy } from '../../../../src/main/server/securityHeaders';
import { requestNames } from '../../../../src/shared/contract';
import type { Reply } from '../../../../src/shared/wire';
import { createService } from '../../../../src/main/service/service';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';

describe('main window options', () => {
  const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;
  it('isolates and sandboxes the page with no Node integration', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
});

describe('content security policy', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
  it('allows scripts from the app only: no inline, no eval, no remote', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('navigation and senders', () => {
  it('trusts only the app origin (and the dev server when given)', () => {
    expect(isTrustedSenderUrl(appStartUrl)).toBe(true);
    expect(isTrustedSenderUrl('app://deskfit/nested/page')).toBe(true);
    expect(isTrustedSenderUrl('app://other/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://evil.example/')).toBe(false);
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isTrustedSenderUrl('not a url')).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
  it('denies navigation away from the app and opens only http(s) links outside', () => {
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation(appStartUrl)).toBe(true);
    expect(isExternalHttpLink('https://docs.fast.ai')).toBe(true);
    expect(isExternalHttpLink('file:///etc/passwd')).toBe(false);
    expect(isExternalHttpLink('javascript:alert(1)')).toBe(false);
  });
});

describe('IPC registry', () => {
  function setup() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Reply>>();
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    };
    const spawn = fakeTrainerFactory();
    const service = createService({ mode: 'electron', spawnTrainer: spawn });
    const dispose = registerIpcHandlers({
      ipcMain,
      dispatch: (c, i) => service.dispatch(c, i),
      isTrustedSender: (url) => isTrustedSenderUrl(url),
    });
    const call = (channel: string, input: unknown, url = appStartUrl) =>
      handlers.get(channel)!({ senderFrame: { url } } as unknown as IpcMainInvokeEvent, input);
    return { handlers, dispose, call, spawn };
  }

  it('registers one handler per contract request and removes them all', () => {
    const { handlers, dispose } = setup();
    expect([...handlers.keys()].sort()).toEqual([...requestNames].sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('refuses a request from a foreign frame without running it', async () => {
    const { call, spawn } = setup();
    const reply = await call('jobs:start', { kind: 'selftest', params: {} }, 'https://evil.example/');
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(spawn.spawned).toHaveLength(0);
  });

  it('validates input and answers trusted calls', async () => {
    const { call, spawn } = setup();
    expect(await call('jobs:start', { kind: 'selftest', params: { seed: -1 } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(spawn.spawned).toHaveLength(0);
    expect(await call('app:info', {})).toMatchObject({ ok: true, value: { mode: 'electron' } });
  });
});
