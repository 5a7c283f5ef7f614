// Through the service: a train job's trainer dies after writing 'running'; the service, which knows
// the job's run, marks the record failed with the crash message, and runs:list shows it resumable.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobData } from '../../../../src/main/jobs/jobData';
import { writeRunRecord } from '../../../../src/main/runs/runStore';
import type { RunRecord, RunSummary } from '../../../../src/shared/training';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';
import { importFolderPerClassProject, useTempService } from '../../../helpers/serviceHarness';

const trainers = fakeTrainerFactory();
const harness = useTempService('deskfit-watch-service-', {
  service: () => ({ mode: 'web', spawnTrainer: trainers }),
  shared: true,
});
const { call } = harness;

beforeAll(() =>
  importFolderPerClassProject(harness, 'shapes', { classes: ['a', 'b'], perClass: 4, size: 16 }),
);

describe('the service marks a crashed run', () => {
  it('failed, with the trainer’s exit as the reason', async () => {
    const failed = new Promise((resolve) => harness.service.events.on('jobs:failed', resolve));
    const { jobId } = await call<{ jobId: string }>('jobs:start', { kind: 'train', params: { epochs: 3 } });
    const trainer = trainers.spawned.at(-1)!;
    const run = trainer.received.find((m) => m.type === 'run') as { context: JobData } | undefined;
    const { projectDir, runId } = run!.context as Required<JobData>;
    const running: RunRecord = {
      id: runId,
      status: 'running',
      startedAt: Date.now(),
      params: { arch: 'resnet18', epochs: 3 },
      augmentation: null,
      backend: 'cpu',
      lr: 1e-3,
      classes: ['a', 'b'],
      balance: { classes: [], imbalance: 1 },
      epochs: [{ epoch: 0, train_loss: 0.7, valid_loss: 0.6, metrics: {}, seconds: 1 }],
      batches: [],
      bestEpoch: 0,
      bestMetric: { name: 'valid_loss', value: 0.6 },
      modelDir: null,
      checkpointEpoch: 0,
      seconds: 1,
      imagesPerSecond: 10,
    };
    await writeRunRecord(projectDir, running);
    trainer.exit({ code: null, signal: 'SIGKILL' });
    await failed;
    expect(jobId).toBeTruthy();
    const record = await vi.waitFor(async () => {
      const r = await call<RunRecord>('runs:get', { runId });
      if (r.status === 'running') throw new Error('still running');
      return r;
    });
    expect(record.status).toBe('failed');
    expect(record.reason).toMatch(
      /The trainer failed: The trainer process was killed by SIGKILL while running train/,
    );
    const [summary] = await call<RunSummary[]>('runs:list', {});
    expect(summary).toMatchObject({ id: runId, status: 'failed', resumable: true });
  });
});
