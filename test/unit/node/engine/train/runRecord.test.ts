// A train job is a run: run.json says 'running' from the start, is rewritten after every epoch (rows,
// batch curve, checkpoint epoch, throughput) and gets the run's last word at the end; the model is
// saved in runs/<id>/model with its manifest, from the best epoch; a Stop keeps what was trained.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import type { DatasetSpec } from '../../../../../src/main/engine/data/datasetSpec';
import { runTrainJob } from '../../../../../src/main/engine/jobs/trainJob';
import { JobCancelled } from '../../../../../src/main/jobs/types';
import { runCheckpointDir, runDir, runRecordFile } from '../../../../../src/main/runs/runLayout';
import { readRunRecord, summarizeRun } from '../../../../../src/main/runs/runStore';
import { RunRecordSchema, type RunRecord } from '../../../../../src/shared/training';
import { jobContext, jobDataFor, makeDataset, stopAfterEpoch, trainParams } from './trainFixtures';

let work: string;
let project: string;
let dataset: DatasetSpec;

/** What run.json says right now (read synchronously, as a progress listener sees it). */
function recordNow(runId: string): RunRecord {
  return RunRecordSchema.parse(JSON.parse(readFileSync(runRecordFile(runDir(project, runId)), 'utf8')));
}

beforeAll(async () => {
  await initBackend();
  work = mkdtempSync(join(tmpdir(), 'deskfit-runs-'));
  project = join(work, 'project');
  dataset = await makeDataset(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the run record', () => {
  it('says running from the first batch, is rewritten after every epoch, and ends completed with the model', async () => {
    const seen: RunRecord[] = [];
    const tensors: number[] = [];
    const { ctx } = jobContext((p) => {
      if (p.message === 'batch' && seen.length === 0) seen.push(recordNow('full'));
      if (p.message === 'epoch') {
        seen.push(recordNow('full'));
        tensors.push(tf.memory().numTensors);
      }
    });
    const result = await runTrainJob(trainParams({ epochs: 3 }), jobDataFor(project, dataset, 'full'), ctx);

    const [first, ...perEpoch] = seen;
    expect(first).toMatchObject({ status: 'running', epochs: [], checkpointEpoch: null, modelDir: null });
    expect(perEpoch).toHaveLength(3);
    perEpoch.forEach((record, epoch) => {
      expect(record.status).toBe('running');
      expect(record.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: epoch + 1 }, (_, i) => i));
      expect(record.checkpointEpoch).toBe(epoch);
      // 24 training images in batches of 8: three batches an epoch.
      expect(record.batches).toHaveLength(3 * (epoch + 1));
      expect(record.imagesPerSecond).toBeGreaterThan(0);
      expect(record.bestEpoch).not.toBeNull();
    });
    // Checkpoints, the best-epoch keeper and the record add no tensors from one epoch to the next.
    expect(new Set(tensors).size).toBe(1);

    const final = await readRunRecord(project, 'full');
    expect(final.status).toBe('completed');
    expect(final.endedAt).toBeGreaterThanOrEqual(final.startedAt);
    expect(final.lr).toBe(1e-2);
    expect(final.augmentation?.doFlip).toBe(true);
    expect(final.params).toMatchObject({ arch: 'simple-cnn', epochs: 3, optimizer: 'adamw' });
    expect(final.epochs.map((e) => e.train_loss)).toEqual(result.epochs.map((e) => e.train_loss));
    expect(final.modelDir).toBe(join(runDir(project, 'full'), 'model'));
    expect(result.model).toBe(final.modelDir);
    for (const file of ['model.json', 'weights.bin', 'deskfit.json', 'README.md']) {
      expect(existsSync(join(final.modelDir!, file))).toBe(true);
    }
    // A completed run cannot be resumed: its checkpoint is removed.
    expect(final.checkpointEpoch).toBeNull();
    expect(existsSync(runCheckpointDir(runDir(project, 'full')))).toBe(false);
    expect(summarizeRun(final)).toMatchObject({
      status: 'completed',
      epochs: 3,
      plannedEpochs: 3,
      resumable: false,
    });

    // The best epoch (the manifest describes it).
    const rates = final.epochs.map((e) => e.metrics.error_rate!);
    // Lowest error rate; a tie goes to the lower valid loss, then the earlier epoch.
    const bestEpoch = final.epochs.reduce((best, e, i) => {
      const b = final.epochs[best]!;
      const better =
        e.metrics.error_rate! < b.metrics.error_rate! ||
        (e.metrics.error_rate === b.metrics.error_rate && e.valid_loss! < b.valid_loss!);
      return better ? i : best;
    }, 0);
    expect(final.bestEpoch).toBe(bestEpoch);
    expect(final.bestMetric).toEqual({ name: 'error_rate', value: rates[bestEpoch] });
    expect(result.bestEpoch).toBe(bestEpoch);
    const manifest = JSON.parse(readFileSync(join(final.modelDir!, 'deskfit.json'), 'utf8')) as {
      training: { epochs: number; metrics: Record<string, number> };
    };
    expect(manifest.training.epochs).toBe(3);
    expect(manifest.training.metrics.error_rate).toBe(rates[bestEpoch]);
  });

  it('a Stop after an epoch saves the best model so far, says so, and leaves the run resumable', async () => {
    const { ctx } = jobContext(stopAfterEpoch(1));
    const result = await runTrainJob(
      trainParams({ epochs: 4 }),
      jobDataFor(project, dataset, 'stopped'),
      ctx,
    );
    expect(result.outcome.status).toBe('cancelled');
    if (result.outcome.status === 'cancelled') {
      expect(result.outcome.reason).toMatch(
        /Stopped by the user after 2 of 4 epochs\. The model from epoch \d/,
      );
    }
    const record = await readRunRecord(project, 'stopped');
    expect(record).toMatchObject({ status: 'cancelled', checkpointEpoch: 1, modelDir: result.model });
    expect(record.reason).toBe(result.outcome.status === 'cancelled' ? result.outcome.reason : '');
    expect(record.epochs).toHaveLength(2);
    expect(existsSync(join(result.model, 'model.json'))).toBe(true);
    expect(existsSync(join(runCheckpointDir(runDir(project, 'stopped')), 'latest.json'))).toBe(true);
    expect(summarizeRun(record)).toMatchObject({ resumable: true, epochs: 2, plannedEpochs: 4 });
  });

  it('a Stop before the first epoch ends saves nothing and ends the job as cancelled', async () => {
    const { ctx } = jobContext((p, controller) => {
      if (p.message === 'batch') controller.abort();
    });
    await expect(
      runTrainJob(trainParams(), jobDataFor(project, dataset, 'early'), ctx),
    ).rejects.toBeInstanceOf(JobCancelled);
    const record = await readRunRecord(project, 'early');
    expect(record.status).toBe('cancelled');
    expect(record.reason).toMatch(/before the first epoch ended; no model was saved/);
    expect(record).toMatchObject({ modelDir: null, checkpointEpoch: null, epochs: [] });
    expect(summarizeRun(record).resumable).toBe(false);
  });

  it('fine-tune counts its frozen epochs in the plan and numbers epochs across both fits', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const { ctx, progress } = jobContext();
    const result = await runTrainJob(
      trainParams({ epochs: 2, fineTune: true, freezeEpochs: 1 }),
      jobDataFor(project, dataset, 'tuned'),
      ctx,
    );
    expect(result.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    const record = await readRunRecord(project, 'tuned');
    expect(summarizeRun(record)).toMatchObject({ epochs: 3, plannedEpochs: 3 });
    const steps = progress.filter((p) => p.message === 'epoch').map((p) => [p.step, p.total]);
    expect(steps).toEqual([
      [3, 9],
      [6, 9],
      [9, 9],
    ]);
    // The job frees its model, optimizer and every tensor of the run.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('label smoothing reaches the training loss (same data, same seed, other losses)', async () => {
    const plain = await runTrainJob(
      trainParams({ epochs: 1 }),
      jobDataFor(project, dataset, 'ls0'),
      jobContext().ctx,
    );
    const smoothed = await runTrainJob(
      trainParams({ epochs: 1, labelSmoothing: 0.5 }),
      jobDataFor(project, dataset, 'ls5'),
      jobContext().ctx,
    );
    expect(smoothed.epochs[0]!.train_loss).not.toBeCloseTo(plain.epochs[0]!.train_loss, 4);
    const again = await runTrainJob(
      trainParams({ epochs: 1 }),
      jobDataFor(project, dataset, 'ls0b'),
      jobContext().ctx,
    );
    expect(again.epochs[0]!.train_loss).toBe(plain.epochs[0]!.train_loss);
  });
});
