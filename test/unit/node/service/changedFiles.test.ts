// A file edited in place after import (cropped, recoloured, re-saved by another program): the grid
// must not keep showing the old picture. The media endpoint notices that the file's size or
// modification time differ from what the project recorded, checks the file again (hash, size,
// validation, thumbnail) and serves the fresh thumbnail; the item's facts follow, and the windows are
// told. Re-import re-hashes too. A file spoiled by the edit shows as a problem, not the old picture.
import { mkdirSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectChanged } from '../../../../src/shared/contract';
import { mediaPaths, type ImportSummary, type Item, type ItemPage } from '../../../../src/shared/dataset';
import { createProject } from '../../../../src/main/data/store/projectStore';
import { resolveJobData } from '../../../../src/main/service/jobContext';
import { serveMedia } from '../../../../src/main/service/media';
import { LrFindParamsSchema } from '../../../../src/shared/contract';
import { useTempService } from '../../../helpers/serviceHarness';

const harness = useTempService('deskfit-changed-');
const { call, nextEvent } = harness;
let changes: ProjectChanged[];

beforeEach(() => {
  changes = [];
  harness.service.events.on('project:changed', (event) => changes.push(event));
});

async function importFolder(folder: string): Promise<ImportSummary> {
  const done = nextEvent('dataset:importDone');
  const failed = nextEvent('dataset:importFailed');
  await call('dataset:import', { folder });
  const outcome = await Promise.race([done, failed.then((f) => Promise.reject(new Error(f.error.message)))]);
  return outcome.summary;
}

type Colour = { r: number; g: number; b: number };
const red: Colour = { r: 220, g: 20, b: 20 };
const blue: Colour = { r: 20, g: 20, b: 220 };

/** An uncompressed TIFF: its byte size depends only on its dimensions, so an edit can keep the size. */
function tiff(colour: Colour, width = 24, height = 24): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .tiff({ compression: 'none' })
    .toBuffer();
}

/** Mean colour of a served thumbnail. */
async function thumbColour(itemId: number): Promise<Colour> {
  const thumb = await serveMedia(harness.service.projects, mediaPaths.thumbnail(itemId));
  if (!thumb) throw new Error(`no thumbnail for item ${itemId}`);
  const { channels } = await sharp(thumb.body).stats();
  const [r, g, b] = channels.map((c) => Math.round(c.mean));
  return { r: r ?? 0, g: g ?? 0, b: b ?? 0 };
}

const near = (a: Colour, b: Colour) => Math.abs(a.r - b.r) + Math.abs(a.g - b.g) + Math.abs(a.b - b.b) < 30;

/** Rewrites a file and moves its modification time on, as an editor saving it later would. */
function rewrite(file: string, bytes: Buffer): void {
  writeFileSync(file, bytes);
  const later = new Date(statSync(file).mtimeMs + 60_000);
  utimesSync(file, later, later);
}

async function makeFolder(): Promise<{ root: string; file: (name: string) => string }> {
  const root = join(harness.work, 'photos');
  mkdirSync(join(root, 'warm'), { recursive: true });
  mkdirSync(join(root, 'cool'), { recursive: true });
  writeFileSync(join(root, 'warm', 'a.tif'), await tiff(red));
  writeFileSync(join(root, 'warm', 'b.tif'), await tiff({ r: 200, g: 120, b: 0 }));
  writeFileSync(join(root, 'cool', 'c.tif'), await tiff({ r: 0, g: 160, b: 160 }));
  writeFileSync(join(root, 'cool', 'd.tif'), await tiff({ r: 60, g: 60, b: 160 }));
  return { root, file: (name) => join(root, name) };
}

async function itemAt(path: string): Promise<Item> {
  const page = await call<ItemPage>('items:query', { search: path });
  const item = page.items.find((i) => i.path === path);
  if (!item) throw new Error(`no item ${path}`);
  return item;
}

