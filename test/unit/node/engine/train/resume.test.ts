// A run stopped after epoch k and resumed from its checkpoint follows the same curve as a run that
// was never stopped: weights, optimizer averages, schedule position, data order, augmentation and
// dropout generators, and the smoothed loss all continue where they were.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import type { DatasetSpec } from '../../../../../src/main/engine/data/datasetSpec';
import { runTrainJob } from '../../../../../src/main/engine/jobs/trainJob';
import { readRunRecord } from '../../../../../src/main/runs/runStore';
import { jobContext, jobDataFor, makeDataset, stopAfterEpoch, trainParams } from './trainFixtures';

let work: string;
let dataset: DatasetSpec;

beforeAll(async () => {
  await initBackend();
  work = mkdtempSync(join(tmpdir(), 'deskfit-resume-'));
  dataset = await makeDataset(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('resume from a checkpoint', () => {
  it.each([
    ['one-cycle with AdamW', { epochs: 3 }, 0],
    [
      'fine-tune with SGD momentum, stopped in the unfrozen phase',
      { epochs: 2, fineTune: true, optimizer: 'sgd-momentum', lr: 5e-2 },
      1,
    ],
  ] as const)('%s: same per-epoch losses as an uninterrupted run', async (_name, overrides, stopAt) => {
    const project = join(work, `p-${stopAt}`);
    const params = trainParams(overrides);
    const whole = await runTrainJob(params, jobDataFor(project, dataset, 'whole'), jobContext().ctx);
    expect(whole.outcome.status).toBe('completed');

    const stopped = await runTrainJob(
      params,
      jobDataFor(project, dataset, 'split'),
      jobContext(stopAfterEpoch(stopAt)).ctx,
    );
    expect(stopped.outcome.status).toBe('cancelled');
    expect(stopped.epochs).toHaveLength(stopAt + 1);
    const paused = await readRunRecord(project, 'split');
    expect(paused).toMatchObject({ status: 'cancelled', checkpointEpoch: stopAt });

    // The resume request carries only the run id: the run's own settings come from its checkpoint.
    const resumed = await runTrainJob(
      trainParams({ resumeRunId: 'split', epochs: 9, lr: 1 }),
      jobDataFor(project, dataset, 'split'),
      jobContext().ctx,
    );
    expect(resumed.outcome.status).toBe('completed');
    expect(resumed.epochs.map((e) => e.epoch)).toEqual(whole.epochs.map((e) => e.epoch));
    resumed.epochs.forEach((e, i) => {
      const w = whole.epochs[i]!;
      expect(e.train_loss).toBeCloseTo(w.train_loss, 5);
      expect(e.valid_loss!).toBeCloseTo(w.valid_loss!, 5);
      expect(e.accuracy).toBe(w.accuracy);
    });
    const record = await readRunRecord(project, 'split');
    expect(record.status).toBe('completed');
    expect(record.epochs).toHaveLength(whole.epochs.length);
    expect(record.batches.length).toBe((await readRunRecord(project, 'whole')).batches.length);
  });

  it('refuses to resume on changed data or without a checkpoint, leaving the stopped run as it was', async () => {
    const project = join(work, 'refused');
    await runTrainJob(
      trainParams(),
      jobDataFor(project, dataset, 'paused'),
      jobContext(stopAfterEpoch(0)).ctx,
    );
    const before = await readRunRecord(project, 'paused');
    const fewer = { ...dataset, train: dataset.train.slice(1) };
    await expect(
      runTrainJob(
        trainParams({ resumeRunId: 'paused' }),
        jobDataFor(project, fewer, 'paused'),
        jobContext().ctx,
      ),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /Run paused cannot be resumed: its data changed .*24 train \/ 8 valid images then, 23 \/ 8 now.*Start a new run/,
      ),
    });
    expect(await readRunRecord(project, 'paused')).toEqual(before);
    await expect(
      runTrainJob(
        trainParams({ resumeRunId: 'ghost' }),
        jobDataFor(project, dataset, 'ghost'),
        jobContext().ctx,
      ),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/No checkpoint in .*ghost/),
    });
  });
});
