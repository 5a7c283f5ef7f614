import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import type { ChannelStats } from '../../../../../src/main/engine/data/normalize';
import { modelVariables } from '../../../../../src/main/engine/checkpoint/modelWeights';
import { learnerModel } from '../../../../../src/main/engine/jobs/learnerModel';
import { Learner } from '../../../../../src/main/engine/learner/learner';
import type { LearnerModel } from '../../../../../src/main/engine/learner/types';
import { createModel } from '../../../../../src/main/engine/models/createModel';
import { isMovingStatistic } from '../../../../../src/main/engine/optim/paramGroups';
import { DataParallelRunner, shardCounts } from '../../../../../src/main/engine/parallel/dataParallelRunner';
import type { ReplicaModelSpec, ReplicaSpec } from '../../../../../src/main/engine/parallel/replicaSpec';
import { weightsChecksum } from '../../../../../src/main/engine/parallel/replicaState';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import { bundleForWorker, trainerWorkerEntry } from '../../../../helpers/workerBundle';
import { data, size } from '../learner/learnerFixtures';
import { plainConvNet } from './parallelFixtures';

const stats: ChannelStats = { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
let backend: 'wasm' | 'cpu' = 'wasm';
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const report = await initBackend();
  backend = report.backend === 'cpu' ? 'cpu' : 'wasm';
});

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function fixtureSpec(exportName: string, args: unknown[]): Promise<ReplicaModelSpec> {
  const url = await bundleForWorker('test/unit/node/engine/parallel/parallelFixtures.ts');
  return { kind: 'module', url, exportName, args };
}

function spec(model: ReplicaModelSpec, optimizer: ReplicaSpec['optimizer']): ReplicaSpec {
  return {
    model,
    task: { kind: 'single-label', labelSmoothing: 0 },
    size,
    stats,
    augment: null,
    optimizer,
    wd: 0.01,
    backend,
  };
}

async function startRunner(model: LearnerModel, replicaSpec: ReplicaSpec): Promise<DataParallelRunner> {
  const runner = await DataParallelRunner.start(model, {
    spec: replicaSpec,
    replicas: 2,
    workerEntry: await trainerWorkerEntry(),
  });
  cleanup.push(() => runner.dispose());
  return runner;
}

const values = (model: LearnerModel) =>
  modelVariables(model.model).map((v) => Float32Array.from(v.dataSync() as Float32Array));
const trainedWeights = (model: LearnerModel) =>
  modelVariables(model.model).filter((v) => !isMovingStatistic(v));

describe('shardCounts', () => {
  it('splits a batch into contiguous shares, larger first', () => {
    expect(shardCounts(64, 2)).toEqual([32, 32]);
    expect(shardCounts(15, 2)).toEqual([8, 7]);
    expect(shardCounts(1, 2)).toEqual([1, 0]);
    expect(shardCounts(10, 3)).toEqual([4, 3, 3]);
  });
});

