// The Electron app itself, where an Electron binary exists. On machines where it could not be
// downloaded (offline CI), the test is skipped and says why.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { repoRoot } from '../helpers/cli';

function electronBinary(): { path?: string; why?: string } {
  const pkgDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      why: 'the Electron binary is not installed (node_modules/electron/path.txt is missing; it cannot be downloaded on this machine)',
    };
  }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { why: `the Electron binary ${binary} is missing` };
}

test('the Electron window opens the app with the secure preload bridge', async () => {
  const { path, why } = electronBinary();
  if (!path) console.log(`Electron e2e skipped: ${why}.`);
  test.skip(!path, `Electron e2e skipped: ${why}`);
  const app = await electron.launch({
    executablePath: path,
    args: [join(repoRoot, 'out', 'main', 'index.js')],
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
    const hasNode = await window.evaluate(
      () => typeof (globalThis as { require?: unknown }).require !== 'undefined',
    );
    expect(hasNode).toBe(false);
    const info = await window.evaluate(() => {
      const bridge = (globalThis as { api?: { invoke(channel: string, input: object): Promise<unknown> } })
        .api;
      return bridge?.invoke('app:info', {});
    });
    expect(info).toMatchObject({ name: 'deskfit', mode: 'electron' });
  } finally {
    await app.close();
  }
});
