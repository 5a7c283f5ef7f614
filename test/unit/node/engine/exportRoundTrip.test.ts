// Export round trip: a model trained through the engine, saved as the trainer saves it, exported
// with the app's exporter and loaded back with `loadModel` predicts exactly what the in-memory model
// predicted — through `loadModel` directly and through the predict job on the image folder.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTrainingImage } from '../../../../src/main/data/images/trainingImages';
import { normalizeBatch } from '../../../../src/main/engine/data/batchLoader';
import { loadModel } from '../../../../src/main/engine/jobs/loadModel';
import { runPredictJob } from '../../../../src/main/engine/jobs/predictJob';
import { exportModelDir } from '../../../../src/main/service/modelExport';
import { classes, inputSize, testContext, trainTinyModel, type TrainedFixture } from './predictFixtures';

let work: string;
let fx: TrainedFixture;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deskfit-export-'));
  fx = await trainTinyModel(work);
});
afterAll(async () => {
  fx?.model.dispose();
  await rm(work, { recursive: true, force: true });
});

/** Every fixture image as a normalised batch, prepared as training prepares it. */
async function allImages(): Promise<{ names: string[]; x: tf.Tensor4D }> {
  const items = [...fx.dataset.train, ...fx.dataset.valid].sort((a, b) => (a.file < b.file ? -1 : 1));
  const pixels = await Promise.all(
    items.map((i) => ensureTrainingImage(fx.dataset.cacheDir, i.hash, i.file, inputSize)),
  );
  const frame = inputSize * inputSize * 3;
  const all = new Uint8Array(items.length * frame);
  pixels.forEach((p, k) => all.set(p, k * frame));
  const x = tf.tidy(() =>
    normalizeBatch(
      tf.div(tf.cast(tf.tensor4d(all, [items.length, inputSize, inputSize, 3], 'int32'), 'float32'), 255),
      fx.stats,
    ),
  );
  return { names: items.map((i) => i.file.slice(fx.images.root.length + 1)), x };
}

describe('export round trip', () => {
  it('the exported model reloads with its manifest and gives bit-identical logits', async () => {
    const exported = await exportModelDir(fx.modelDir, join(work, 'exported'));
    expect(exported.files).toEqual(['README.md', 'deskfit.json', 'model.json', 'weights.bin']);
    const before = tf.memory().numTensors;
    const loaded = await loadModel(exported.dir);
    expect(loaded.classes).toEqual(classes);
    expect(loaded.inputSize).toBe(inputSize);
    expect(loaded.stats).toEqual(fx.stats);
    const { x } = await allImages();
    const original = fx.model.model.predict(x) as tf.Tensor;
    const reloaded = loaded.model.predict(x) as tf.Tensor;
    expect(Array.from(await reloaded.data())).toEqual(Array.from(await original.data()));
    tf.dispose([x, original, reloaded]);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the predict job on the exported folder gives the in-memory model’s probabilities exactly', async () => {
    const exportDir = join(work, 'exported-2');
    await exportModelDir(fx.modelDir, exportDir);
    const { names, x } = await allImages();
    const expected = tf.tidy(() => tf.softmax(fx.model.model.predict(x) as tf.Tensor2D));
    const probs = (await expected.array()) as number[][];
    tf.dispose([x, expected]);
    const before = tf.memory().numTensors;
    const result = await runPredictJob(
      { modelDir: exportDir, source: { paths: [fx.images.root] }, tta: false },
      { modelDir: exportDir },
      testContext(),
      { batchSize: 5 },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.failed).toEqual([]);
    expect(result.rows.map((r) => r.name)).toEqual(names);
    expect(result.rows.map((r) => r.probs)).toEqual(probs.map((row) => row.map((p) => Math.fround(p))));
  });
});

describe('loadModel', () => {
  it('names the folder and what is wrong: missing folder, missing files, newer deskfit, wrong shape', async () => {
    const missing = join(work, 'nope');
    await expect(loadModel(missing)).rejects.toThrow(`No model at ${missing}: the folder does not exist`);

    const noManifest = join(work, 'no-manifest');
    await cp(fx.modelDir, noManifest, { recursive: true });
    await rm(join(noManifest, 'deskfit.json'));
    await expect(loadModel(noManifest)).rejects.toMatchObject({
      code: 'NO_MODEL',
      message: expect.stringContaining(
        `${noManifest} is not a usable deskfit model folder: deskfit.json is missing`,
      ),
    });

    const manifest = JSON.parse(await readFile(join(fx.modelDir, 'deskfit.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const newer = join(work, 'newer');
    await cp(fx.modelDir, newer, { recursive: true });
    await writeFile(join(newer, 'deskfit.json'), JSON.stringify({ ...manifest, deskfit: 99 }));
    await expect(loadModel(newer)).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringMatching(/newer deskfit .*format 99.*Update deskfit/),
    });

    const noWeights = join(work, 'no-weights');
    await cp(fx.modelDir, noWeights, { recursive: true });
    await rm(join(noWeights, 'weights.bin'));
    await expect(loadModel(noWeights)).rejects.toThrow(/no-weights is not a usable.*weights\.bin.*missing/);

    const badField = join(work, 'bad-field');
    await cp(fx.modelDir, badField, { recursive: true });
    await writeFile(join(badField, 'deskfit.json'), JSON.stringify({ ...manifest, inputSize: 'big' }));
    await expect(loadModel(badField)).rejects.toThrow(/deskfit\.json field inputSize/);

    const wrongClasses = join(work, 'wrong-classes');
    await cp(fx.modelDir, wrongClasses, { recursive: true });
    await writeFile(join(wrongClasses, 'deskfit.json'), JSON.stringify({ ...manifest, classes: ['a', 'b'] }));
    const before = tf.memory().numTensors;
    await expect(loadModel(wrongClasses)).rejects.toThrow(
      /gives \[, 3\] scores but deskfit\.json lists 2 classes/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
