// Interpretation: the pure builder against hand-computed figures, fastai's TTA combination, and the
// interpret job on a tiny trained model (confusion matrix, top losses, accuracy equal to the
// Learner's own validation, TTA with still augmentation, labels matched to the model by class
// name, the result saved in the run folder).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterpretResultSchema, defaultAugSettings } from '../../../../src/shared/training';
import { initBackend } from '../../../../src/main/engine/backend';
import { buildInterpretation } from '../../../../src/main/engine/interpret/interpretation';
import { runInterpretJob } from '../../../../src/main/engine/jobs/interpretJob';
import { ttaCombine } from '../../../../src/main/engine/predict/tta';
import { runInterpretFile } from '../../../../src/main/runs/runLayout';
import { classes, testContext, trainTinyModel, type TrainedFixture } from './predictFixtures';

beforeAll(async () => {
  await initBackend();
});

describe('buildInterpretation', () => {
  it('computes the confusion matrix, most confused pairs, top losses and columns by hand', () => {
    const probs = [
      [0.7, 0.2, 0.1], // item 10: a → a
      [0.1, 0.6, 0.3], // item 11: a → b
      [0.2, 0.5, 0.3], // item 12: b → b
      [0.1, 0.8, 0.1], // item 13: c → b
      [0.3, 0.6, 0.1], // item 14: c → b
    ];
    const targets = [0, 0, 1, 2, 2];
    const losses = targets.map((t, i) => -Math.log(probs[i]![t]!));
    const r = buildInterpretation({
      runId: 'run-1',
      classes: ['a', 'b', 'c'],
      tta: false,
      itemIds: [10, 11, 12, 13, 14],
      targets,
      probs,
      losses,
      topK: 3,
    });
    expect(r.confusion).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 2, 0],
    ]);
    expect(r.accuracy).toBeCloseTo(2 / 5, 12);
    expect(r.loss).toBeCloseTo(losses.reduce((a, b) => a + b) / 5, 12);
    expect(r.mostConfused).toEqual([
      { actual: 'c', predicted: 'b', count: 2 },
      { actual: 'a', predicted: 'b', count: 1 },
    ]);
    // Losses: −ln 0.7, −ln 0.1, −ln 0.5, −ln 0.1, −ln 0.1 → the three 0.1s, in input order.
    expect(r.topLosses).toEqual([
      { itemId: 11, actual: 'a', predicted: 'b', loss: -Math.log(0.1), probability: 0.6 },
      { itemId: 13, actual: 'c', predicted: 'b', loss: -Math.log(0.1), probability: 0.8 },
      { itemId: 14, actual: 'c', predicted: 'b', loss: -Math.log(0.1), probability: 0.6 },
    ]);
    expect(r.items).toEqual({
      itemId: [10, 11, 12, 13, 14],
      actual: [0, 0, 1, 2, 2],
      predicted: [0, 1, 1, 1, 1],
      probability: [0.7, 0.6, 0.5, 0.8, 0.6],
      loss: losses,
    });
    expect(InterpretResultSchema.parse(r)).toEqual(r);
  });

  it('refuses mismatched lengths and an empty set, saying why', () => {
    const base = { runId: '', classes: ['a', 'b'], tta: false, topK: 5 };
    expect(() =>
      buildInterpretation({ ...base, itemIds: [1, 2], targets: [0], probs: [[1, 0]], losses: [0] }),
    ).toThrow(/2 items but 1 predictions, 1 targets and 1 losses/);
    expect(() => buildInterpretation({ ...base, itemIds: [], targets: [], probs: [], losses: [] })).toThrow(
      /no items to score/,
    );
  });
});

describe('ttaCombine', () => {
  it('is lerp(mean of the augmented passes, plain, beta), as fastai', () => {
    const before = tf.memory().numTensors;
    const plain = tf.tensor2d([[1, 0]]);
    const augmented = [tf.tensor2d([[0, 1]]), tf.tensor2d([[0.5, 0.5]])];
    const out = ttaCombine(plain, augmented, 0.25);
    // mean = [0.25, 0.75]; 0.25 + 0.25·(1 − 0.25) = 0.4375; 0.75 + 0.25·(0 − 0.75) = 0.5625.
    expect(Array.from(out.dataSync())).toEqual([0.4375, 0.5625]);
    const plainOnly = ttaCombine(plain, augmented, 1);
    expect(Array.from(plainOnly.dataSync())).toEqual([1, 0]);
    tf.dispose([plain, ...augmented, out, plainOnly]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => ttaCombine(plain, [], 0.25)).toThrow(/at least one augmented/);
  });
});

