// A Learner's state through a checkpoint on disk and into a freshly built model (other tfjs variable
// names, as in a new process): the next epoch trains exactly as it would have without the stop,
// dropout masks included. Checkpoint writes survive a kill mid-write and refuse damaged files.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { readCheckpoint, writeCheckpoint } from '../../../../../src/main/engine/checkpoint/checkpointFiles';
import {
  captureCheckpoint,
  restoreCheckpoint,
  type RunFacts,
} from '../../../../../src/main/engine/checkpoint/learnerCheckpoint';
import { BestEpochKeeper } from '../../../../../src/main/engine/learner/bestEpoch';
import { Learner } from '../../../../../src/main/engine/learner/learner';
import type { GroupSchedule } from '../../../../../src/main/engine/schedule/groupSchedule';
import { oneCycleGroupSchedule } from '../../../../../src/main/engine/schedule/groupSchedule';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import { data, tinyModel } from '../learner/learnerFixtures';

let work: string;
beforeAll(async () => {
  await initBackend();
  work = mkdtempSync(join(tmpdir(), 'deskfit-ckpt-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const facts = (epoch: number): RunFacts => ({
  runId: 'r1',
  plannedEpochs: 3,
  seed: 5,
  params: { arch: 'tiny' },
  lr: 3e-2,
  augmentation: null,
  stats: { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
  classes: ['a', 'b'],
  data: { train: 32, valid: 16, fingerprint: 'f' },
  schedule: { phase: 0, epochsDone: epoch + 1, trainIter: 0, totalIters: 0 },
  seconds: 1,
  trainSeconds: 1,
  imagesSeen: 32,
});

function build() {
  const model = tinyModel(3, 0.5);
  const learn = new Learner({
    model,
    data: data({ train: 32, valid: 16, batchSize: 8 }),
    task: singleLabelTask(),
    optimizer: 'adamw',
    seed: 5,
  });
  const keeper = new BestEpochKeeper(() =>
    model.model.layers.flatMap((l) => l.weights.map((w) => w.read() as tf.Variable)),
  );
  learn.addCallback(keeper.callback);
  return { model, learn, keeper };
}

describe('learner checkpoints', () => {
  it('continue the next epoch exactly in a rebuilt model, dropout generator and optimizer included', async () => {
    const schedule: GroupSchedule = oneCycleGroupSchedule({ lrMax: 3e-2 }, 2);
    const dir = join(work, 'exact');
    const a = build();
    let checkpointed = false;
    a.learn.addCallback({
      name: 'save',
      order: 15,
      afterEpoch: async (l) => {
        if (l.globalEpoch !== 0 || checkpointed) return;
        checkpointed = true;
        await writeCheckpoint(dir, await captureCheckpoint(l, a.keeper, facts(0)));
      },
    });
    await a.learn.fit(3, schedule);
    const whole = a.learn.recorder.batches.map((b) => b.rawLoss);

    const b = build();
    const saved = await readCheckpoint(dir);
    expect(saved.meta.randomState).toHaveLength(1);
    restoreCheckpoint(b.learn, b.keeper, saved);
    await b.learn.fit(3, schedule, { startEpoch: 1 });
    expect(b.learn.recorder.batches.map((x) => x.rawLoss)).toEqual(whole);
    expect(b.learn.recorder.epochs.map((e) => e.validLoss)).toEqual(
      a.learn.recorder.epochs.map((e) => e.validLoss),
    );

    // Without the dropout generator the same resume draws other masks and drifts.
    const c = build();
    restoreCheckpoint(c.learn, c.keeper, { ...saved, meta: { ...saved.meta, randomState: [12345] } });
    await c.learn.fit(3, schedule, { startEpoch: 1 });
    expect(c.learn.recorder.batches.map((x) => x.rawLoss)).not.toEqual(whole);
    for (const run of [a, b, c]) {
      run.learn.dispose();
      run.model.dispose();
    }
  });

  it('a kill mid-write leaves the previous checkpoint readable; older ones are removed', async () => {
    const dir = join(work, 'atomic');
    const { model, learn, keeper } = build();
    await learn.fit(1);
    await writeCheckpoint(dir, await captureCheckpoint(learn, keeper, facts(0)));
    const first = await readCheckpoint(dir);
    // A kill while writing epoch 1: its folder half-written under a temporary name, no pointer update.
    mkdirSync(join(dir, 'e0001.tmp-999'));
    writeFileSync(join(dir, 'e0001.tmp-999', 'weights.bin'), Buffer.alloc(3));
    expect((await readCheckpoint(dir)).meta).toEqual(first.meta);
    // The next complete write wins and clears every other folder.
    await learn.fit(2, undefined, { startEpoch: 1 });
    await writeCheckpoint(dir, await captureCheckpoint(learn, keeper, facts(1)));
    expect((await readCheckpoint(dir)).meta.epoch).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['e0001', 'latest.json']);
    learn.dispose();
    model.dispose();
  });

  it('refuses a missing or damaged checkpoint with a message naming the file and what to do', async () => {
    await expect(readCheckpoint(join(work, 'none'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/stopped before its first epoch ended\. Start a new run/),
    });
    const dir = join(work, 'damaged');
    const { model, learn, keeper } = build();
    await learn.fit(1);
    await writeCheckpoint(dir, await captureCheckpoint(learn, keeper, facts(0)));
    writeFileSync(join(dir, 'e0000', 'weights.bin'), Buffer.alloc(8));
    await expect(readCheckpoint(dir)).rejects.toThrow(/e0000[/\\]weights\.bin has 8 bytes.*damaged/);
    writeFileSync(join(dir, 'e0000', 'checkpoint.json'), '{"version":1,"epoch":-1}');
    await expect(readCheckpoint(dir)).rejects.toThrow(/Invalid checkpoint .*checkpoint\.json: .*epoch/);
    learn.dispose();
    model.dispose();
  });
});
