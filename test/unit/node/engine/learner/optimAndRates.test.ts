// What the optimizer sees per batch: discriminative rates from lrMult (`slice(lr/lrMult, lr)` over
// the layer groups), fine-tune's default of 100 in its unfrozen fit, and momentum only for the
// optimizers that use it (plain SGD and RMSProp keep 0, as fastai's).
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend';
import { Learner } from '../../../../../src/main/engine/learner/learner';
import { runPlan } from '../../../../../src/main/engine/learner/recipes';
import type { OptimizerName } from '../../../../../src/shared/training';
import { trainingPlan } from '../../../../../src/main/engine/schedule/trainingPlan';
import { singleLabelTask } from '../../../../../src/main/engine/tasks/singleLabel';
import { data, tinyModel } from './learnerFixtures';

beforeAll(async () => {
  await initBackend();
});

const oneCycle = { pctStart: 0.25, div: 25, divFinal: 1e5, moms: [0.95, 0.85, 0.95] as const };

async function recorded(options: { lrMult?: number; fineTune?: boolean; optimizer?: OptimizerName }) {
  const model = tinyModel();
  const learn = new Learner({
    model,
    data: data({ train: 32, valid: 8, batchSize: 8 }),
    task: singleLabelTask(),
    ...(options.optimizer ? { optimizer: options.optimizer } : {}),
  });
  const plan = trainingPlan({
    epochs: 2,
    lr: 1e-2,
    fineTune: options.fineTune ?? false,
    freezeEpochs: 1,
    lrMult: options.lrMult,
    oneCycle: { ...oneCycle, moms: [...oneCycle.moms] },
  });
  const outcome = await runPlan(learn, plan);
  expect(outcome.status).toBe('completed');
  const batches = [...learn.recorder.batches];
  learn.dispose();
  model.dispose();
  return batches;
}

describe('discriminative learning rates', () => {
  it('lrMult 10: the body trains at a tenth of the head rate at every batch', async () => {
    const batches = await recorded({ lrMult: 10 });
    expect(batches.length).toBe(8);
    for (const b of batches) expect(b.lrs[0]! / b.lrs[1]!).toBeCloseTo(0.1, 10);
    expect(Math.max(...batches.map((b) => b.lrs[1]!))).toBeLessThanOrEqual(1e-2);
  });

  it('no lrMult: one rate for every group', async () => {
    for (const b of await recorded({})) expect(b.lrs[0]).toBe(b.lrs[1]);
  });

  it('fine-tune: slice(lr) while frozen, then slice(lr/2/100, lr/2) unfrozen (fastai defaults)', async () => {
    const batches = await recorded({ fineTune: true });
    const frozen = batches.filter((b) => b.epoch === 0);
    const unfrozen = batches.filter((b) => b.epoch > 0);
    expect(frozen).toHaveLength(4);
    expect(unfrozen).toHaveLength(8);
    for (const b of frozen) expect(b.lrs[0]! / b.lrs[1]!).toBeCloseTo(0.1, 10);
    for (const b of unfrozen) expect(b.lrs[0]! / b.lrs[1]!).toBeCloseTo(0.01, 10);
    // Each fit starts at its peak / div: 1e-2 / 25 frozen, (1e-2 / 2) / 5 unfrozen.
    expect(frozen[0]!.lrs[1]).toBeCloseTo(4e-4, 12);
    expect(unfrozen[0]!.lrs[1]).toBeCloseTo(1e-3, 12);
    const custom = await recorded({ fineTune: true, lrMult: 4 });
    for (const b of custom.filter((x) => x.epoch > 0)) expect(b.lrs[0]! / b.lrs[1]!).toBeCloseTo(0.25, 10);
  });
});

describe('momentum by optimizer', () => {
  it.each([
    ['sgd', false],
    ['rmsprop', false],
    ['sgd-momentum', true],
    ['adamw', true],
  ] as const)('%s follows the one-cycle momentum: %s', async (optimizer, scheduled) => {
    const moms = (await recorded({ optimizer })).map((b) => b.mom);
    if (scheduled) {
      expect(moms[0]).toBeCloseTo(0.95, 6);
      expect(Math.min(...moms)).toBeLessThan(0.9);
    } else expect(new Set(moms)).toEqual(new Set([0]));
  });
});