describe('files edited after import', () => {
  it('serves a fresh thumbnail when a file changed in place, even at the same size, and refreshes the item', async () => {
    const { root, file } = await makeFolder();
    await call('projects:create', { dir: join(harness.work, 'photos.deskfit') });
    await importFolder(root);
    const before = await itemAt('warm/a.tif');
    expect(near(await thumbColour(before.id), red)).toBe(true);
    changes.length = 0;

    const edited = await tiff(blue);
    expect(edited.length).toBe(before.size);
    rewrite(file('warm/a.tif'), edited);
    expect(near(await thumbColour(before.id), blue)).toBe(true);

    const after = await call<Item>('items:get', { id: before.id });
    expect(after.hash).not.toBe(before.hash);
    expect(after).toMatchObject({ size: before.size, labels: ['warm'], split: before.split, problem: null });
    await harness.service.projects.refreshesIdle();
    expect(changes).toEqual([
      expect.objectContaining({ reason: 'refresh', description: expect.stringContaining('warm/a.tif') }),
    ]);

    // Nothing changed since: no new check, no new event.
    expect(near(await thumbColour(before.id), blue)).toBe(true);
    await harness.service.projects.refreshesIdle();
    expect(changes).toHaveLength(1);
    // The large view shows the file as it is now; size and dimensions follow an edit that changes them.
    rewrite(file('warm/a.tif'), await tiff(red, 40, 30));
    const image = await serveMedia(harness.service.projects, mediaPaths.image(before.id));
    expect(await sharp(image!.body).metadata()).toMatchObject({ width: 40, height: 30 });
    expect(await call<Item>('items:get', { id: before.id })).toMatchObject({ width: 40, height: 30 });
  });

  it('lets browsers keep media whose path carries the current content hash, and only those', async () => {
    const { root, file } = await makeFolder();
    await call('projects:create', { dir: join(harness.work, 'photos.deskfit') });
    await importFolder(root);
    const before = await itemAt('warm/b.tif');
    const projects = harness.service.projects;
    const forever = 'private, max-age=31536000, immutable';
    expect((await serveMedia(projects, mediaPaths.thumbnail(before.id, before.hash)))?.cacheControl).toBe(
      forever,
    );
    expect((await serveMedia(projects, mediaPaths.image(before.id, before.hash)))?.cacheControl).toBe(
      forever,
    );
    expect((await serveMedia(projects, mediaPaths.thumbnail(before.id)))?.cacheControl).toBe('no-cache');

    // After an edit, the old version's path gets the new picture, but must be asked for again.
    rewrite(file('warm/b.tif'), await tiff(blue));
    const stale = await serveMedia(projects, mediaPaths.thumbnail(before.id, before.hash));
    expect(stale?.cacheControl).toBe('no-cache');
    const { channels } = await sharp(stale!.body).stats();
    expect(channels[2]!.mean).toBeGreaterThan(150);
    const after = await call<Item>('items:get', { id: before.id });
    expect((await serveMedia(projects, mediaPaths.thumbnail(after.id, after.hash)))?.cacheControl).toBe(
      forever,
    );
  });

  it('shows a file spoiled by the edit as a problem instead of its old picture', async () => {
    const { root, file } = await makeFolder();
    await call('projects:create', { dir: join(harness.work, 'photos.deskfit') });
    await importFolder(root);
    const item = await itemAt('cool/c.tif');
    expect(await serveMedia(harness.service.projects, mediaPaths.thumbnail(item.id))).toBeDefined();
    truncateSync(file('cool/c.tif'), 300);
    expect(await serveMedia(harness.service.projects, mediaPaths.thumbnail(item.id))).toBeUndefined();
    const after = await call<Item>('items:get', { id: item.id });
    expect(after.problem?.kind).toMatch(/truncated|corrupt/);
    expect(after.labels).toEqual(['cool']);
    const stats = await call<{ problems: number }>('dataset:stats', {});
    expect(stats.problems).toBe(1);
  });

  it('marks an edited file that now copies another one as a duplicate', async () => {
    const { root, file } = await makeFolder();
    await call('projects:create', { dir: join(harness.work, 'photos.deskfit') });
    await importFolder(root);
    const item = await itemAt('cool/d.tif');
    rewrite(file('cool/d.tif'), await tiff({ r: 0, g: 160, b: 160 }));
    await serveMedia(harness.service.projects, mediaPaths.thumbnail(item.id));
    const after = await call<Item>('items:get', { id: item.id });
    expect(after.problem).toMatchObject({ kind: 'duplicate', reason: expect.stringContaining('cool/c.tif') });
    // A duplicate is still a good picture: the grid shows its thumbnail (the copy's colour).
    const thumb = await serveMedia(harness.service.projects, mediaPaths.thumbnail(item.id, after.hash));
    expect(thumb?.contentType).toMatch(/^image\//);
    expect(near(await thumbColour(item.id), { r: 0, g: 160, b: 160 })).toBe(true);
  });

  it('re-import re-hashes an edited file and its new thumbnail is served', async () => {
    const { root, file } = await makeFolder();
    await call('projects:create', { dir: join(harness.work, 'photos.deskfit') });
    await importFolder(root);
    const item = await itemAt('warm/b.tif');
    rewrite(file('warm/b.tif'), await tiff(blue, 30, 20));
    const summary = await importFolder(root);
    expect(summary).toMatchObject({ added: 0, missing: 0 });
    const after = await call<Item>('items:get', { id: item.id });
    expect(after).toMatchObject({ width: 30, height: 20, labels: ['warm'] });
    expect(after.hash).not.toBe(item.hash);
    expect(near(await thumbColour(item.id), blue)).toBe(true);
    await harness.service.projects.refreshesIdle();
    expect(changes.filter((c) => c.reason === 'refresh')).toEqual([]);
  });

  it('reads files edited since import (and never looked at) again before a job trains on them', async () => {
    const { root, file } = await makeFolder();
    await call('projects:create', { dir: join(harness.work, 'photos.deskfit') });
    await importFolder(root);
    const edited = await itemAt('warm/a.tif');
    const spoiled = await itemAt('cool/d.tif');
    const validItem = await itemAt('cool/c.tif');
    await call('items:setSplit', { itemIds: [validItem.id], split: 'valid' });
    rewrite(file('warm/a.tif'), await tiff(blue, 32, 32));
    truncateSync(file('cool/d.tif'), 300);
    changes.length = 0;
    const progress: { done: number; total: number }[] = [];
    harness.service.events.on('files:refreshProgress', (p) => progress.push(p));

    const data = await resolveJobData(
      { kind: 'lr-find', params: LrFindParamsSchema.parse({}) },
      harness.service.projects,
    );
    const items = [...data!.dataset!.train, ...data!.dataset!.valid];
    const after = await call<Item>('items:get', { id: edited.id });
    expect(after).toMatchObject({ width: 32, height: 32, labels: ['warm'] });
    expect(after.hash).not.toBe(edited.hash);
    // The job gets the new content's hash (the key of its pixel cache), and not the spoiled file.
    expect(items.find((i) => i.id === edited.id)?.hash).toBe(after.hash);
    expect(items.some((i) => i.id === spoiled.id)).toBe(false);
    // The windows were told how far the re-reading was, from the start to the end.
    expect(progress[0]).toEqual({ done: 0, total: 2 });
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    expect((await call<Item>('items:get', { id: spoiled.id })).problem?.kind).toMatch(/truncated|corrupt/);
    await harness.service.projects.refreshesIdle();
    expect(changes).toEqual([
      expect.objectContaining({ reason: 'refresh', description: expect.stringContaining('2 files') }),
    ]);

    // Nothing changed since: the next check reads nothing again.
    expect(await harness.service.projects.refreshChangedFiles()).toEqual({ checked: 4, changed: 0 });
  });

  it('notices a change in a project imported before modification times were recorded', async () => {
    const { root, file } = await makeFolder();
    const dir = join(harness.work, 'old.deskfit');
    const old = createProject(dir);
    const bytes = await tiff(red);
    old.applyImport({
      root,
      layout: 'folder-per-class',
      classes: ['warm'],
      items: [
        {
          path: 'warm/a.tif',
          hash: 'hash-at-import',
          size: bytes.length,
          width: 24,
          height: 24,
          split: 'train',
          labels: ['warm'],
          problem: null,
        },
      ],
    });
    old.close();
    await call('projects:open', { dir });
    const item = await itemAt('warm/a.tif');
    rewrite(file('warm/a.tif'), await tiff(blue));
    expect(near(await thumbColour(item.id), blue)).toBe(true);
    expect((await call<Item>('items:get', { id: item.id })).hash).not.toBe('hash-at-import');
  });
});
