import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SelftestResultSchema, type SelftestParams } from '../../../../src/shared/contract';
import { JobCancelled, type JobContext, type StepProgress } from '../../../../src/main/jobs/types';
import { initBackend } from '../../../../src/main/engine/backend';
import { lossFell, runSelftest } from '../../../../src/main/engine/selftest';

const defaults: SelftestParams = { steps: 30, batchSize: 16, imageSize: 16, seed: 42 };

function context(onProgress?: (p: StepProgress, abort: () => void) => void): {
  ctx: JobContext;
  seen: StepProgress[];
} {
  const controller = new AbortController();
  const seen: StepProgress[] = [];
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (p) => {
      seen.push(p);
      onProgress?.(p, () => controller.abort());
    },
  };
  return { ctx, seen };
}

describe('runSelftest', () => {
  beforeAll(async () => {
    delete process.env['DESKFIT_BACKEND'];
    await initBackend();
  });

  it('trains on the live backend and the loss falls, leaving no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const { ctx, seen } = context();
    const result = await runSelftest(defaults, ctx);
    expect(tf.memory().numTensors).toBe(before);
    expect(SelftestResultSchema.parse(result)).toEqual(result);
    expect(result.backend).toBe((await initBackend()).backend);
    expect(result.losses).toHaveLength(defaults.steps);
    expect(result.fell).toBe(true);
    expect(result.lastLoss).toBeLessThan(result.firstLoss * 0.5);
    expect(result.imagesPerSecond).toBeGreaterThan(0);
    expect(seen.map((p) => p.step)).toEqual(Array.from({ length: defaults.steps }, (_, i) => i + 1));
    expect(seen.every((p) => p.total === defaults.steps && typeof p.metrics?.['loss'] === 'number')).toBe(
      true,
    );
  });

  it('is deterministic for a seed', async () => {
    const a = await runSelftest({ ...defaults, steps: 5 }, context().ctx);
    const b = await runSelftest({ ...defaults, steps: 5 }, context().ctx);
    expect(b.losses).toEqual(a.losses);
  });

  it('stops within one step of a cancel and throws JobCancelled, leaving no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const { ctx, seen } = context((p, abort) => {
      if (p.step === 3) abort();
    });
    await expect(runSelftest(defaults, ctx)).rejects.toBeInstanceOf(JobCancelled);
    expect(seen.length).toBeLessThanOrEqual(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sees a cancel that arrives from the event loop between steps', async () => {
    const controller = new AbortController();
    let steps = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (p) => {
        steps = p.step;
        if (p.step === 2) setImmediate(() => controller.abort());
      },
    };
    await expect(runSelftest(defaults, ctx)).rejects.toBeInstanceOf(JobCancelled);
    expect(steps).toBeLessThanOrEqual(3);
  });
});

describe('lossFell', () => {
  it('compares the first and last quarters', () => {
    expect(lossFell([1, 0.9, 0.5, 0.2])).toBe(true);
    expect(lossFell([0.2, 0.5, 0.9, 1])).toBe(false);
    expect(lossFell([1])).toBe(false);
  });
});
