// Issue 3 in a real browser: import a fixture folder through the UI (browser folder picker), see the
// scan preview, the import summary with a problem file and its reason, the grid and the class counts;
// relabel an image with a key press; reload: the label persisted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseFolderInPicker, goTo, screenshots, useServedWorkspace } from '../helpers/e2e';
import { makeFolderPerClass } from '../helpers/fixtures';

let root: string;

const workspace = useServedWorkspace('deskfit-e2e-datasets-', async (work) => {
  mkdirSync(screenshots, { recursive: true });
  const data = await makeFolderPerClass(join(work, 'pets'), {
    classes: ['cat', 'dog'],
    perClass: 6,
    size: 48,
  });
  root = data.root;
  writeFileSync(join(root, 'cat', 'broken.jpg'), '');
  writeFileSync(join(root, 'dog', 'notes.jpg'), 'this is text, not a picture');
});

test('import a folder, see problems and counts, relabel with a key, and the label persists', async ({
  page,
}) => {
  await page.goto(workspace.url);
  await goTo(page, 'Datasets');

  await page.getByRole('button', { name: 'Import folder' }).click();
  await chooseFolderInPicker(page, root, 'cat');

  await expect(page.getByTestId('scan-layout')).toHaveText(/one folder per class/i);
  await expect(page.getByRole('textbox', { name: 'New project folder' })).toHaveValue(`${root}.deskfit`);
  await page.screenshot({ path: join(screenshots, 'datasets-preview.png'), fullPage: true });
  await page.getByRole('button', { name: /^Import [\d,]+ images$/ }).click();

  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 });
  const problems = page.getByRole('table', { name: 'Problems' });
  await expect(problems.getByRole('row').filter({ hasText: 'cat/broken.jpg' })).toContainText(/empty/i);
  await expect(problems.getByRole('row').filter({ hasText: 'dog/notes.jpg' })).toContainText(
    /not an image|not-an-image/i,
  );
  await expect(page.getByTestId('status-project')).toContainText('pets');
  await page.screenshot({ path: join(screenshots, 'datasets-imported.png'), fullPage: true });

  await page.getByRole('button', { name: 'Label these images' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Label', exact: true })).toBeVisible();
  const classes = page.getByRole('list', { name: 'Classes' });
  await expect(classes.locator('[data-class="cat"]')).toContainText('1');
  await expect(classes.locator('[data-class="dog"]')).toContainText('2');
  const grid = page.getByRole('grid', { name: 'Images' });
  const cell = grid.locator('[data-path="cat/cat_000.jpg"]');
  await expect(cell.getByTestId('cell-label')).toHaveText('cat');
  await cell.click();
  await page.keyboard.press('2');
  await expect(cell.getByTestId('cell-label')).toHaveText('dog');
  await expect(page.getByTestId('edit-status')).not.toContainText('Saving');
  await page.screenshot({ path: join(screenshots, 'label-relabelled.png') });

  await page.reload();
  await goTo(page, 'Label');
  await expect(
    page
      .getByRole('grid', { name: 'Images' })
      .locator('[data-path="cat/cat_000.jpg"]')
      .getByTestId('cell-label'),
  ).toHaveText('dog');
});
