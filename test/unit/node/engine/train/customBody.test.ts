// "Or any TF.js Layers model the user points at": a train job on the body of a model saved on disk
// (cut before its last pooling layer, fastai's head on top) trains, saves a model marked 'custom'
// that reloads as a classifier of the project's classes; a path that is no model is a clear error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import type { DatasetSpec } from '../../../../../src/main/engine/data/datasetSpec';
import { loadModel } from '../../../../../src/main/engine/jobs/loadModel';
import { saveModel } from '../../../../../src/main/engine/jobs/saveModel';
import { runTrainJob } from '../../../../../src/main/engine/jobs/trainJob';
import { jobContext, jobDataFor, makeDataset, trainParams } from './trainFixtures';

let work: string;
let project: string;
let dataset: DatasetSpec;
let bodyDir: string;

/** A small user model: two convs, global pooling, its own 5-way classifier (which is cut away). */
function userModel(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3] });
  let x = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input);
  x = tf.layers
    .conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })
    .apply(x);
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  const out = tf.layers.dense({ units: 5, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

beforeAll(async () => {
  await initBackend();
  work = mkdtempSync(join(tmpdir(), 'deskfit-body-'));
  project = join(work, 'project');
  dataset = await makeDataset(work);
  bodyDir = join(work, 'user-model');
  const model = userModel();
  await saveModel(model, bodyDir);
  model.dispose();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a custom body', () => {
  it('trains under the head, is saved as custom and reloads as a working classifier', async () => {
    const before = tf.memory().numTensors;
    const { ctx } = jobContext();
    const result = await runTrainJob(
      trainParams({ body: join(bodyDir, 'model.json'), pretrained: false, epochs: 2, width: undefined }),
      jobDataFor(project, dataset, 'custom'),
      ctx,
    );
    expect(result.arch).toBe('custom');
    expect(result.epochs).toHaveLength(2);
    expect(result.epochs.every((e) => Number.isFinite(e.train_loss))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);

    const loaded = await loadModel(result.model);
    try {
      expect(loaded.manifest.arch).toBe('custom');
      expect(loaded.classes).toEqual(['a', 'b']);
      const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3);
      const probs = tf.tidy(() => tf.softmax(loaded.model.predict(x) as tf.Tensor));
      expect(probs.shape).toEqual([2, 2]);
      const sums = Array.from(await probs.sum(1).data());
      sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
      tf.dispose([x, probs]);
    } finally {
      loaded.dispose();
    }
  });

  it('names the path when it is not a TF.js Layers model', async () => {
    const bogus = join(work, 'notes.json');
    writeFileSync(bogus, '{"hello": "world"}');
    const { ctx } = jobContext();
    await expect(
      runTrainJob(trainParams({ body: bogus, width: undefined }), jobDataFor(project, dataset, 'bogus'), ctx),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(bogus) });
  });
});
