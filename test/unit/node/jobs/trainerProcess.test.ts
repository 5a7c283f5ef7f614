// The real trainer runtime, inline (same process) and forked (a child process), driven by the job
// manager: a self-test trains to a falling loss, cancel stops it within a step, a crash of the child
// becomes a jobs:failed event with the reason, and the doctor answers from the trainer.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../../src/shared/contract';
import { forkTrainer } from '../../../../src/main/jobs/childTransport';
import { inlineTrainer } from '../../../../src/main/jobs/inlineTransport';
import { JobManager } from '../../../../src/main/jobs/jobManager';
import type { SpawnTrainer, TrainerTransport } from '../../../../src/main/jobs/protocol';
import { EventHub } from '../../../../src/main/service/eventHub';
import { assertBuilt, isAlive, waitFor } from '../../../helpers/cli';

function harness(spawn: SpawnTrainer) {
  const events = new EventHub();
  const spawned: TrainerTransport[] = [];
  const manager = new JobManager({
    events,
    cancelGraceMs: 5_000,
    spawnTrainer: () => {
      const t = spawn();
      spawned.push(t);
      return t;
    },
  });
  const progress: EventPayload<'jobs:progress'>[] = [];
  events.on('jobs:progress', (p) => progress.push(p));
  const outcome = new Promise<{ done?: EventPayload<'jobs:done'>; failed?: EventPayload<'jobs:failed'> }>(
    (resolve) => {
      events.on('jobs:done', (done) => resolve({ done }));
      events.on('jobs:failed', (failed) => resolve({ failed }));
    },
  );
  return { manager, progress, outcome, spawned, events };
}

const params = { steps: 12, batchSize: 8, imageSize: 12, seed: 3 };

describe('inline trainer', () => {
  it('runs the self-test to a falling loss and reports each step', async () => {
    const { manager, progress, outcome } = harness(inlineTrainer());
    manager.start({ kind: 'selftest', params });
    const { done } = await outcome;
    const result = done!.result as { losses: number[]; fell: boolean };
    expect(result.fell).toBe(true);
    expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(progress.map((p) => p.metrics?.loss)).toEqual(result.losses);
  });

  it('stops within one step of a cancel', async () => {
    const { manager, progress, outcome, events } = harness(inlineTrainer());
    const { jobId } = manager.start({ kind: 'selftest', params: { ...params, steps: 200 } });
    let cancelledAt = -1;
    events.on('jobs:progress', (p) => {
      if (p.step === 3 && cancelledAt < 0) {
        cancelledAt = p.step;
        manager.cancel(jobId);
      }
    });
    const { failed } = await outcome;
    expect(failed?.error.code).toBe('CANCELLED');
    expect(progress.at(-1)!.step).toBeLessThanOrEqual(cancelledAt + 1);
    expect(manager.list()[0]!.state).toBe('cancelled');
  });
});

describe('forked trainer', () => {
  beforeAll(() => assertBuilt());

  it('trains in a child process and leaves no process behind', async () => {
    const { manager, outcome, spawned } = harness(forkTrainer());
    manager.start({ kind: 'selftest', params });
    const { done } = await outcome;
    expect((done!.result as { fell: boolean }).fell).toBe(true);
    const pid = spawned[0]!.pid!;
    expect(await waitFor(() => !isAlive(pid), 5_000)).toBe(true);
  });

  it('turns a killed child into jobs:failed naming the signal', async () => {
    const { manager, outcome, spawned, events } = harness(forkTrainer());
    manager.start({ kind: 'selftest', params: { ...params, steps: 500 } });
    events.on('jobs:progress', (p) => {
      if (p.step === 2) process.kill(spawned[0]!.pid!, 'SIGKILL');
    });
    const { failed } = await outcome;
    expect(failed?.error.code).toBe('TRAINER_CRASHED');
    expect(failed?.error.message).toContain('SIGKILL');
    expect(failed?.error.message).toContain('selftest');
  });

  it('answers the doctor from a short-lived trainer', async () => {
    const { manager, spawned } = harness(forkTrainer());
    const report = await manager.doctor();
    expect(report.candidates.find((c) => c.name === report.backend)?.ok).toBe(true);
    expect(await waitFor(() => !isAlive(spawned[0]!.pid!), 5_000)).toBe(true);
  });
});
