// Reloading the window while a model trains (or opening a second one) loses nothing on screen: the
// page adopts the running job, reads the run's curves and epoch rows so far from its record, keeps
// drawing the live ones, and Stop still stops it. The run is a fine-tune (one frozen epoch, then the
// rest unfrozen), so the progress line and the epoch table also check how the engine counts steps
// over both fits.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { runDeskfit } from '../helpers/cli';
import { goTo, setNumber, useServedWorkspace } from '../helpers/e2e';
import { makeTrainValid } from '../helpers/fixtures';

const epochs = 1000;
const workspace = useServedWorkspace('deskfit-e2e-reload-', async (work, env) => {
  const data = await makeTrainValid(join(work, 'shapes'), {
    classes: ['circle', 'square'],
    train: 8,
    valid: 4,
  });
  const project = join(work, 'shapes.deskfit');
  const imported = await runDeskfit(['import', data.root, '--project', project, '--json'], env);
  expect(imported.code, imported.stderr).toBe(0);
  return ['--project', project];
});

test('a reload mid-training shows the run so far, keeps it live, and Stop still works', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(workspace.url);
  await goTo(page, 'Train');
  await page.getByLabel('Architecture', { exact: true }).selectOption('simple-cnn');
  await setNumber(page, 'Image size (px)', 16);
  await setNumber(page, 'Batch size', 4);
  await setNumber(page, 'Epochs', epochs);
  await page.getByLabel('Fine-tune (freeze, then unfreeze)').check();
  await setNumber(page, 'Frozen epochs', 1);
  await page.getByLabel('Let the LR finder choose').uncheck();
  await page.getByTestId('train-button').click();
  const rows = page.getByTestId('epoch-row');
  await expect(rows.nth(2)).toBeVisible({ timeout: 120_000 });
  const progress = page.getByTestId('train-progress');
  // 1 frozen + N unfrozen epochs; each epoch of 16 images at batch 4 is 4 batches.
  await expect(progress).toContainText(`of ${epochs + 1}`);
  await expect(progress).toContainText('batch');
  await expect(progress).toHaveText(/batch [1-4] of 4\b/);
  await expect(rows.nth(0)).toContainText('frozen');
  await expect(rows.nth(2)).toContainText('unfrozen');

  await page.reload();
  await goTo(page, 'Train');
  // The epochs done before the reload are back at once (from the run record), with the plan.
  await expect(rows.nth(2)).toBeVisible({ timeout: 10_000 });
  await expect(progress).toContainText(`of ${epochs + 1}`);
  await expect(rows.nth(0)).not.toContainText('unfrozen');
  await expect(rows.nth(1)).toContainText('unfrozen');
  await expect(page.getByTestId('live-loss-chart').locator('path.recharts-curve').first()).toBeVisible();
  // And the run goes on here: more rows arrive live.
  const before = await rows.count();
  await expect(rows.nth(before)).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('train-button')).toBeEnabled({ timeout: 60_000 });
  expect(await rows.count()).toBeLessThan(epochs);
});
