import { describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../../../src/shared/contract';
import { JobManager } from '../../../../src/main/jobs/jobManager';
import { EventHub } from '../../../../src/main/service/eventHub';
import { fakeTrainerFactory } from '../../../helpers/fakeTrainer';

function setup(cancelGraceMs = 1_000) {
  const events = new EventHub();
  const spawn = fakeTrainerFactory();
  const manager = new JobManager({ spawnTrainer: spawn, events, cancelGraceMs });
  const seen: { channel: string; payload: unknown }[] = [];
  events.onAny((channel, payload) => seen.push({ channel, payload }));
  return { events, spawn, manager, seen };
}

const doctorReport = {
  backend: 'cpu',
  candidates: [{ name: 'cpu', ok: true, reason: 'live' }],
  tfjsVersion: '4.22.0',
  patchedKernels: [],
  node: '22',
  platform: 'linux',
  arch: 'x64',
  gpu: { cuda: '11.2', cudnn: '8.1', platforms: 'Linux x64', note: '' },
} as const;

describe('JobManager', () => {
  it('forwards progress and ends with one jobs:done, killing the trainer', () => {
    const { spawn, manager, seen } = setup();
    const { jobId } = manager.start({
      kind: 'selftest',
      params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 },
    });
    const trainer = spawn.spawned[0]!;
    trainer.emit({ type: 'progress', jobId, step: 1, total: 3, metrics: { loss: 0.7 } });
    trainer.emit({ type: 'done', jobId, result: { ok: 1 } });
    trainer.emit({ type: 'done', jobId, result: { ok: 2 } });
    expect(seen.map((e) => e.channel)).toEqual(['jobs:progress', 'jobs:done']);
    expect((seen[1]!.payload as EventPayload<'jobs:done'>).result).toEqual({ ok: 1 });
    expect(trainer.killed).toBe(true);
    expect(manager.list()).toEqual([expect.objectContaining({ jobId, state: 'done' })]);
  });

  it('turns a trainer crash into jobs:failed with the signal and the last output', () => {
    const { spawn, manager, seen } = setup();
    const { jobId } = manager.start({
      kind: 'selftest',
      params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 },
    });
    spawn.spawned[0]!.exit({ code: null, signal: 'SIGSEGV', output: 'Segmentation fault in kernel' });
    expect(seen).toHaveLength(1);
    const failed = seen[0]!.payload as EventPayload<'jobs:failed'>;
    expect(seen[0]!.channel).toBe('jobs:failed');
    expect(failed.jobId).toBe(jobId);
    expect(failed.error.code).toBe('TRAINER_CRASHED');
    expect(failed.error.message).toContain('SIGSEGV');
    expect(failed.error.message).toContain('Segmentation fault in kernel');
  });

  it('ignores malformed messages and messages for other jobs', () => {
    const { spawn, manager, seen } = setup();
    const { jobId } = manager.start({
      kind: 'selftest',
      params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 },
    });
    const trainer = spawn.spawned[0]!;
    trainer.emit({ type: 'progress', jobId, step: -1 });
    trainer.emit({ type: 'explode' });
    trainer.emit({ type: 'done', jobId: 'someone-else', result: 1 });
    expect(seen).toHaveLength(0);
    expect(manager.list()[0]!.state).toBe('running');
  });

  it('cancels cooperatively: sends cancel, and a CANCELLED reply ends the job as cancelled', () => {
    const { spawn, manager, seen } = setup();
    const { jobId } = manager.start({
      kind: 'selftest',
      params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 },
    });
    const trainer = spawn.spawned[0]!;
    expect(manager.cancel(jobId)).toEqual({ cancelled: true });
    expect(trainer.received.at(-1)).toEqual({ type: 'cancel', jobId });
    trainer.emit({ type: 'failed', jobId, error: { code: 'CANCELLED', message: 'selftest was cancelled.' } });
    expect(seen.map((e) => e.channel)).toEqual(['jobs:failed']);
    expect(manager.list()[0]!.state).toBe('cancelled');
    expect(manager.cancel(jobId)).toEqual({ cancelled: false });
  });

  it('kills a trainer that ignores cancel after the grace period', () => {
    vi.useFakeTimers();
    try {
      const { spawn, manager, seen } = setup(500);
      const { jobId } = manager.start({
        kind: 'selftest',
        params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 },
      });
      manager.cancel(jobId);
      vi.advanceTimersByTime(499);
      expect(spawn.spawned[0]!.killed).toBe(false);
      vi.advanceTimersByTime(2);
      expect(spawn.spawned[0]!.killed).toBe(true);
      expect((seen[0]!.payload as EventPayload<'jobs:failed'>).error.code).toBe('CANCELLED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks a short-lived trainer for the doctor report once and caches it', async () => {
    const spawn = fakeTrainerFactory((trainer) => {
      queueMicrotask(() => trainer.emit({ type: 'doctor', report: doctorReport }));
    });
    const manager = new JobManager({ spawnTrainer: spawn, events: new EventHub() });
    await expect(manager.doctor()).resolves.toMatchObject({ backend: 'cpu' });
    await manager.doctor();
    expect(spawn.spawned).toHaveLength(1);
    expect(spawn.spawned[0]!.killed).toBe(true);
  });

  it('reports a doctor crash as an error and retries next time', async () => {
    let first = true;
    const spawn = fakeTrainerFactory((trainer) => {
      queueMicrotask(() => {
        if (first) trainer.exit({ code: 1, signal: null, output: 'cannot load backend' });
        else trainer.emit({ type: 'doctor', report: doctorReport });
        first = false;
      });
    });
    const manager = new JobManager({ spawnTrainer: spawn, events: new EventHub() });
    await expect(manager.doctor()).rejects.toMatchObject({ code: 'TRAINER_CRASHED' });
    await expect(manager.doctor()).resolves.toMatchObject({ backend: 'cpu' });
  });

  it('stops every running job on dispose', () => {
    const { spawn, manager, seen } = setup();
    manager.start({ kind: 'selftest', params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 } });
    manager.start({ kind: 'selftest', params: { steps: 3, batchSize: 4, imageSize: 8, seed: 1 } });
    manager.dispose();
    expect(spawn.spawned.every((t) => t.killed)).toBe(true);
    expect(seen.map((e) => e.channel)).toEqual(['jobs:failed', 'jobs:failed']);
  });
});
