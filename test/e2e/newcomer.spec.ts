// Issue 5 in a real browser, following a newcomer from a folder of images to exported predictions:
// import → augmentation previews → Find LR draws a curve with suggestions → use one → train 2 epochs
// (loss points arrive during training, two rows in the epoch table, the UI answers clicks meanwhile)
// → confusion matrix → relabel a top-loss image → export the model folder → predict the test folder.
// Every page is saved as a screenshot under test-results/screenshots for a person to look at.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { chooseFolderInPicker, goTo, screenshots, setNumber, useServedWorkspace } from '../helpers/e2e';
import { makeTrainValid } from '../helpers/fixtures';

const testImages = 4;
let root: string;

const workspace = useServedWorkspace('deskfit-e2e-newcomer-', async (work) => {
  mkdirSync(screenshots, { recursive: true });
  const data = await makeTrainValid(join(work, 'shapes'), {
    classes: ['circle', 'square'],
    train: 16,
    valid: 6,
    test: testImages,
    size: 32,
  });
  root = data.root;
});

/** The whole page: the window grows to the main column's height (it scrolls inside the shell). */
async function shot(page: Page, name: string) {
  const height = await page.evaluate(`document.getElementById('main')?.scrollHeight ?? 800`);
  await page.setViewportSize({ width: 1280, height: Math.max(800, Math.min(6000, Number(height) + 40)) });
  await page.screenshot({ path: join(screenshots, `newcomer-${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a newcomer goes from a folder of images to exported predictions by clicking', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(workspace.url);

  // Import the folder.
  await goTo(page, 'Datasets');
  await page.getByRole('button', { name: 'Import folder' }).click();
  await chooseFolderInPicker(page, root, 'train');
  await page.getByRole('button', { name: /^Import [\d,]+ images$/ }).click();
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 });
  await shot(page, '1-datasets');

  // Augmentation previews appear.
  await goTo(page, 'Augment');
  await expect(page.getByTestId('aug-preview-image').first()).toBeVisible({ timeout: 60_000 });
  expect(await page.getByTestId('aug-preview-image').count()).toBeGreaterThan(1);
  await shot(page, '2-augment');

  // Settings for a quick run, then Find LR: a curve and the suggestions.
  await goTo(page, 'Train');
  await page.getByLabel('Architecture', { exact: true }).selectOption('simple-cnn');
  await setNumber(page, 'Image size (px)', 32);
  await setNumber(page, 'Batch size', 8);
  await setNumber(page, 'Epochs', 2);
  await expect(page.getByTestId('schedule-preview')).toBeVisible();
  await page.getByTestId('find-lr').click();
  const valley = page.getByTestId('lr-suggestion-valley');
  await expect(valley).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('lr-finder-chart').locator('path.recharts-curve').first()).toBeVisible();
  await valley.click();
  await expect(valley).toHaveAttribute('aria-pressed', 'true');
  await shot(page, '3-lr-find');

  // Train 2 epochs: loss points arrive while it trains, and the UI answers clicks meanwhile. The same
  // two navigations with nothing running are the peer.
  const navigate = async () => {
    const ms: number[] = [];
    for (const name of ['Label', 'Train']) {
      const started = Date.now();
      await goTo(page, name);
      ms.push(Date.now() - started);
    }
    return ms;
  };
  const idle = await navigate();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-progress')).toBeVisible({ timeout: 60_000 });
  const lossCurve = page.getByTestId('live-loss-chart').locator('path.recharts-curve').first();
  await expect(lossCurve).toBeVisible({ timeout: 120_000 });
  const training = await navigate();
  console.log(JSON.stringify({ navigationMs: { idle, duringTraining: training } }));
  // Training runs in its own process, so a click is answered about as fast as when idle (the bound
  // leaves room for Playwright's round trips on a busy 2-core machine).
  for (const ms of training) expect(ms).toBeLessThan(1_500);
  await expect(page.getByTestId('epoch-row')).toHaveCount(2, { timeout: 180_000 });
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 60_000 });
  await shot(page, '4-train');

  // Interpret: the confusion matrix, then relabel the top-loss image.
  await goTo(page, 'Interpret');
  const interpret = page.getByTestId('interpret-button');
  await expect(interpret).toBeEnabled({ timeout: 30_000 });
  await interpret.click();
  await expect(page.getByTestId('confusion-matrix')).toBeVisible({ timeout: 120_000 });
  const cells = page.getByTestId('confusion-cell');
  await expect(cells).toHaveCount(4);
  let counted = 0;
  for (const cell of await cells.all()) counted += Number(await cell.getAttribute('data-count'));
  expect(counted).toBe(12);
  const top = page.getByTestId('top-loss-cell').first();
  await expect(top).toBeVisible();
  const select = top.getByTestId('relabel-select');
  const current = await select.inputValue();
  const other = current === 'circle' ? 'square' : 'circle';
  await select.selectOption(other);
  await expect(top).toHaveAttribute('data-edited', 'true');
  await shot(page, '5-interpret');

  // Export the model folder, then predict the test folder.
  await goTo(page, 'Export');
  const exportDir = join(workspace.work, 'exported model');
  await page.getByTestId('export-dir').fill(exportDir);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-path')).toContainText('exported model', { timeout: 30_000 });
  expect(existsSync(join(exportDir, 'model.json'))).toBe(true);
  const manifest = JSON.parse(readFileSync(join(exportDir, 'deskfit.json'), 'utf8')) as { classes: string[] };
  expect(manifest.classes).toEqual(['circle', 'square']);
  await page.getByTestId('predict-button').click();
  await expect(page.getByTestId('prediction-row')).toHaveCount(testImages, { timeout: 120_000 });
  // Try it: any image, top predictions with their probabilities.
  await page.getByTestId('try-file-input').setInputFiles(join(root, 'test', 'unknown_0.jpg'));
  await expect(page.getByTestId('try-result')).toContainText(/circle|square/, { timeout: 60_000 });
  await shot(page, '6-export');

  await goTo(page, 'Settings');
  await shot(page, '7-settings');

  // The same pages in the dark theme (the app follows the OS setting).
  await page.emulateMedia({ colorScheme: 'dark' });
  for (const [name, file] of [
    ['Augment', 'dark-augment'],
    ['Train', 'dark-train'],
    ['Interpret', 'dark-interpret'],
    ['Export', 'dark-export'],
  ] as const) {
    await goTo(page, name);
    await shot(page, file);
  }
});
