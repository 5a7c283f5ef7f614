// File names in either Unicode normal form: Linux keeps the bytes a name was written with, so an
// archive made on macOS holds NFD names ("café" as e + U+0301) while CSV files typed elsewhere hold
// NFC. Matching a CSV to the files treats the two forms as one name; the project stores the name as
// it is on disk so the file still opens (thumbnails, training, fastai reading the exported CSV).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ImportSummary, Item, ItemPage } from '../../../../src/shared/dataset';
import { scanFolder } from '../../../../src/main/data/import/scan';
import { ImportOptionsSchema } from '../../../../src/shared/dataset';
import { createProject } from '../../../../src/main/data/store/projectStore';
import { serveMedia } from '../../../../src/main/service/media';
import { useTempService } from '../../../helpers/serviceHarness';

const cafeNfd = 'cafe\u0301.jpg';
const cafeNfc = 'caf\u00e9.jpg';
const cremeNfd = 'cre\u0300me.jpg';
const cremeNfc = 'cr\u00e8me.jpg';
const dirNfd = 'Mu\u0308nchen'; // a folder name in NFD too

const harness = useTempService('deskfit-unicode-');
const { call, nextEvent } = harness;

async function importFolder(folder: string, extra: object = {}): Promise<ImportSummary> {
  const done = nextEvent('dataset:importDone');
  const failed = nextEvent('dataset:importFailed');
  await call('dataset:import', { folder, ...extra });
  const outcome = await Promise.race([done, failed.then((f) => Promise.reject(new Error(f.error.message)))]);
  return outcome.summary;
}

