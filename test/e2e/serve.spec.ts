// A newcomer's first visit in a real browser: open the URL that `deskfit serve` prints, see every
// page, check the live backend in Settings, and run the self-test there until it passes.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { assertBuilt } from '../helpers/cli';
import { goTo, screenshots, serveDeskfit, stopDeskfit } from '../helpers/e2e';
import { chromiumPath } from '../../playwright.config';

const pages = ['Datasets', 'Label', 'Augment', 'Train', 'Interpret', 'Export', 'Settings'] as const;

let server: ChildProcess | undefined;
let url: string;
let origin: string;

test.beforeAll(async () => {
  assertBuilt();
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not at ${chromiumPath}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(screenshots, { recursive: true });
  ({ child: server, url, origin } = await serveDeskfit());
});

test.afterAll(async () => {
  await stopDeskfit(server);
});

test('without the token the server answers 401 and nothing else', async ({ request }) => {
  const res = await request.get(`${origin}/`);
  expect(res.status()).toBe(401);
  expect(await res.text()).toBe('Unauthorized\n');
  const asset = await request.get(`${origin}/index.html?token=wrong`);
  expect(asset.status()).toBe(401);
});

test('every page opens from the navigation', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(url);
  for (const name of pages) {
    await goTo(page, name);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }),
    ).toHaveAttribute('aria-current', 'page');
    await page.screenshot({ path: join(screenshots, `${name.toLowerCase()}.png`) });
  }
  expect(errors).toEqual([]);
});

test('Settings shows the live backend and runs the self-test to a falling loss', async ({ page }) => {
  await page.goto(url);
  await goTo(page, 'Settings');
  const live = page.getByTestId('live-backend');
  await expect(live).toHaveText(/^(wasm|cpu|tfjs-node|tfjs-node-gpu)$/);
  await page.getByRole('button', { name: 'Run self-test' }).click();
  const status = page.getByRole('status').filter({ hasText: /Self-test/ });
  await expect(status).toContainText('Self-test passed', { timeout: 90_000 });
  await expect(status).toContainText(`on ${(await live.textContent()) ?? ''}`);
  await page.screenshot({ path: join(screenshots, 'settings-selftest.png'), fullPage: true });
});
