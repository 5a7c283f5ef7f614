import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { modelVariables } from '../../../../../src/main/engine/checkpoint/modelWeights';
import type { ChannelStats } from '../../../../../src/main/engine/data/normalize';
import { Learner } from '../../../../../src/main/engine/learner/learner';
import type { LearnerModel } from '../../../../../src/main/engine/learner/types';
import { DataParallelRunner } from '../../../../../src/main/engine/parallel/dataParallelRunner';
import { chooseStepMode, MeasuredStepRunner } from '../../../../../src/main/engine/parallel/measuredRunner';
import { weightsChecksum } from '../../../../../src/main/engine/parallel/replicaState';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import { bundleForWorker, trainerWorkerEntry } from '../../../../helpers/workerBundle';
import { data, size } from '../learner/learnerFixtures';
import { plainConvNet } from './parallelFixtures';

const stats: ChannelStats = { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
let backend: 'wasm' | 'cpu' = 'wasm';
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  backend = (await initBackend()).backend === 'cpu' ? 'cpu' : 'wasm';
});
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('chooseStepMode', () => {
  it('keeps data-parallel only when its median step is at least 10% faster', () => {
    expect(chooseStepMode([100, 90, 110], [60, 300, 61])).toEqual({
      parallel: true,
      localMs: 100,
      parallelMs: 61,
    });
    expect(chooseStepMode([100, 100, 100], [95, 95, 95]).parallel).toBe(false);
    expect(chooseStepMode([], [50]).parallel).toBe(false);
  });
});

describe('MeasuredStepRunner', () => {
  it.each([true, false])(
    'measures both ways, then keeps one (data-parallel: %s) and trains as one thread would',
    async (parallel) => {
      const single = plainConvNet(size, 2, 5);
      const model = plainConvNet(size, 2, 5);
      cleanup.push(
        () => single.dispose(),
        () => model.dispose(),
      );
      const url = await bundleForWorker('test/unit/node/engine/parallel/parallelFixtures.ts');
      const runner = await DataParallelRunner.start(model, {
        replicas: 2,
        workerEntry: await trainerWorkerEntry(),
        spec: {
          model: { kind: 'module', url, exportName: 'plainConvNet', args: [size, 2, 5] },
          task: { kind: 'single-label', labelSmoothing: 0 },
          size,
          stats,
          augment: null,
          optimizer: 'adamw',
          wd: 0.01,
          backend,
        },
      });
      const measured = new MeasuredStepRunner(runner, {
        trialSteps: 2,
        choose: (local, par) => ({ parallel, localMs: local[0]!, parallelMs: par[0]! }),
      });
      cleanup.push(() => measured.dispose());
      const fit = async (m: LearnerModel, stepRunner?: MeasuredStepRunner) => {
        const learn = new Learner({
          model: m,
          data: data({ train: 64, valid: 8, batchSize: 16 }),
          task: singleLabelTask(),
          ...(stepRunner ? { stepRunner } : {}),
        });
        await learn.fitOneCycle(3, 1e-2);
        learn.dispose();
      };
      await fit(single);
      await fit(model, measured);
      expect(measured.choice?.parallel).toBe(parallel);
      expect(measured.description).toBe(parallel ? 'data-parallel ×2' : 'local');
      expect(runner.runningWorkers).toBe(parallel ? 1 : 0);
      if (parallel)
        expect(await runner.checksums('all')).toEqual([weightsChecksum(modelVariables(model.model))]);
      // Three steps on one thread, three data-parallel, then the choice: the same weights as one thread.
      const a = modelVariables(single.model).map((v) => v.dataSync());
      modelVariables(model.model).forEach((v, i) => {
        const b = v.dataSync();
        const diff = Math.max(...Array.from(b, (x, k) => Math.abs(x - a[i]![k]!)));
        expect(diff).toBeLessThan(1e-4);
      });
    },
  );
});
