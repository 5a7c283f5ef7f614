// The augment-preview job: the image centre-cropped as training crops it, then n variants through
// the training augmentation, seeded; still settings return the original pixels exactly; PNG data
// URLs, the original first; fast enough for a slider; clear errors; no tensor left behind.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AugmentPreviewParamsSchema, type EventPayload } from '../../../../src/shared/contract';
import {
  AugmentPreviewResultSchema,
  defaultAugSettings,
  type AugSettings,
} from '../../../../src/shared/training';
import { trainingImageFile } from '../../../../src/main/data/images/cachePaths';
import { renderTrainingImage } from '../../../../src/main/data/images/trainingImages';
import { initBackend } from '../../../../src/main/engine/backend';
import { runAugmentPreviewJob } from '../../../../src/main/engine/jobs/previewJob';
import { inlineTrainer } from '../../../../src/main/jobs/inlineTransport';
import { createService } from '../../../../src/main/service/service';
import { makeFolderPerClass } from '../../../helpers/fixtures';
import { testContext } from './predictFixtures';

let work: string;
let photo: string;
const still: AugSettings = {
  ...defaultAugSettings,
  doFlip: false,
  maxRotate: 0,
  maxZoom: 1,
  maxWarp: 0,
  maxLighting: 0,
};

/** A 240×180 photo-like picture: gradients plus a few blocks, so every transform shows. */
async function makePhoto(file: string): Promise<void> {
  const w = 240;
  const h = 180;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const block = (Math.floor(x / 30) + Math.floor(y / 30)) % 2 === 0;
      raw[(y * w + x) * 3] = Math.round((255 * x) / w);
      raw[(y * w + x) * 3 + 1] = Math.round((255 * y) / h);
      raw[(y * w + x) * 3 + 2] = block ? 220 : 30;
    }
  await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toFile(file);
}

async function pixelsOf(dataUrl: string): Promise<Buffer> {
  expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true);
  const png = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64');
  return sharp(png).removeAlpha().raw().toBuffer();
}

const item = () => ({ id: 7, file: photo, hash: 'ab12cd', name: 'photos/cat.png' });

function params(overrides: Partial<Record<string, unknown>> = {}) {
  return AugmentPreviewParamsSchema.parse({ itemId: 7, ...overrides });
}

beforeAll(async () => {
  await initBackend();
  work = await mkdtemp(join(tmpdir(), 'deskfit-preview-'));
  photo = join(work, 'photo.png');
  await makePhoto(photo);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('augment-preview job', () => {
  it('with every magnitude zero, returns the training crop and n copies of exactly its pixels', async () => {
    const cacheDir = join(work, 'cache');
    const before = tf.memory().numTensors;
    const result = await runAugmentPreviewJob(
      params({ n: 4, size: 48, augmentation: still }),
      { items: [item()], cacheDir },
      testContext(),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ itemId: 7, size: 48 });
    expect(result.images).toHaveLength(4);
    const original = await pixelsOf(result.original);
    expect(original.equals(await renderTrainingImage(photo, 48))).toBe(true);
    for (const image of result.images) expect((await pixelsOf(image)).equals(original)).toBe(true);
    expect(existsSync(trainingImageFile(cacheDir, 'ab12cd', 48))).toBe(true);
  });

  it('is seeded: the same seed gives the same variants, another seed others', async () => {
    const run = (seed: number) =>
      runAugmentPreviewJob(params({ n: 6, size: 64, seed }), { items: [item()] }, testContext());
    const a = await run(1);
    const again = await run(1);
    const b = await run(2);
    expect(again.images).toEqual(a.images);
    expect(b.original).toBe(a.original);
    const differing = b.images.filter((img, i) => img !== a.images[i]);
    expect(differing.length).toBeGreaterThanOrEqual(5);
    expect(new Set(a.images).size).toBeGreaterThanOrEqual(5);
    const original = await pixelsOf(a.original);
    const changed = await Promise.all(a.images.map(async (img) => !(await pixelsOf(img)).equals(original)));
    expect(changed.filter(Boolean).length).toBeGreaterThanOrEqual(5);
  });

  it('previews 8 variants at 160 px in under a second (wasm)', async () => {
    await runAugmentPreviewJob(params({ n: 8, size: 160, seed: 3 }), { items: [item()] }, testContext());
    const started = performance.now();
    const result = await runAugmentPreviewJob(
      params({ n: 8, size: 160, seed: 4 }),
      { items: [item()] },
      testContext(),
    );
    const ms = performance.now() - started;
    expect(result.images).toHaveLength(8);
    // ~250 ms on wasm here; the pure-JS cpu fallback's GatherNd makes the same path ~3 s.
    expect(ms).toBeLessThan(tf.getBackend() === 'cpu' ? 6000 : 1000);
  });

  it('names the image it cannot read, and needs its item', async () => {
    const broken = join(work, 'broken.jpg');
    await writeFile(broken, 'this is text');
    await expect(
      runAugmentPreviewJob(
        params(),
        { items: [{ id: 1, file: broken, name: 'x/broken.jpg' }] },
        testContext(),
      ),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/Cannot preview x\/broken\.jpg: The file holds text/),
    });
    await expect(runAugmentPreviewJob(params(), {}, testContext())).rejects.toThrow(
      'The augment-preview job arrived without its items.',
    );
  });

  it('runs from the app: jobs:start augment-preview on a project item comes back done with the images', async () => {
    process.env.DESKFIT_HOME = join(work, 'home');
    const service = createService({ mode: 'web', spawnTrainer: inlineTrainer() });
    try {
      const call = async (channel: string, input: unknown) => {
        const reply = await service.dispatch(channel, input);
        if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
        return reply.value;
      };
      const data = await makeFolderPerClass(join(work, 'shapes'), {
        classes: ['a', 'b'],
        perClass: 3,
        size: 40,
      });
      await call('projects:create', { dir: join(work, 'shapes.deskfit') });
      const imported = new Promise((done) => service.events.on('dataset:importDone', done));
      await call('dataset:import', { folder: data.root });
      await imported;
      const page = (await call('items:query', { offset: 0, limit: 1 })) as { items: { id: number }[] };
      const itemId = page.items[0]!.id;
      const outcome = new Promise<EventPayload<'jobs:done'> | EventPayload<'jobs:failed'>>((done) => {
        service.events.on('jobs:done', done);
        service.events.on('jobs:failed', done);
      });
      await call('jobs:start', { kind: 'augment-preview', params: { itemId, n: 3, size: 32, seed: 5 } });
      const ended = await outcome;
      expect('result' in ended).toBe(true);
      const result = AugmentPreviewResultSchema.parse((ended as EventPayload<'jobs:done'>).result);
      expect(result).toMatchObject({ itemId, size: 32 });
      expect(result.images).toHaveLength(3);
      expect((await pixelsOf(result.original)).length).toBe(32 * 32 * 3);
    } finally {
      await service.dispose();
    }
  });
});
