// Background thumbnails: bounded concurrency, progress to the last item, failures counted not
// thrown, cancel drops what is pending, dispose stops for good.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ThumbnailQueue,
  type ThumbnailQueueProgress,
} from '../../../../../src/main/data/images/thumbnailQueue';
import { thumbnailFile } from '../../../../../src/main/data/images/thumbnails';
import { makeFolderPerClass } from '../../../../helpers/fixtures';

let base: string;
let jobs: { hash: string; file: string }[];
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'deskfit-queue-'));
  const ds = await makeFolderPerClass(join(base, 'ds'), { classes: 2, perClass: 30, size: 64 });
  jobs = ds.files.map((f, i) => ({ hash: `${String(i).padStart(4, '0')}ff`, file: join(ds.root, f.path) }));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('ThumbnailQueue', () => {
  it('makes every thumbnail with bounded concurrency and reports progress to the end', async () => {
    const cacheDir = join(base, 'c1');
    const progress: ThumbnailQueueProgress[] = [];
    const queue = new ThumbnailQueue({ cacheDir, concurrency: 2, onProgress: (p) => progress.push(p) });
    queue.add(jobs);
    queue.add(jobs.slice(0, 5)); // duplicates of queued hashes are ignored
    expect(queue.stats.running).toBeLessThanOrEqual(2);
    expect(queue.stats.total).toBe(60);
    await queue.whenIdle();
    expect(progress.at(-1)).toEqual({ done: 60, total: 60 });
    expect(progress.length).toBeLessThan(60);
    for (const job of jobs) await expect(stat(thumbnailFile(cacheDir, job.hash))).resolves.toBeTruthy();
    queue.dispose();
  });

  it('counts a bad file as failed and carries on', async () => {
    const bad = join(base, 'bad.jpg');
    await writeFile(bad, 'nope');
    const errors: string[] = [];
    const queue = new ThumbnailQueue({ cacheDir: join(base, 'c2'), onError: (job) => errors.push(job.hash) });
    queue.add([{ hash: 'bad0', file: bad }, ...jobs.slice(0, 3)]);
    await queue.whenIdle();
    expect(errors).toEqual(['bad0']);
    expect(queue.stats).toMatchObject({ done: 4, total: 4, failed: 1 });
  });

  it('cancel drops pending jobs and settles; dispose refuses new work', async () => {
    const cacheDir = join(base, 'c3');
    const progress: ThumbnailQueueProgress[] = [];
    const queue = new ThumbnailQueue({ cacheDir, concurrency: 1, onProgress: (p) => progress.push(p) });
    queue.add(jobs);
    queue.cancel();
    await queue.whenIdle();
    const { done, total, pending } = queue.stats;
    expect(pending).toBe(0);
    expect(done).toBe(total);
    expect(done).toBeLessThanOrEqual(1);
    expect(progress.at(-1)).toEqual({ done, total });
    queue.dispose();
    queue.add(jobs);
    expect(queue.stats.total).toBe(total);
    await queue.whenIdle();
  });
});