async function jpeg(file: string, shade: number): Promise<void> {
  const bytes = await sharp({
    create: { width: 16, height: 16, channels: 3, background: { r: shade, g: 255 - shade, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  writeFileSync(file, bytes);
}

/** Images named in NFD on disk (one in an NFD folder), one in NFC; the CSV names each in the other form. */
async function makeShop(): Promise<string> {
  const root = join(harness.work, 'shop');
  mkdirSync(join(root, dirNfd), { recursive: true });
  await jpeg(join(root, cafeNfd), 10);
  await jpeg(join(root, cremeNfc), 120);
  await jpeg(join(root, dirNfd, 'bro\u0308d.jpg'), 240);
  writeFileSync(
    join(root, 'labels.csv'),
    `name,label\n${cafeNfc},drink\n${cremeNfd},dessert\nM\u00fcnchen/br\u00f6d.jpg,bread\n`,
  );
  return root;
}

const byName = (items: Item[], name: string): Item => {
  const item = items.find((i) => i.path.normalize('NFC') === name.normalize('NFC'));
  if (!item) throw new Error(`no item ${name}`);
  return item;
};

describe('names in NFC and NFD', () => {
  it('the scan matches CSV rows to files in the other form and keeps the on-disk names', async () => {
    const root = await makeShop();
    const { preview, files } = await scanFolder(ImportOptionsSchema.parse({ folder: root }));
    expect(preview.layout).toBe('csv');
    expect(preview.problems).toEqual([]);
    expect(preview.byClass).toEqual({ bread: 1, dessert: 1, drink: 1 });
    const paths = files.map((f) => f.path);
    expect(paths).toContain(cafeNfd);
    expect(paths).toContain(cremeNfc);
    expect(paths).toContain(`${dirNfd}/bro\u0308d.jpg`);
    for (const file of files) expect(existsSync(join(root, file.path))).toBe(true);
  });

  it('imports with the CSV, opens every file, serves thumbnails and re-imports CSV labels in either form', async () => {
    const root = await makeShop();
    await call('projects:create', { dir: join(harness.work, 'shop.deskfit') });
    const summary = await importFolder(root);
    expect(summary).toMatchObject({ layout: 'csv', items: 3, problems: [] });
    const page = await call<ItemPage>('items:query', {});
    const cafe = byName(page.items, cafeNfc);
    expect(cafe.path).toBe(cafeNfd);
    expect(cafe.labels).toEqual(['drink']);
    expect(byName(page.items, cremeNfc).labels).toEqual(['dessert']);
    expect(byName(page.items, 'München/bröd.jpg').labels).toEqual(['bread']);
    for (const item of page.items) {
      const thumb = await serveMedia(harness.service.projects, `/media/thumb/${item.id}`);
      expect(thumb?.contentType, item.path).toBe('image/jpeg');
    }

    // labels:importCsv: each name in the form the file is not in, and again in the same form.
    const relabel = join(harness.work, 'relabel.csv');
    writeFileSync(
      relabel,
      `name,label\n${cafeNfc},coffee\n${cremeNfd},cake\nMu\u0308nchen/bro\u0308d.jpg,loaf\n`,
    );
    const result = await call<{ edit: { changed: number }; unmatched: string[] }>('labels:importCsv', {
      file: relabel,
    });
    expect(result.unmatched).toEqual([]);
    expect(result.edit.changed).toBe(3);
    const after = await call<ItemPage>('items:query', {});
    expect(byName(after.items, cafeNfc).labels).toEqual(['coffee']);
    expect(byName(after.items, cremeNfc).labels).toEqual(['cake']);
    expect(byName(after.items, 'München/bröd.jpg').labels).toEqual(['loaf']);

    writeFileSync(relabel, `name,label\n${cafeNfd},espresso\n${cremeNfc},tart\n`);
    const same = await call<{ unmatched: string[] }>('labels:importCsv', { file: relabel });
    expect(same.unmatched).toEqual([]);

    // The exported CSV names the files as they are on disk, so fastai opens them.
    const exported = await call<{ file: string }>('labels:exportCsv', { file: 'out.csv' });
    const text = readFileSync(exported.file, 'utf8');
    expect(text).toContain(`${cafeNfd},espresso`);
    expect(text).toContain(`${cremeNfc},tart`);
  });

  it('re-importing a project that stored NFC names for NFD files keeps their labels and fixes the names', async () => {
    const root = await makeShop();
    const dir = join(harness.work, 'old.deskfit');
    // What an older deskfit wrote: every path NFC, whatever the disk holds.
    const old = createProject(dir);
    old.applyImport({
      root,
      layout: 'csv',
      classes: ['drink'],
      items: [
        {
          path: cafeNfc,
          hash: 'old',
          size: 1,
          width: 16,
          height: 16,
          split: 'valid',
          labels: ['drink'],
          problem: null,
        },
      ],
    });
    old.close();
    await call('projects:open', { dir });
    const summary = await importFolder(root);
    expect(summary.missing).toBe(0);
    expect(summary.added).toBe(2);
    const page = await call<ItemPage>('items:query', {});
    expect(page.total).toBe(3);
    const cafe = byName(page.items, cafeNfc);
    expect(cafe).toMatchObject({ path: cafeNfd, labels: ['drink'], split: 'valid', missing: false });
    const thumb = await serveMedia(harness.service.projects, `/media/thumb/${cafe.id}`);
    expect(thumb?.contentType).toBe('image/jpeg');
  });

  it('keeps two files whose names differ only in normal form apart; a CSV row names the one spelled as it is', async () => {
    const root = join(harness.work, 'twins');
    mkdirSync(root);
    await jpeg(join(root, cafeNfd), 30);
    await jpeg(join(root, cafeNfc), 200);
    await jpeg(join(root, 'tea.jpg'), 90);
    writeFileSync(join(root, 'labels.csv'), `name,label\n${cafeNfc},drink\ntea.jpg,drink\n`);
    const { preview, files } = await scanFolder(ImportOptionsSchema.parse({ folder: root }));
    expect(preview.images).toBe(3);
    expect(preview.problems).toEqual([]);
    expect(files.find((f) => f.path === cafeNfc)?.labels).toEqual(['drink']);
    expect(files.find((f) => f.path === cafeNfd)?.labels).toEqual([]);

    await call('projects:create', { dir: join(harness.work, 'twins.deskfit') });
    expect((await importFolder(root)).items).toBe(3);
    const relabel = join(harness.work, 'twins.csv');
    writeFileSync(relabel, `name,label\n${cafeNfd},latte\n`);
    expect((await call<{ unmatched: string[] }>('labels:importCsv', { file: relabel })).unmatched).toEqual(
      [],
    );
    const page = await call<ItemPage>('items:query', {});
    expect(page.items.find((i) => i.path === cafeNfd)?.labels).toEqual(['latte']);
    expect(page.items.find((i) => i.path === cafeNfc)?.labels).toEqual(['drink']);
  });
});
