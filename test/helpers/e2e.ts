// What the browser end-to-end specs share: `deskfit serve` started on a free port and stopped again,
// the screenshots folder, and moving between pages through the sidebar.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { assertBuilt, repoRoot, startDeskfit, waitFor } from './cli';

export const screenshots = join(repoRoot, 'test-results', 'screenshots');

/** The address `deskfit serve` prints; group 1 is its origin. */
const servedUrl = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=[\w-]+/;

export interface ServedDeskfit {
  child: ChildProcess;
  /** The URL with the token, as printed. */
  url: string;
  /** Scheme, host and port, without the token. */
  origin: string;
}

/** Starts `deskfit serve --port 0` (plus `args`) and resolves once it prints its URL. */
export async function serveDeskfit(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<ServedDeskfit> {
  const started = await startDeskfit(['serve', '--port', '0', ...args], servedUrl, env);
  return { child: started.child, url: started.match[0], origin: started.match[1]! };
}

/** Asks the server to stop and waits (up to 5 s) until it has. */
export async function stopDeskfit(server: ChildProcess | undefined): Promise<void> {
  if (server === undefined) return;
  server.kill('SIGTERM');
  await waitFor(() => server.exitCode !== null || server.signalCode !== null, 5_000);
}

/** Opens a page from the sidebar and waits for its heading. */
export async function goTo(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

/** Types a number into the field labelled `label`, leaves it, and waits until the form holds it. */
export async function setNumber(page: Page, label: string, value: number): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(String(value));
  await field.press('Tab');
  await expect(field).toHaveValue(String(value));
}

export interface ServedWorkspace {
  /** The served URL with its token (set once the spec's `beforeAll` has run). */
  readonly url: string;
  /** The spec's temporary folder (fixtures, DESKFIT_HOME, anything it writes). */
  readonly work: string;
}

/**
 * A spec's set-up and clean-up: a temporary folder, `prepare` (fixtures; it may return extra
 * `deskfit serve` arguments, such as a project), then `deskfit serve` with its own DESKFIT_HOME; after
 * the spec, the server stops and the folder goes.
 */
export function useServedWorkspace(
  prefix: string,
  prepare: (work: string, env: NodeJS.ProcessEnv) => Promise<string[] | void>,
): ServedWorkspace {
  const state = { url: '', work: '', server: undefined as ChildProcess | undefined };
  test.beforeAll(async () => {
    assertBuilt();
    state.work = mkdtempSync(join(tmpdir(), prefix));
    const env = { DESKFIT_HOME: join(state.work, 'home') };
    const args = (await prepare(state.work, env)) ?? [];
    ({ child: state.server, url: state.url } = await serveDeskfit(env, args));
  });
  test.afterAll(async () => {
    await stopDeskfit(state.server);
    if (state.work !== '') rmSync(state.work, { recursive: true, force: true });
  });
  return {
    get url() {
      return state.url;
    },
    get work() {
      return state.work;
    },
  };
}
