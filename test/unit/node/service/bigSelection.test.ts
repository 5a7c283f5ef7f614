// Select all over more than 200,000 images, then relabel: one request may carry at most
// `maxItemIdsPerRequest` ids (100,000: what fits in one message of `deskfit serve`), so the selection
// goes in parts (items:stageIds) and one edit names it.
// The user's one action is one transaction and one undo step; a selection that never fully arrived
// changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxItemIdsPerRequest } from '../../../../src/shared/contract';
import type { DatasetStats, EditResult, ProjectSummary } from '../../../../src/shared/dataset';
import { createProject } from '../../../../src/main/data/store/projectStore';
import { createService, type Service } from '../../../../src/main/service/service';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';

const itemCount = 250_001;

let work: string;
let dir: string;
let service: Service;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const reply = await service.dispatch(channel, input);
  if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

/** Sends `ids` as the UI does: every full part staged, the last one with the edit. */
async function editInParts(
  channel: 'labels:assign' | 'items:setSplit',
  ids: number[],
  selectionId: string,
  rest: object,
): Promise<EditResult> {
  let start = 0;
  for (; ids.length - start > maxItemIdsPerRequest; start += maxItemIdsPerRequest)
    await call('items:stageIds', { selectionId, itemIds: ids.slice(start, start + maxItemIdsPerRequest) });
  return call<EditResult>(channel, { itemIds: ids.slice(start), selectionId, ...rest });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'deskfit-bigsel-'));
  process.env.DESKFIT_HOME = join(work, 'home');
  dir = join(work, 'big.deskfit');
  createProject(dir).close();
  // Bulk insert straight into the schema: an import of 250k files would take minutes.
  const db = new DatabaseSync(join(dir, 'project.sqlite'));
  db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${itemCount})
    INSERT INTO items (path, hash, size, split, added_at)
    SELECT printf('img/%06d.jpg', i), printf('h%d', i), 1000, 'train', 0 FROM n;
    INSERT INTO meta (key, value) VALUES ('dataRoot', '"/data/big"');
  `);
  db.close();
  service = createService({ mode: 'web', spawnTrainer: fakeTrainerFactory() });
  await call<ProjectSummary>('projects:open', { dir });
}, 60_000);

afterAll(async () => {
  await service.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe(`select all over ${itemCount} items`, () => {
  it('refuses all the ids in one request, saying how to send them', async () => {
    const { ids } = await call<{ ids: number[] }>('items:ids', {});
    expect(ids).toHaveLength(itemCount);
    const reply = await service.dispatch('labels:assign', { itemIds: ids, label: 'cat' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!reply.ok) expect(reply.error.message).toContain('items:stageIds');
  });

  it('relabels every item as one edit and one undo step, sent in parts', async () => {
    const { ids } = await call<{ ids: number[] }>('items:ids', { unlabeled: true });
    expect(ids).toHaveLength(itemCount);
    const edit = await editInParts('labels:assign', ids, 'sel-all-cat-1', { label: 'cat' });
    expect(edit).toMatchObject({ changed: itemCount, canUndo: true, canRedo: false });
    expect(edit.description).toBe(`Labelled ${itemCount} items as cat (new class)`);
    expect(edit.stats.classes).toEqual([
      { name: 'cat', counts: { train: itemCount, valid: 0, test: 0 }, total: itemCount },
    ]);

    // A follow-up edit on the same selection (the filter no longer matches it): still exact.
    const again = await editInParts('labels:assign', ids, 'sel-all-dog-1', { label: 'dog' });
    expect(again.changed).toBe(itemCount);

    const undone = await call<EditResult>('edits:undo', {});
    expect(undone.changed).toBe(itemCount);
    expect(undone.stats.classes.find((c) => c.name === 'cat')?.total).toBe(itemCount);
    const undoneAll = await call<EditResult>('edits:undo', {});
    expect(undoneAll).toMatchObject({ changed: itemCount, canUndo: false, canRedo: true });
    expect(undoneAll.stats.unlabeled).toBe(itemCount);
  }, 120_000);

  it('moves a selection of 200,001 items to valid in one step', async () => {
    const { ids } = await call<{ ids: number[] }>('items:ids', {});
    const some = ids.slice(0, 200_001);
    const edit = await editInParts('items:setSplit', some, 'sel-valid-1', { split: 'valid' });
    expect(edit.changed).toBe(some.length);
    expect(edit.stats.bySplit).toEqual({ train: itemCount - some.length, valid: some.length, test: 0 });
    const undone = await call<EditResult>('edits:undo', {});
    expect(undone.stats.bySplit.valid).toBe(0);
  }, 120_000);

  it('changes nothing when a part never arrived, and names the next step', async () => {
    const before = await call<DatasetStats>('dataset:stats', {});
    const reply = await service.dispatch('labels:assign', {
      itemIds: [1, 2, 3],
      selectionId: 'sel-never-staged',
      label: 'bird',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    if (!reply.ok) expect(reply.error.message).toContain('Select the images again');
    expect(await call<DatasetStats>('dataset:stats', {})).toEqual(before);

    // A staged selection is used once: a second edit naming it is refused.
    await call('items:stageIds', { selectionId: 'sel-once-1', itemIds: [4, 5] });
    await call('labels:assign', { itemIds: [6], selectionId: 'sel-once-1', label: 'bird' });
    const reused = await service.dispatch('labels:assign', {
      itemIds: [7],
      selectionId: 'sel-once-1',
      label: 'bird',
    });
    expect(reused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
