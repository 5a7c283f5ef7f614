// Training through the service, as the UI and CLI start it: the service resolves the project into a
// dataset, the trainer (inline here) builds the model and Learner, reports batches and epochs, and
// saves the model in the project.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../src/shared/contract';
import { archNames } from '../../../../src/shared/contract';
import { archNames as engineArchNames } from '../../../../src/main/engine/models/types';
import { inlineTrainer } from '../../../../src/main/jobs/inlineTransport';
import { importFolderPerClassProject, useTempService } from '../../../helpers/serviceHarness';

const harness = useTempService('deskfit-training-', {
  service: () => ({ mode: 'web', spawnTrainer: inlineTrainer() }),
  shared: true,
});
const { call } = harness;

async function runJob(spec: unknown) {
  const progress: EventPayload<'jobs:progress'>[] = [];
  const off = harness.service.events.on('jobs:progress', (p) => progress.push(p));
  const outcome = new Promise<{ done?: EventPayload<'jobs:done'>; failed?: EventPayload<'jobs:failed'> }>(
    (resolve) => {
      harness.service.events.on('jobs:done', (done) => resolve({ done }));
      harness.service.events.on('jobs:failed', (failed) => resolve({ failed }));
    },
  );
  await call('jobs:start', spec);
  const result = await outcome;
  off();
  return { ...result, progress };
}

beforeAll(() =>
  importFolderPerClassProject(harness, 'shapes', { classes: ['a', 'b'], perClass: 16, size: 24 }),
);

describe('training jobs', () => {
  it('lists the same architectures in the contract as the engine builds', () => {
    expect([...archNames]).toEqual([...engineArchNames]);
  });

  it('trains two epochs, reports batches and epochs, and saves the model in the project', async () => {
    const { done, failed, progress } = await runJob({
      kind: 'train',
      params: { arch: 'simple-cnn', size: 16, batchSize: 8, epochs: 2, lr: 1e-2, width: 4 },
    });
    expect(failed).toBeUndefined();
    const result = done!.result as {
      epochs: { epoch: number; train_loss: number; valid_loss: number; accuracy: number }[];
      model: string;
      classes: string[];
      outcome: { status: string };
    };
    expect(result.outcome.status).toBe('completed');
    expect(result.classes).toEqual(['a', 'b']);
    expect(result.epochs.map((e) => e.epoch)).toEqual([0, 1]);
    for (const e of result.epochs) {
      expect(Number.isFinite(e.train_loss)).toBe(true);
      expect(e.accuracy).toBeGreaterThanOrEqual(0);
    }
    expect(existsSync(join(result.model, 'model.json'))).toBe(true);
    expect(existsSync(join(result.model, 'weights.bin'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(result.model, 'deskfit.json'), 'utf8')) as {
      task: string;
      classes: string[];
      inputSize: number;
      normalization: { mean: number[]; std: number[] };
      training: { epochs: number; metrics: Record<string, number> };
    };
    expect(manifest).toMatchObject({ task: 'single-label', classes: ['a', 'b'], inputSize: 16 });
    expect(manifest.normalization.mean).toHaveLength(3);
    expect(manifest.training.epochs).toBe(2);
    expect(manifest.training.metrics.accuracy).toBe(result.epochs[1]!.accuracy);
    expect(readFileSync(join(result.model, 'README.md'), 'utf8')).toContain('Classes (2): a, b.');
    expect(result.model.startsWith(join(harness.work, 'shapes.deskfit', 'runs'))).toBe(true);
    expect(progress.filter((p) => p.message === 'epoch')).toHaveLength(2);
    expect(progress.some((p) => p.message === 'batch' && typeof p.metrics?.loss === 'number')).toBe(true);
  });

  it("names a running train job's run in the job list, so a window that joins late can read its curves", async () => {
    let seen: Promise<{ list: unknown[]; record: unknown }> | undefined;
    const off = harness.service.events.on('jobs:progress', (p) => {
      if (p.message !== 'epoch' || seen) return;
      seen = (async () => {
        const list = await call<{ jobId: string; kind: string; state: string; runId?: string }[]>(
          'jobs:list',
          {},
        );
        const job = list.find((j) => j.jobId === p.jobId)!;
        return { list, record: await call('runs:get', { runId: job.runId }) };
      })();
    });
    const { done } = await runJob({
      kind: 'train',
      params: { arch: 'simple-cnn', size: 16, batchSize: 8, epochs: 2, lr: 1e-2, width: 4 },
    });
    off();
    const { list, record } = await seen!;
    const runId = (done!.result as { run: string }).run;
    expect(list).toContainEqual(expect.objectContaining({ kind: 'train', state: 'running', runId }));
    expect(record).toMatchObject({ id: runId, status: 'running' });
    expect((record as { epochs: unknown[] }).epochs.length).toBeGreaterThanOrEqual(1);
    expect((record as { batches: unknown[] }).batches.length).toBeGreaterThan(0);
    // Once it ended, the list no longer names a run for it.
    const after = await call<{ jobId: string; runId?: string }[]>('jobs:list', {});
    expect(after.every((j) => j.runId === undefined)).toBe(true);
  });

  it('runs the LR finder and returns its curve and suggestions', async () => {
    const { done, failed } = await runJob({
      kind: 'lr-find',
      params: { arch: 'simple-cnn', size: 16, batchSize: 4, width: 4, numIt: 30 },
    });
    expect(failed).toBeUndefined();
    const result = done!.result as {
      lrs: number[];
      losses: number[];
      suggestions: { valley: number | null };
    };
    expect(result.lrs.length).toBe(result.losses.length);
    expect(result.lrs.length).toBeGreaterThan(5);
  });

  it('refuses to train without a project that has two labelled classes', async () => {
    await call('projects:close', {});
    const reply = await harness.service.dispatch('jobs:start', { kind: 'train', params: {} });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
  });
});
