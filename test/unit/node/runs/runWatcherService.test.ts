// Through the service: a train job's trainer dies after writing 'running'; the service, which knows
// the job's run, marks the record failed with the crash message, and runs:list shows it resumable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobData } from '../../../../src/main/jobs/jobData';
import { writeRunRecord } from '../../../../src/main/runs/runStore';
import { createService, type Service } from '../../../../src/main/service/service';
import type { RunRecord, RunSummary } from '../../../../src/shared/training';
import { makeFolderPerClass } from '../../../helpers/fixtures';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';

let work: string;
let service: Service;
const trainers = fakeTrainerFactory();

async function call<T>(channel: string, input: unknown): Promise<T> {
  const reply = await service.dispatch(channel, input);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'deskfit-watch-service-'));
  process.env.DESKFIT_HOME = join(work, 'home');
  service = createService({ mode: 'web', spawnTrainer: trainers });
  const data = await makeFolderPerClass(join(work, 'shapes'), { classes: ['a', 'b'], perClass: 4, size: 16 });
  await call('projects:create', { dir: join(work, 'shapes.deskfit') });
  const done = new Promise((resolve) => service.events.on('dataset:importDone', resolve));
  await call('dataset:import', { folder: data.root });
  await done;
});
afterAll(async () => {
  await service.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('the service marks a crashed run', () => {
  it('failed, with the trainer’s exit as the reason', async () => {
    const failed = new Promise((resolve) => service.events.on('jobs:failed', resolve));
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
