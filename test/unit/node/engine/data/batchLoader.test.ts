import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { BatchLoader, batchTensors, normalizeBatch } from '../../../../../src/main/engine/data/batchLoader';
import { classBalance, type TrainingItem } from '../../../../../src/main/engine/data/datasetSpec';
import { imagenetStats, measureStats } from '../../../../../src/main/engine/data/normalize';
import { batchRanges, epochOrder } from '../../../../../src/main/engine/data/shuffle';
import { makeFolderPerClass } from '../../../../helpers/fixtures';

const size = 4;
const frame = size * size * 3;
/** Item i's image is filled with the byte i, so a batch shows which items it holds. */
const items: TrainingItem[] = Array.from({ length: 10 }, (_, i) => ({
  id: 100 + i,
  file: `/data/${i}.jpg`,
  hash: `h${i}`,
  label: i % 3,
}));
const fakeLoad = async (item: TrainingItem) => new Uint8Array(frame).fill(item.id - 100);

async function collect(loader: BatchLoader, epoch: number, start = 0) {
  const out = [];
  for await (const batch of loader.epoch(epoch, start)) out.push(batch);
  return out;
}

beforeAll(async () => {
  await initBackend();
});

describe('data order', () => {
  it('is a seeded permutation per epoch: same seed and epoch, same order; another epoch, another', () => {
    const a = epochOrder(50, 7, 0);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochOrder(50, 7, 0)).toEqual(a);
    expect(epochOrder(50, 7, 1)).not.toEqual(a);
    expect(epochOrder(50, 8, 0)).not.toEqual(a);
  });

  it('keeps the last partial batch unless told to drop it', () => {
    expect(batchRanges(10, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(batchRanges(10, 4, true)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(batchRanges(0, 4)).toEqual([]);
  });
});

describe('BatchLoader', () => {
  it('yields every item once per epoch with its pixels, label and id aligned, last batch partial', async () => {
    const loader = new BatchLoader({
      items,
      cacheDir: '',
      size,
      batchSize: 4,
      shuffle: true,
      seed: 1,
      loadImage: fakeLoad,
    });
    const batches = await collect(loader, 0);
    expect(batches.map((b) => b.count)).toEqual([4, 4, 2]);
    expect(loader.batchesPerEpoch()).toBe(3);
    const ids = batches.flatMap((b) => b.ids);
    expect([...ids].sort()).toEqual(items.map((i) => i.id));
    expect(ids).not.toEqual(items.map((i) => i.id));
    for (const batch of batches) {
      batch.ids.forEach((id, k) => {
        expect(batch.pixels[k * frame]).toBe(id - 100);
        expect(batch.labels[k]).toBe((id - 100) % 3);
      });
    }
  });

  it('keeps validation order and resumes mid-epoch with the same remaining batches', async () => {
    const valid = new BatchLoader({
      items,
      cacheDir: '',
      size,
      batchSize: 3,
      shuffle: false,
      seed: 1,
      loadImage: fakeLoad,
    });
    expect((await collect(valid, 5)).flatMap((b) => b.ids)).toEqual(items.map((i) => i.id));
    const train = new BatchLoader({
      items,
      cacheDir: '',
      size,
      batchSize: 3,
      shuffle: true,
      seed: 9,
      loadImage: fakeLoad,
    });
    const full = await collect(train, 2);
    const resumed = await collect(train, 2, 2);
    expect(resumed.map((b) => b.ids)).toEqual(full.slice(2).map((b) => b.ids));
  });

  it('reads the next batch while the current one is being used', async () => {
    const log: string[] = [];
    const loader = new BatchLoader({
      items,
      cacheDir: '',
      size,
      batchSize: 5,
      shuffle: false,
      seed: 1,
      loadImage: async (item) => {
        log.push(`load ${item.id}`);
        return fakeLoad(item);
      },
    });
    for await (const batch of loader.epoch(0)) {
      log.push(`use ${batch.ids[0]}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(log.indexOf('load 105')).toBeLessThan(log.indexOf('use 100'));
  });

  it('names the file when a cached image has the wrong size', async () => {
    const loader = new BatchLoader({
      items,
      cacheDir: '',
      size,
      batchSize: 4,
      shuffle: false,
      seed: 1,
      loadImage: async () => new Uint8Array(3),
    });
    await expect(collect(loader, 0)).rejects.toThrow('/data/0.jpg');
  });

  it('reads real images through the training-size cache', async () => {
    const work = mkdtempSync(join(tmpdir(), 'deskfit-batches-'));
    try {
      const data = await makeFolderPerClass(join(work, 'data'), { classes: 2, perClass: 3, size: 20 });
      const real: TrainingItem[] = data.files.map((f, i) => ({
        id: i,
        file: join(data.root, f.path),
        hash: `hash${i}`,
        label: data.classes.indexOf(f.labels[0]!),
      }));
      const loader = new BatchLoader({
        items: real,
        cacheDir: join(work, 'cache'),
        size: 8,
        batchSize: 4,
        shuffle: false,
        seed: 1,
      });
      const batches = await collect(loader, 0);
      expect(batches.map((b) => b.pixels.length)).toEqual([4 * 8 * 8 * 3, 2 * 8 * 8 * 3]);
      expect(batches[0]!.pixels.some((v) => v > 0)).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('tensors and normalisation', () => {
  it('moves a batch to the backend as 0..1 floats and normalises per channel, without leaks', async () => {
    const before = tf.memory().numTensors;
    const batch = {
      pixels: new Uint8Array(2 * frame).fill(255),
      labels: Int32Array.from([1, 2]),
      ids: [1, 2],
      count: 2,
    };
    const { x01, y } = batchTensors(batch, size);
    expect(x01.shape).toEqual([2, size, size, 3]);
    expect(await y.data()).toEqual(Int32Array.from([1, 2]));
    const normal = normalizeBatch(x01, imagenetStats);
    const values = await normal.data();
    imagenetStats.mean.forEach((m, c) => expect(values[c]).toBeCloseTo((1 - m) / imagenetStats.std[c]!, 5));
    tf.dispose([x01, y, normal]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('measures channel statistics on 0..1 values', () => {
    const image = new Uint8Array([0, 255, 51, 255, 255, 51]);
    const stats = measureStats([image]);
    expect(stats.mean[0]).toBeCloseTo(0.5, 6);
    expect(stats.mean[1]).toBeCloseTo(1, 6);
    expect(stats.mean[2]).toBeCloseTo(0.2, 6);
    expect(stats.std[0]).toBeCloseTo(0.5, 6);
    expect(stats.std[2]).toBeLessThan(1e-5);
  });

  it('summarises class balance', () => {
    const spec = { classes: ['a', 'b', 'c'], train: items, valid: items.slice(0, 2), cacheDir: '' };
    const { classes, imbalance } = classBalance(spec);
    expect(classes.map((c) => c.train)).toEqual([4, 3, 3]);
    expect(classes.map((c) => c.valid)).toEqual([1, 1, 0]);
    expect(classes[0]!.share).toBeCloseTo(0.4, 6);
    expect(imbalance).toBeCloseTo(4 / 3, 6);
  });
});
