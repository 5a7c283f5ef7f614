// The predict job on a tiny trained model: folders walked with non-images and damaged files listed,
// the CSV written, the test split through the project cache, inline images, TTA as fastai's, cancel
// within a batch, throttled progress, the 5,000-row cap, and no tensor left behind.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAugSettings } from '../../../../src/shared/training';
import { runPredictJob } from '../../../../src/main/engine/jobs/predictJob';
import { throttledProgress } from '../../../../src/main/engine/predict/progressThrottle';
import { JobCancelled } from '../../../../src/main/jobs/types';
import { classes, testContext, trainTinyModel, type TrainedFixture } from './predictFixtures';

let work: string;
let fx: TrainedFixture;
/** A folder to predict: two images per class (one nested, one with a unicode name), a damaged JPEG, a text file. */
let folder: string;
let expectedImages: { name: string; label: string }[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deskfit-predict-'));
  fx = await trainTinyModel(work);
  folder = join(work, 'to predict');
  expectedImages = [];
  for (const [ci, cls] of classes.entries()) {
    const files = fx.images.files.filter((f) => f.labels[0] === cls);
    const nested = join(folder, 'nested', cls);
    await mkdir(nested, { recursive: true });
    await copyFile(join(fx.images.root, files[0]!.path), join(nested, `a${ci}.png`));
    await copyFile(join(fx.images.root, files[1]!.path), join(folder, `ünï ${cls} 图.png`));
    expectedImages.push(
      { name: `nested/${cls}/a${ci}.png`, label: cls },
      { name: `ünï ${cls} 图.png`, label: cls },
    );
  }
  const jpeg = await readFile(join(fx.images.root, fx.images.files[0]!.path));
  await writeFile(join(folder, 'broken.png'), jpeg.subarray(0, 60));
  await writeFile(join(folder, 'notes.txt'), 'not an image');
});
afterAll(async () => {
  fx?.model.dispose();
  await rm(work, { recursive: true, force: true });
});

function byName<T extends { name: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.name < b.name ? -1 : 1));
}

