/**
 * Takes a Learner's whole training state into a checkpoint and puts it back: model weights (running
 * statistics included), optimizer averages and step counts, dropout generators, the recorder (so
 * the smoothed loss continues) and the best epoch so far. tfjs names variables globally, so a model
 * rebuilt in the same process has other names: saved names map to live ones by position.
 */
import { BestEpochKeeper } from '../learner/bestEpoch';
import type { Learner } from '../learner/learner';
import { packOptimizerState, renameOptimizerState, unpackOptimizerState } from '../optim/optimizerState';
import { Recorder } from '../recorder/recorder';
import type { CheckpointData } from './checkpointFiles';
import { CHECKPOINT_VERSION, type CheckpointMeta } from './checkpointSchema';
import { assignWeights, modelVariables, packWeights, readWeights, unpackWeights } from './modelWeights';

/** What the run knows about itself, beyond the Learner's state. */
export type RunFacts = Pick<
  CheckpointMeta,
  | 'runId'
  | 'plannedEpochs'
  | 'seed'
  | 'params'
  | 'lr'
  | 'augmentation'
  | 'stats'
  | 'classes'
  | 'data'
  | 'schedule'
  | 'seconds'
  | 'trainSeconds'
  | 'imagesSeen'
>;

export async function captureCheckpoint(
  learn: Learner,
  keeper: BestEpochKeeper,
  facts: RunFacts,
): Promise<CheckpointData> {
  const variables = modelVariables(learn.model.model);
  const weights = packWeights(variables, await readWeights(variables));
  const optimizer = packOptimizerState(await learn.opt.getTypedState());
  const separate = keeper.separateBestWeights;
  const meta: CheckpointMeta = {
    version: CHECKPOINT_VERSION,
    ...facts,
    epoch: learn.globalEpoch,
    randomState: learn.model.getRandomState?.() ?? [],
    weights: { specs: weights.specs, floats: weights.data.length },
    best: keeper.best ? { ...keeper.best, separateWeights: separate !== null } : null,
    optimizer: optimizer.meta,
    recorder: learn.recorder.toJSON(),
    savedAt: Date.now(),
  };
  return {
    meta,
    weights: weights.data,
    optimizer: optimizer.data,
    ...(separate ? { best: packWeights(variables, separate).data } : {}),
  };
}

/** Puts a checkpoint's state into a Learner built the same way (same architecture and params). */
export function restoreCheckpoint(learn: Learner, keeper: BestEpochKeeper, checkpoint: CheckpointData): void {
  const { meta } = checkpoint;
  const variables = modelVariables(learn.model.model);
  assignWeights(variables, unpackWeights(meta.weights.specs, checkpoint.weights, variables));
  const liveName = new Map(meta.weights.specs.map((spec, i) => [spec.name, variables[i]!.name]));
  const state = renameOptimizerState(unpackOptimizerState(meta.optimizer, checkpoint.optimizer), (name) => {
    const live = liveName.get(name);
    if (live === undefined)
      throw new Error(`the checkpoint's optimizer state names an unknown variable ${name}`);
    return live;
  });
  learn.opt.setState(state);
  learn.recorder = Recorder.fromJSON(meta.recorder);
  if (learn.model.setRandomState) learn.model.setRandomState(meta.randomState);
  const best = meta.best
    ? { epoch: meta.best.epoch, metric: meta.best.metric, validLoss: meta.best.validLoss ?? null }
    : null;
  const bestWeights = checkpoint.best ? unpackWeights(meta.weights.specs, checkpoint.best, variables) : null;
  keeper.restore(best, meta.epoch, bestWeights);
}
