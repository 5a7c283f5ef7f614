// The project half of the service driven through its one door (dispatch), as the UI and CLI drive it:
// create, scan, import with progress, browse, edit with undo, CSV out, media, re-import, refusals.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary, ItemPage, ProjectSummary, ScanPreview } from '../../../../src/shared/dataset';
import { thumbnailFile } from '../../../../src/main/data/images/cachePaths';
import { cachedThumbnailHashes } from '../../../../src/main/data/images/thumbnailIndex';
import { serveMedia } from '../../../../src/main/service/media';
import { makeFolderPerClass, makeMessyFolder } from '../../../helpers/fixtures';
import { useTempService } from '../../../helpers/serviceHarness';

const harness = useTempService('deskfit-projects-');
const { call, nextEvent } = harness;

async function importFolder(folder: string): Promise<{ summary: ImportSummary; phases: Set<string> }> {
  const phases = new Set<string>();
  const offProgress = harness.service.events.on('dataset:importProgress', (p) => phases.add(p.phase));
  const done = nextEvent('dataset:importDone');
  const failed = nextEvent('dataset:importFailed');
  await call('dataset:import', { folder });
  const outcome = await Promise.race([done, failed.then((f) => Promise.reject(new Error(f.error.message)))]);
  offProgress();
  return { summary: outcome.summary, phases };
}