describe('predict job', () => {
  it('predicts a folder, lists what it skipped and why, and writes the CSV', async () => {
    const csv = join(work, 'out', 'predictions.csv');
    const before = tf.memory().numTensors;
    const ctx = testContext();
    const result = await runPredictJob(
      { modelDir: fx.modelDir, source: { paths: [folder] }, csv, tta: false },
      { modelDir: fx.modelDir },
      ctx,
      { batchSize: 4 },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.classes).toEqual(classes);
    expect(result.predicted).toBe(expectedImages.length);
    expect(byName(result.rows).map((r) => r.name)).toEqual(byName(expectedImages).map((e) => e.name));
    const correct = result.rows.filter(
      (r) => r.prediction === expectedImages.find((e) => e.name === r.name)?.label,
    );
    expect(correct.length).toBeGreaterThanOrEqual(expectedImages.length - 1);
    for (const row of result.rows) {
      expect(row.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.probability).toBe(Math.max(...row.probs));
      expect(row.prediction).toBe(classes[row.probs.indexOf(row.probability)]);
    }
    expect(result.failed.map((f) => f.name).sort()).toEqual(['broken.png', 'notes.txt']);
    expect(result.failed.find((f) => f.name === 'broken.png')!.reason).toMatch(/cut short|damaged/);
    expect(result.failed.find((f) => f.name === 'notes.txt')!.reason).toMatch(/Not an image/);

    expect(result.csv).toBe(csv);
    const text = await readFile(csv, 'utf8');
    expect(text.split('\n')[0]).toBe('name,prediction,probability,red,green,blue');
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual(result.rows.map((r) => r.name));
    records.forEach((record, i) => {
      const row = result.rows[i]!;
      expect(record.prediction).toBe(row.prediction);
      expect(Number(record.probability)).toBeCloseTo(row.probability, 6);
      classes.forEach((c, j) => expect(Number(record[c])).toBeCloseTo(row.probs[j]!, 6));
    });
    expect((await readdir(join(work, 'out'))).filter((f) => f.includes('.tmp'))).toEqual([]);
    const last = ctx.updates.at(-1)!;
    expect(last.step).toBe(last.total);
    expect(last.total).toBe(expectedImages.length + 1);
  });

  it('predicts the test split through the project cache, keeping item ids', async () => {
    const items = fx.dataset.valid.map((i) => ({
      id: i.id,
      file: i.file,
      hash: i.hash,
      name: `test/${i.id}.png`,
    }));
    const result = await runPredictJob(
      { source: { split: 'test' }, tta: false },
      { modelDir: fx.modelDir, items, cacheDir: fx.dataset.cacheDir },
      testContext(),
    );
    expect(result.rows.map((r) => [r.itemId, r.name])).toEqual(items.map((i) => [i.id, i.name]));
    // The content hash comes along, so the UI's thumbnails are versioned (and cacheable).
    expect(result.rows.map((r) => r.hash)).toEqual(items.map((i) => i.hash));
    expect(result.csv).toBeUndefined();
    expect(result.failed).toEqual([]);
  });

  it('gives inline images the same predictions as the same files on disk', async () => {
    const files = expectedImages.slice(0, 3).map((e) => join(folder, e.name));
    const fromDisk = await runPredictJob(
      { modelDir: fx.modelDir, source: { paths: files }, tta: false },
      { modelDir: fx.modelDir },
      testContext(),
    );
    const inline = await Promise.all(
      files.map(async (f, i) => ({ name: `drop ${i}`, base64: (await readFile(f)).toString('base64') })),
    );
    const fromInline = await runPredictJob(
      {
        source: { inline: [...inline, { name: 'garbage', base64: Buffer.from('hello').toString('base64') }] },
        tta: false,
      },
      { modelDir: fx.modelDir },
      testContext(),
    );
    expect(fromInline.rows.map((r) => r.probs)).toEqual(fromDisk.rows.map((r) => r.probs));
    expect(fromInline.rows.map((r) => r.name)).toEqual(['drop 0', 'drop 1', 'drop 2']);
    expect(fromInline.failed).toEqual([
      { name: 'garbage', reason: expect.stringMatching(/text, not an image/) },
    ]);
  });

  it('refuses a missing path or a folder without images, naming it, and writes nothing', async () => {
    const csv = join(work, 'never.csv');
    const missing = join(work, 'no such folder');
    await expect(
      runPredictJob(
        { modelDir: fx.modelDir, source: { paths: [missing] }, csv, tta: false },
        { modelDir: fx.modelDir },
        testContext(),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(missing) });
    const empty = join(work, 'only text');
    await mkdir(empty, { recursive: true });
    await writeFile(join(empty, 'readme.md'), '# hi');
    await expect(
      runPredictJob(
        { modelDir: fx.modelDir, source: { paths: [empty] }, csv, tta: false },
        { modelDir: fx.modelDir },
        testContext(),
      ),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/No images to predict in .*only text.*readme\.md/),
    });
    await expect(
      runPredictJob({ source: { paths: [folder] }, tta: false }, {}, testContext()),
    ).rejects.toThrow('The predict job arrived without its modelDir.');
    expect(existsSync(csv)).toBe(false);
  });

  it('stops within one batch when cancelled, writing no CSV and leaking no tensor', async () => {
    const csv = join(work, 'cancelled.csv');
    const ctx = testContext();
    const progress = ctx.progress;
    ctx.progress = (u) => {
      progress(u);
      if (u.step > 0) ctx.controller.abort();
    };
    const before = tf.memory().numTensors;
    await expect(
      runPredictJob(
        { modelDir: fx.modelDir, source: { paths: [fx.images.root] }, csv, tta: false },
        { modelDir: fx.modelDir },
        ctx,
        {
          batchSize: 2,
          progressIntervalMs: 0,
        },
      ),
    ).rejects.toBeInstanceOf(JobCancelled);
    expect(ctx.updates.filter((u) => u.step > 0).map((u) => u.step)).toEqual([2]);
    expect(existsSync(csv)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('TTA: zero-magnitude augmentation changes nothing but the averaging; the default one changes the probabilities', async () => {
    const run = (tta: boolean, augmentation = defaultAugSettings) =>
      runPredictJob(
        { modelDir: fx.modelDir, source: { paths: [folder] }, tta },
        { modelDir: fx.modelDir, augmentation },
        testContext(),
      );
    const plain = await run(false);
    const still = await run(true, {
      ...defaultAugSettings,
      doFlip: false,
      maxRotate: 0,
      maxZoom: 1,
      maxWarp: 0,
      maxLighting: 0,
    });
    still.rows.forEach((row, i) => {
      expect(row.prediction).toBe(plain.rows[i]!.prediction);
      row.probs.forEach((p, j) => expect(p).toBeCloseTo(plain.rows[i]!.probs[j]!, 6));
    });
    const augmented = await run(true);
    const again = await run(true);
    expect(again.rows.map((r) => r.probs)).toEqual(augmented.rows.map((r) => r.probs));
    const largest = Math.max(
      ...augmented.rows.flatMap((row, i) => row.probs.map((p, j) => Math.abs(p - plain.rows[i]!.probs[j]!))),
    );
    expect(largest).toBeGreaterThan(1e-4);
    for (const row of augmented.rows) expect(row.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('returns at most 5,000 rows and writes them all to the CSV', async () => {
    const source = fx.dataset.valid[0]!;
    const items = Array.from({ length: 5003 }, (_, i) => ({
      id: i,
      file: source.file,
      hash: source.hash,
      name: `copy ${i}`,
    }));
    const csv = join(work, 'many.csv');
    const result = await runPredictJob(
      { source: { split: 'test' }, csv, tta: false },
      { modelDir: fx.modelDir, items, cacheDir: fx.dataset.cacheDir },
      testContext(),
      { batchSize: 256 },
    );
    expect(result.predicted).toBe(5003);
    expect(result.rows).toHaveLength(5000);
    expect(result.rows.at(-1)!.name).toBe('copy 4999');
    const lines = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(5004);
    expect(lines.at(-1)!.startsWith('copy 5002,')).toBe(true);
  });
});

describe('throttledProgress', () => {
  it('passes at most one update per interval, and always the final one', () => {
    const seen: number[] = [];
    const progress = throttledProgress(
      { progress: (u) => void seen.push(u.step), signal: new AbortController().signal },
      60_000,
    );
    for (let step = 0; step <= 50; step++) progress({ step, total: 50 });
    expect(seen).toEqual([0, 50]);
  });
});
