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
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
}

/** Starts `deskfit serve --port 0` (plus `args`) and resolves once it prints its URL. */
export async function serveDeskfit(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<ServedDeskfit> {
  const started = await startDeskfit(['serve', '--port', '0', ...args], servedUrl, env);
  return { child: started.child, url: started.match[0], origin: started.match[1]!, output: started.output };
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

/**
 * In the browser folder picker: types `folder`, opens it, waits until `child` is listed in it, and
 * chooses the folder.
 */
export async function chooseFolderInPicker(page: Page, folder: string, child: string): Promise<void> {
  const picker = page.getByRole('dialog', { name: 'Choose a folder' });
  // The picker first lists the home folder and puts its path in the box. Arriving between fill's
  // select-all and its typing, that path would prefix the typed one, so wait for it first.
  await expect(picker.locator('[aria-busy]')).toHaveAttribute('aria-busy', 'false');
  const path = picker.getByRole('textbox', { name: 'Folder path' });
  await path.fill(folder);
  await expect(path).toHaveValue(folder);
  await picker.getByRole('button', { name: 'Go' }).click();
  await expect(picker.getByRole('button', { name: child, exact: true })).toBeVisible();
  await picker.getByRole('button', { name: 'Choose this folder' }).click();
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
  const state = { url: '', work: '', server: undefined as ServedDeskfit | undefined };
  test.beforeAll(async () => {
    assertBuilt();
    state.work = mkdtempSync(join(tmpdir(), prefix));
    const env = { DESKFIT_HOME: join(state.work, 'home') };
    const args = (await prepare(state.work, env)) ?? [];
    state.server = await serveDeskfit(env, args);
    state.url = state.server.url;
  });
  test.afterEach(async ({ page }, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus) return;
    // What a failure on another machine needs to be understood: the alerts on the page, the server's log.
    const alerts = await page
      .getByRole('alert')
      .allInnerTexts()
      .catch(() => []);
    console.log(`Alerts on the page when "${testInfo.title}" failed: ${JSON.stringify(alerts)}`);
    console.log(`deskfit serve printed:\n${state.server?.output().slice(-4_000) ?? '(not started)'}`);
  });
  test.afterAll(async () => {
    await stopDeskfit(state.server?.child);
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
