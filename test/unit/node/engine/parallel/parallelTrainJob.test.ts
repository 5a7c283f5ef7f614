// A train job with DESKFIT_TRAIN_WORKERS=2 trains data-parallel (worker built from the current
// sources), and its checkpoints still resume exactly: a run stopped in fine-tune's unfrozen phase
// and resumed follows the same per-epoch losses as the same data-parallel run never stopped.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import type { DatasetSpec } from '../../../../../src/main/engine/data/datasetSpec';
import { runTrainJob } from '../../../../../src/main/engine/jobs/trainJob';
import { parallelChoice } from '../../../../../src/main/engine/parallel/parallelChoice';
import { trainerWorkerEntry } from '../../../../helpers/workerBundle';
import { jobContext, jobDataFor, makeDataset, stopAfterEpoch, trainParams } from '../train/trainFixtures';

let work: string;
let dataset: DatasetSpec;
let backend = '';
const saved = { ...process.env };

beforeAll(async () => {
  backend = (await initBackend()).backend;
  process.env['DESKFIT_TRAIN_WORKERS'] = '2';
  process.env['DESKFIT_TRAIN_WORKER_ENTRY'] = (await trainerWorkerEntry()).href;
  work = mkdtempSync(join(tmpdir(), 'deskfit-parallel-'));
  dataset = await makeDataset(work);
});
afterAll(() => {
  process.env = saved;
  rmSync(work, { recursive: true, force: true });
});

describe('parallelChoice', () => {
  it('is opt-in (a count or auto), only for the single-threaded backends and only with a second core', () => {
    expect(parallelChoice('wasm', {}, 8).replicas).toBe(1);
    expect(parallelChoice('wasm', { DESKFIT_TRAIN_WORKERS: '1' }, 8).replicas).toBe(1);
    expect(parallelChoice('wasm', { DESKFIT_TRAIN_WORKERS: '2' }, 8)).toMatchObject({
      replicas: 2,
      measure: false,
    });
    expect(parallelChoice('wasm', { DESKFIT_TRAIN_WORKERS: 'auto' }, 8)).toMatchObject({
      replicas: 2,
      measure: true,
    });
    expect(parallelChoice('wasm', { DESKFIT_TRAIN_WORKERS: 'auto' }, 1).replicas).toBe(1);
    expect(parallelChoice('cpu', { DESKFIT_TRAIN_WORKERS: '4' }, 2).replicas).toBe(2);
    expect(parallelChoice('wasm', { DESKFIT_TRAIN_WORKERS: '2' }, 1).replicas).toBe(1);
    expect(parallelChoice('tfjs-node', { DESKFIT_TRAIN_WORKERS: '2' }, 8)).toMatchObject({
      replicas: 1,
      reason: 'the tfjs-node backend already uses every core',
    });
    expect(() => parallelChoice('wasm', { DESKFIT_TRAIN_WORKERS: 'two' }, 8)).toThrow(
      /DESKFIT_TRAIN_WORKERS must be auto or a whole number/,
    );
  });
});

describe('a data-parallel train job', () => {
  it.skipIf(availableParallelism() < 2)(
    "finds the learning rate (the LR finder's restore reaches the workers) and then trains",
    async () => {
      const run = await runTrainJob(
        trainParams({ epochs: 2, lr: 'auto' }),
        jobDataFor(work, dataset, 'lr-auto'),
        jobContext().ctx,
      );
      expect(run.outcome.status).toBe('completed');
      expect(run.lr).toBeGreaterThan(1e-7);
      expect(run.lr).toBeLessThan(10);
      expect(run.epochs.every((e) => Number.isFinite(e.train_loss))).toBe(true);
    },
  );
  it.skipIf(availableParallelism() < 2)(
    'with DESKFIT_TRAIN_WORKERS=auto measures both ways on its first steps and says which it kept',
    async () => {
      process.env['DESKFIT_TRAIN_WORKERS'] = 'auto';
      const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
      try {
        const run = await runTrainJob(
          trainParams({ epochs: 4 }),
          jobDataFor(work, dataset, 'auto'),
          jobContext().ctx,
        );
        expect(run.outcome.status).toBe('completed');
        expect(run.epochs.at(-1)!.train_loss).toBeLessThan(run.epochs[0]!.train_loss);
        expect(info).toHaveBeenCalledWith(
          expect.stringMatching(/ms data-parallel: training (data-parallel|on one thread)/),
        );
      } finally {
        info.mockRestore();
        process.env['DESKFIT_TRAIN_WORKERS'] = '2';
      }
    },
  );

  it.skipIf(availableParallelism() < 2)(
    'fine-tune stopped in the unfrozen phase resumes with the same per-epoch losses',
    async () => {
      expect(['wasm', 'cpu']).toContain(backend);
      const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
      const params = trainParams({ epochs: 2, fineTune: true, optimizer: 'sgd-momentum', lr: 5e-2 });
      const whole = await runTrainJob(params, jobDataFor(work, dataset, 'whole'), jobContext().ctx);
      expect(whole.outcome.status).toBe('completed');
      expect(info).toHaveBeenCalledWith(expect.stringMatching(/data-parallel over 2 threads/));

      const stopped = await runTrainJob(
        params,
        jobDataFor(work, dataset, 'split'),
        jobContext(stopAfterEpoch(1)).ctx,
      );
      expect(stopped.outcome.status).toBe('cancelled');
      const resumed = await runTrainJob(
        trainParams({ resumeRunId: 'split' }),
        jobDataFor(work, dataset, 'split'),
        jobContext().ctx,
      );
      info.mockRestore();
      expect(resumed.outcome.status).toBe('completed');
      expect(resumed.epochs.map((e) => e.epoch)).toEqual(whole.epochs.map((e) => e.epoch));
      resumed.epochs.forEach((e, i) => {
        const w = whole.epochs[i]!;
        expect(e.train_loss).toBeCloseTo(w.train_loss, 5);
        expect(e.valid_loss!).toBeCloseTo(w.valid_loss!, 5);
        expect(e.accuracy).toBe(w.accuracy);
      });
    },
  );
});
