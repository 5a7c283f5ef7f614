import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { Learner } from '../../../../../src/main/engine/learner/learner';
import { learnerEvents } from '../../../../../src/main/engine/learner/events';
import { fineTune, lrFind } from '../../../../../src/main/engine/learner/recipes';
import type { Callback } from '../../../../../src/main/engine/learner/types';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import { data, tinyModel } from './learnerFixtures';

beforeAll(async () => {
  await initBackend();
});

function snapshot(model: ReturnType<typeof tinyModel>): Float32Array[] {
  return model
    .groupVariables()
    .flat()
    .map((v) => v.dataSync() as Float32Array)
    .map((a) => Float32Array.from(a));
}

describe('Learner.fit', () => {
  it('fires the events in fastai order and learns the task with one-cycle, recording every batch and epoch', async () => {
    const model = tinyModel();
    const seen: string[] = [];
    const spy: Callback = {
      name: 'spy',
      ...Object.fromEntries(learnerEvents.map((e) => [e, () => void seen.push(e)])),
    };
    const learn = new Learner({ model, data: data(), task: singleLabelTask(), callbacks: [spy], seed: 1 });
    const outcome = await learn.fitOneCycle(4, 3e-2);
    expect(outcome).toEqual({ status: 'completed' });

    const firstBatch = seen.slice(seen.indexOf('beforeBatch'), seen.indexOf('afterBatch') + 1);
    expect(firstBatch).toEqual([
      'beforeBatch',
      'afterPred',
      'afterLoss',
      'afterBackward',
      'afterStep',
      'afterBatch',
    ]);
    expect(seen[0]).toBe('beforeFit');
    expect(seen.at(-1)).toBe('afterFit');
    expect(seen.filter((e) => e === 'afterEpoch')).toHaveLength(4);

    const { batches, epochs } = learn.recorder;
    expect(batches).toHaveLength(16);
    expect(epochs).toHaveLength(4);
    // One-cycle: the LR rises then falls; momentum does the opposite.
    const lrs = batches.map((b) => b.lrs[1]!);
    const peak = lrs.indexOf(Math.max(...lrs));
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(lrs.length - 1);
    expect(lrs.at(-1)!).toBeLessThan(lrs[0]!);
    expect(batches[peak]!.mom).toBeLessThan(batches[0]!.mom);
    expect(epochs.at(-1)!.validLoss!).toBeLessThan(epochs[0]!.validLoss!);
    expect(epochs.at(-1)!.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(epochs.at(-1)!.metrics.error_rate).toBeCloseTo(1 - epochs.at(-1)!.metrics.accuracy!, 6);
    learn.dispose();
    model.dispose();
  });

  it('keeps the tensor count flat across epochs', async () => {
    const model = tinyModel();
    const counts: number[] = [];
    const learn = new Learner({
      model,
      data: data({ train: 32, valid: 16 }),
      task: singleLabelTask(),
      callbacks: [{ name: 'memory', afterEpoch: () => void counts.push(tf.memory().numTensors) }],
    });
    await learn.fitOneCycle(4, 1e-2);
    expect(new Set(counts.slice(1)).size).toBe(1);
    learn.dispose();
    model.dispose();
  });

  it('stops within one batch when cancelled', async () => {
    const model = tinyModel();
    const controller = new AbortController();
    let batches = 0;
    const learn = new Learner({
      model,
      data: data(),
      task: singleLabelTask(),
      signal: controller.signal,
      callbacks: [
        {
          name: 'stopper',
          afterBatch: () => {
            batches += 1;
            if (batches === 3) controller.abort();
          },
        },
      ],
    });
    const outcome = await learn.fitOneCycle(5, 1e-2);
    expect(outcome.status).toBe('cancelled');
    expect(batches).toBe(3);
    learn.dispose();
    model.dispose();
  });

  it('stops on a non-finite loss, keeps the last good weights and names the learning rate', async () => {
    const model = tinyModel();
    let before: Float32Array[] = [];
    const learn = new Learner({
      model,
      data: data(),
      task: singleLabelTask(),
      optimizer: 'sgd',
      callbacks: [{ name: 'keep', beforeBatch: () => void (before = snapshot(model)) }],
    });
    const outcome = await learn.fit(3, { lrs: () => [1e12, 1e12], mom: () => 0 });
    expect(outcome.status).toBe('diverged');
    if (outcome.status === 'diverged') expect(outcome.reason).toMatch(/learning rate 1\.00e\+12.*10× lower/);
    const after = snapshot(model);
    after.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(before[i]!)));
    expect(after.every((a) => a.every(Number.isFinite))).toBe(true);
    learn.dispose();
    model.dispose();
  });
});

describe('recipes', () => {
  it('lrFind sweeps up, suggests rates and restores the weights exactly', async () => {
    const model = tinyModel();
    const learn = new Learner({ model, data: data({ train: 64, batchSize: 8 }), task: singleLabelTask() });
    const before = snapshot(model);
    const result = await lrFind(learn, { numIt: 60 });
    expect(result.lrs.length).toBeGreaterThan(10);
    expect(result.lrs[1]!).toBeGreaterThan(result.lrs[0]!);
    expect(result.suggestions.problem).toBeNull();
    expect(result.suggestions.valley).toBeGreaterThan(1e-7);
    expect(result.suggestions.valley).toBeLessThan(10);
    snapshot(model).forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(before[i]!)));
    learn.dispose();
    model.dispose();
  });

  it('fineTune trains only the head while frozen, then everything with discriminative rates', async () => {
    const model = tinyModel();
    const learn = new Learner({ model, data: data(), task: singleLabelTask() });
    const bodyBefore = snapshot(model)[0]!;
    let bodyAfterFrozen: Float32Array | undefined;
    let fits = 0;
    learn.addCallback({
      name: 'phase',
      afterFit: () => {
        fits += 1;
        if (fits === 1) bodyAfterFrozen = snapshot(model)[0]!;
      },
    });
    const outcome = await fineTune(learn, { epochs: 2, baseLr: 1e-2 });
    expect(outcome.status).toBe('completed');
    expect(Array.from(bodyAfterFrozen!)).toEqual(Array.from(bodyBefore));
    expect(Array.from(snapshot(model)[0]!)).not.toEqual(Array.from(bodyBefore));
    const unfrozen = learn.recorder.batches.slice(-1)[0]!;
    expect(unfrozen.lrs[0]!).toBeLessThan(unfrozen.lrs[1]!);
    learn.dispose();
    model.dispose();
  });
});