describe('interpret job', () => {
  let work: string;
  let fx: TrainedFixture;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'deskfit-interpret-'));
    fx = await trainTinyModel(work);
  });
  afterAll(async () => {
    fx?.model.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('interprets the validation set as the Learner validated it, and saves the result in the run', async () => {
    const runDir = join(work, 'runs', 'r1');
    const before = tf.memory().numTensors;
    const result = await runInterpretJob(
      { tta: false, topLosses: 4 },
      {
        dataset: fx.dataset,
        modelDir: fx.modelDir,
        runId: 'r1',
        runDir,
        augmentation: defaultAugSettings,
      },
      testContext(),
      { batchSize: 4 },
    );
    expect(tf.memory().numTensors).toBe(before);
    const n = fx.dataset.valid.length;
    expect(result.runId).toBe('r1');
    expect(result.classes).toEqual(classes);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(n);
    result.confusion.forEach((row, c) =>
      expect(row.reduce((a, b) => a + b, 0)).toBe(fx.dataset.valid.filter((i) => i.label === c).length),
    );
    expect(result.accuracy).toBe(fx.validAccuracy);
    expect(result.accuracy).toBeGreaterThanOrEqual(2 / 3);
    const diagonal = result.confusion.reduce((sum, row, c) => sum + (row[c] ?? 0), 0);
    expect(result.accuracy).toBeCloseTo(diagonal / n, 12);

    const validIds = new Set(fx.dataset.valid.map((i) => i.id));
    expect(result.items.itemId.sort()).toEqual([...validIds].sort());
    expect(result.topLosses).toHaveLength(4);
    const lossOf = new Map(result.items.itemId.map((id, k) => [id, result.items.loss[k]!]));
    const allLosses = [...lossOf.values()].sort((a, b) => b - a);
    expect(result.topLosses.map((t) => t.loss)).toEqual(allLosses.slice(0, 4));
    for (const t of result.topLosses) {
      expect(validIds.has(t.itemId)).toBe(true);
      expect(lossOf.get(t.itemId)).toBe(t.loss);
      expect(t.actual).toBe(classes[fx.dataset.valid.find((i) => i.id === t.itemId)!.label]);
    }
    expect(result.loss).toBeCloseTo(allLosses.reduce((a, b) => a + b, 0) / n, 10);

    const saved = InterpretResultSchema.parse(JSON.parse(await readFile(runInterpretFile(runDir), 'utf8')));
    expect(saved).toEqual(InterpretResultSchema.parse(result));
  });

  it('TTA with still augmentation gives the plain figures up to the averaging', async () => {
    const data = { dataset: fx.dataset, modelDir: fx.modelDir };
    const plain = await runInterpretJob({ tta: false, topLosses: 50 }, data, testContext());
    const still = await runInterpretJob(
      { tta: true, topLosses: 50 },
      {
        ...data,
        augmentation: {
          ...defaultAugSettings,
          doFlip: false,
          maxRotate: 0,
          maxZoom: 1,
          maxWarp: 0,
          maxLighting: 0,
        },
      },
      testContext(),
    );
    expect(still.tta).toBe(true);
    expect(still.confusion).toEqual(plain.confusion);
    expect(still.items.predicted).toEqual(plain.items.predicted);
    still.items.probability.forEach((p, i) => expect(p).toBeCloseTo(plain.items.probability[i]!, 6));
    still.items.loss.forEach((l, i) => expect(l).toBeCloseTo(plain.items.loss[i]!, 4));
  });

  it('matches project labels to the model by class name and leaves out classes it never saw', async () => {
    const plain = await runInterpretJob(
      { tta: false, topLosses: 50 },
      { dataset: fx.dataset, modelDir: fx.modelDir },
      testContext(),
    );
    // The project's classes reordered, plus a new class the model was not trained on.
    const projectClasses = ['blue', 'new', 'red', 'green'];
    const relabelled = {
      ...fx.dataset,
      classes: projectClasses,
      valid: [
        ...fx.dataset.valid.map((i) => ({ ...i, label: projectClasses.indexOf(classes[i.label]!) })),
        { ...fx.dataset.valid[0]!, id: 9999, label: 1 },
      ],
    };
    const ctx = testContext();
    const remapped = await runInterpretJob(
      { tta: false, topLosses: 50 },
      { dataset: relabelled, modelDir: fx.modelDir },
      ctx,
    );
    expect(remapped.classes).toEqual(classes);
    expect(remapped.confusion).toEqual(plain.confusion);
    expect(remapped.items.itemId).not.toContain(9999);
    expect(ctx.updates.at(-1)!.message).toMatch(/Left out 1 of classes the model was not trained on/);
  });

  it('says what to do when the validation set is empty', async () => {
    await expect(
      runInterpretJob(
        { tta: false, topLosses: 5 },
        { dataset: { ...fx.dataset, valid: [] }, modelDir: fx.modelDir },
        testContext(),
      ),
    ).rejects.toThrow(/validation set is empty.*valid split/);
  });
});