describe('data-parallel training over worker threads', () => {
  it('two replicas on half batches take the same steps as one replica on the full batch (no BatchNorm, no dropout)', async () => {
    // 31 items in batches of 16: the last batch splits 8 / 7, so the average must weigh by items.
    const single = plainConvNet(size, 2, 5);
    const parallel = plainConvNet(size, 2, 5);
    cleanup.push(
      () => single.dispose(),
      () => parallel.dispose(),
    );
    const runner = await startRunner(parallel, spec(await fixtureSpec('plainConvNet', [size, 2, 5]), 'sgd'));
    const fit = async (model: LearnerModel, stepRunner?: DataParallelRunner) => {
      const learn = new Learner({
        model,
        data: data({ train: 31, valid: 8 }),
        task: singleLabelTask(),
        optimizer: 'sgd-momentum',
        ...(stepRunner ? { stepRunner } : {}),
      });
      await learn.fitOneCycle(3, 0.1);
      learn.dispose();
      return learn.recorder;
    };
    const one = await fit(single);
    const two = await fit(parallel, runner);

    expect(two.batches).toHaveLength(6);
    two.batches.forEach((b, i) => expect(b.rawLoss).toBeCloseTo(one.batches[i]!.rawLoss, 5));
    const a = values(single);
    const b = values(parallel);
    a.forEach((w, i) => {
      const diff = Math.max(...w.map((x, k) => Math.abs(x - b[i]![k]!)));
      expect(diff).toBeLessThan(2e-5);
    });
    // The weights moved, and the worker's replica is bit-identical to rank 0's.
    expect(
      Math.max(...a[0]!.map((x, k) => Math.abs(x - values(plainConvNet(size, 2, 5))[0]![k]!))),
    ).toBeGreaterThan(1e-3);
    expect(await runner.checksums('all')).toEqual([weightsChecksum(modelVariables(parallel.model))]);
  });

  it('with BatchNorm, two replicas learn a tiny task and keep bit-identical weights (running statistics per replica)', async () => {
    const options = { inputSize: size, nClasses: 2, seed: 3, width: 4 };
    const built = await createModel('simple-cnn', options);
    cleanup.push(() => built.dispose());
    const model = learnerModel(built);
    const runner = await startRunner(model, spec({ kind: 'arch', arch: 'simple-cnn', options }, 'adamw'));
    const checks: boolean[] = [];
    const learn = new Learner({
      model,
      data: data(),
      task: singleLabelTask(),
      stepRunner: runner,
      callbacks: [
        {
          name: 'identical',
          afterEpoch: async () => {
            const [worker] = await runner.checksums('weights');
            checks.push(worker === weightsChecksum(trainedWeights(model)));
          },
        },
      ],
    });
    const outcome = await learn.fitOneCycle(4, 3e-2);
    learn.dispose();
    expect(outcome).toEqual({ status: 'completed' });
    expect(checks).toEqual([true, true, true, true]);
    const epochs = learn.recorder.epochs;
    expect(epochs.at(-1)!.trainLoss).toBeLessThan(epochs[0]!.trainLoss);
    expect(epochs.at(-1)!.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
    // Each replica normalised its own half-batches: the running statistics differ.
    expect(await runner.checksums('all')).not.toEqual([weightsChecksum(modelVariables(built.model))]);
  });

  it('stops within one batch when cancelled, leaks no tensors on any thread and ends its workers', async () => {
    const model = plainConvNet(size, 2, 5);
    cleanup.push(() => model.dispose());
    const runner = await startRunner(model, spec(await fixtureSpec('plainConvNet', [size, 2, 5]), 'adamw'));
    const workerBefore = await runner.workerTensors();
    const controller = new AbortController();
    let batches = 0;
    const learn = new Learner({
      model,
      data: data(),
      task: singleLabelTask(),
      stepRunner: runner,
      signal: controller.signal,
      callbacks: [
        {
          name: 'stopper',
          afterBatch: () => {
            batches += 1;
            if (batches === 6) controller.abort();
          },
        },
      ],
    });
    const before = tf.memory().numTensors;
    const outcome = await learn.fitOneCycle(5, 1e-2);
    expect(outcome.status).toBe('cancelled');
    expect(batches).toBe(6);
    learn.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The worker holds its optimizer's averages (two per weight) and nothing from the steps.
    const weights = model.groupVariables().flat().length;
    expect(await runner.workerTensors()).toEqual([workerBefore[0]! + 2 * weights]);
    expect(runner.runningWorkers).toBe(1);
    await runner.dispose();
    expect(runner.runningWorkers).toBe(0);
  });

  it.each([
    ['exit', /Training worker 1 stopped unexpectedly \(exit code 3\)/],
    ['throw', /Training worker 1 failed: out of memory in the test replica/],
  ] as const)('turns a worker that fails mid-fit (%s) into a clear error', async (failure, message) => {
    const model = plainConvNet(size, 2, 5);
    cleanup.push(() => model.dispose());
    const runner = await startRunner(
      model,
      spec(await fixtureSpec('failingConvNet', [size, 2, 5, 3, failure]), 'adamw'),
    );
    const learn = new Learner({ model, data: data(), task: singleLabelTask(), stepRunner: runner });
    const before = tf.memory().numTensors;
    await expect(learn.fitOneCycle(2, 1e-2)).rejects.toThrow(message);
    learn.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await runner.dispose();
    expect(runner.runningWorkers).toBe(0);
  });
});