describe('projects through the service', () => {
  it('refuses dataset requests until a project is open, naming the next step', async () => {
    const reply = await harness.service.dispatch('items:query', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    if (!reply.ok) expect(reply.error.message).toContain('Create or open a project');
    expect(await call('projects:current', {})).toBeNull();
  });

  it('imports a folder per class, browses it, edits with undo, exports the CSV and serves thumbnails', async () => {
    const data = await makeFolderPerClass(join(harness.work, 'pets'), {
      classes: ['cat', 'dog'],
      perClass: 10,
      size: 32,
    });
    const created = await call<ProjectSummary>('projects:create', {
      dir: join(harness.work, 'pets.deskfit'),
    });
    expect(created.name).toBe('pets');

    const preview = await call<ScanPreview>('dataset:scan', { folder: data.root });
    expect(preview).toMatchObject({ layout: 'folder-per-class', images: 20, byClass: { cat: 10, dog: 10 } });
    const before = await call<ItemPage>('items:query', {});
    expect(before.total).toBe(0);

    const { summary, phases } = await importFolder(data.root);
    expect(phases.has('checking')).toBe(true);
    expect(summary).toMatchObject({
      layout: 'folder-per-class',
      items: 20,
      byClass: { cat: 10, dog: 10 },
      added: 20,
    });
    expect(summary.bySplit).toEqual({ train: 16, valid: 4, test: 0 });
    expect(summary.problems).toEqual([]);

    const page = await call<ItemPage>('items:query', { label: 'cat', limit: 5 });
    expect(page.total).toBe(10);
    expect(page.items).toHaveLength(5);
    const first = page.items[0]!;

    const changed = nextEvent('project:changed');
    const edit = await call<{ stats: { classes: { name: string; total: number }[] }; canUndo: boolean }>(
      'labels:assign',
      { itemIds: [first.id], label: 'dog' },
    );
    expect(edit.canUndo).toBe(true);
    expect(edit.stats.classes.find((c) => c.name === 'dog')?.total).toBe(11);
    expect((await changed).reason).toBe('edit');
    expect((await call<ItemPage>('items:query', { label: 'dog' })).total).toBe(11);

    await call('edits:undo', {});
    expect((await call<ItemPage>('items:query', { label: 'dog' })).total).toBe(10);

    const exported = await call<{ file: string; rows: number }>('labels:exportCsv', { file: 'labels.csv' });
    expect(exported.rows).toBe(20);
    const csv = readFileSync(exported.file, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('name,label,is_valid');
    expect(csv).toContain(`${first.path},cat,`);

    const thumb = await serveMedia(harness.service.projects, `/media/thumb/${first.id}`);
    expect(thumb?.contentType).toMatch(/^image\/(jpeg|webp)$/);
    expect(thumb!.body.length).toBeGreaterThan(100);
    const image = await serveMedia(harness.service.projects, `/media/image/${first.id}`);
    expect(image?.contentType).toBe('image/jpeg');
    expect(await serveMedia(harness.service.projects, '/media/image/999999')).toBeUndefined();
    expect(await serveMedia(harness.service.projects, '/media/image/../../etc/passwd')).toBeUndefined();
  });

  it('lists every problem of a messy folder with its reason and keeps labels on re-import', async () => {
    const messy = await makeMessyFolder(join(harness.work, 'messy'));
    await call('projects:create', { dir: join(harness.work, 'messy.deskfit') });
    const { summary } = await importFolder(messy.root);
    const bad = Object.entries(messy.expected).filter(([, kind]) => kind !== null);
    const good = Object.entries(messy.expected).filter(([, kind]) => kind === null);
    expect(summary.items).toBe(good.length);
    for (const [path] of bad) {
      const problem = summary.problems.find((p) => p.path === path);
      expect(problem, `problem listed for ${path}`).toBeDefined();
      expect(problem!.reason.length).toBeGreaterThan(10);
    }

    const usable = await call<ItemPage>('items:query', { problem: false, limit: 1 });
    const item = usable.items[0]!;
    await call('labels:assign', { itemIds: [item.id], label: 'relabelled' });
    const again = await importFolder(messy.root);
    expect(again.summary.added).toBe(0);
    expect((await call<{ labels: string[] }>('items:get', { id: item.id })).labels).toEqual(['relabelled']);
  });

  it('refuses to mix folders in one project and refuses bad payloads without side effects', async () => {
    const a = await makeFolderPerClass(join(harness.work, 'a'), { classes: 2, perClass: 3 });
    const b = await makeFolderPerClass(join(harness.work, 'b'), { classes: 2, perClass: 3 });
    await call('projects:create', { dir: join(harness.work, 'a.deskfit') });
    await importFolder(a.root);
    const mixed = await harness.service.dispatch('dataset:import', { folder: b.root });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const bad = await harness.service.dispatch('labels:assign', { itemIds: [], label: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const slash = await harness.service.dispatch('labels:assign', { itemIds: [1], label: 'a/b' });
    expect(slash).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!slash.ok) expect(slash.error.message).toContain('label');
    const missing = await harness.service.dispatch('labels:assign', { itemIds: [987654], label: 'x' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const summary = await call<ProjectSummary>('projects:current', {});
    expect(summary.canUndo).toBe(false);
    expect(summary.stats.classes.map((c) => c.name)).not.toContain('x');
  });

  it('reports a missing folder clearly and writes nothing', async () => {
    await call('projects:create', { dir: join(harness.work, 'p.deskfit') });
    const scan = await harness.service.dispatch('dataset:scan', { folder: join(harness.work, 'nope') });
    expect(scan.ok).toBe(false);
    if (!scan.ok) expect(scan.error.message).toContain(join(harness.work, 'nope'));
    const failed = nextEvent('dataset:importFailed');
    await call('dataset:import', { folder: join(harness.work, 'nope') });
    expect((await failed).error.message).toContain(join(harness.work, 'nope'));
    expect((await call<ItemPage>('items:query', {})).total).toBe(0);
  });

  it('remakes a deleted thumbnail cache in the background when the project is opened', async () => {
    const data = await makeFolderPerClass(join(harness.work, 'birds'), { classes: 2, perClass: 4 });
    const dir = join(harness.work, 'birds.deskfit');
    await call('projects:create', { dir });
    await importFolder(data.root);
    await call('projects:close', {});
    rmSync(join(dir, 'cache'), { recursive: true, force: true });

    const progress: { done: number; total: number }[] = [];
    harness.service.events.on('thumbnails:progress', (p) => progress.push(p));
    await call('projects:open', { dir });
    await harness.service.projects.thumbnailsIdle();
    expect(progress.at(-1)).toEqual({ done: 8, total: 8 });
    const page = await call<ItemPage>('items:query', { limit: 1 });
    const thumb = await serveMedia(harness.service.projects, `/media/thumb/${page.items[0]!.id}`);
    expect(thumb?.contentType).toBe('image/jpeg');
  });

  it('remakes only the thumbnails that are missing, read from the cache folder listing', async () => {
    const data = await makeFolderPerClass(join(harness.work, 'fish'), { classes: 2, perClass: 4 });
    const dir = join(harness.work, 'fish.deskfit');
    await call('projects:create', { dir });
    await importFolder(data.root);
    await call('projects:close', {});
    const cached = await cachedThumbnailHashes(join(dir, 'cache'));
    expect(cached.size).toBe(8);
    const gone = [...cached].slice(0, 3);
    for (const hash of gone) rmSync(thumbnailFile(join(dir, 'cache'), hash));
    expect((await cachedThumbnailHashes(join(dir, 'cache'))).size).toBe(5);

    const progress: { done: number; total: number }[] = [];
    harness.service.events.on('thumbnails:progress', (p) => progress.push(p));
    await call('projects:open', { dir });
    await harness.service.projects.thumbnailsIdle();
    expect(progress.at(-1)).toEqual({ done: 3, total: 3 });
    expect(await cachedThumbnailHashes(join(dir, 'cache'))).toEqual(cached);
    expect((await cachedThumbnailHashes(join(harness.work, 'no-cache-here'))).size).toBe(0);
  });

  it('remembers recent projects and opens them again', async () => {
    await call('projects:create', { dir: join(harness.work, 'one.deskfit'), name: 'One' });
    await call('projects:close', {});
    const recent = await call<{ dir: string; name: string; exists: boolean }[]>('projects:recent', {});
    expect(recent[0]).toMatchObject({ dir: join(harness.work, 'one.deskfit'), name: 'One', exists: true });
    const opened = await call<ProjectSummary>('projects:open', { dir: join(harness.work, 'one.deskfit') });
    expect(opened.name).toBe('One');
  });
});
