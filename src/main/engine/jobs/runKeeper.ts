/**
 * Keeps a training run's files current while it trains: after every epoch a checkpoint (atomic, see
 * checkpointFiles) and then `run.json` (epoch rows, the batch curve cut to 2,000 points, the
 * checkpoint's epoch, throughput), so the Runs page, a crash and a resume all see the last finished
 * epoch. It also times the training passes for images per second.
 */
import type { RunRecord, RunStatus } from '../../../shared/training';
import { batchPoints, epochRows } from '../../runs/runRows';
import { writeRunRecord } from '../../runs/runStore';
import { writeCheckpoint } from '../checkpoint/checkpointFiles';
import { captureCheckpoint, type RunFacts } from '../checkpoint/learnerCheckpoint';
import type { BestEpochKeeper } from '../learner/bestEpoch';
import type { Learner } from '../learner/learner';
import type { Callback } from '../learner/types';
import { locateEpoch, type PlanPhase } from '../schedule/trainingPlan';

export interface RunTotals {
  /** Wall time of the run so far, earlier sessions of a resumed run included. */
  seconds: number;
  trainSeconds: number;
  imagesSeen: number;
}

export interface RunKeeperOptions {
  projectDir: string;
  checkpointDir: string;
  record: RunRecord;
  learn: Learner;
  best: BestEpochKeeper;
  plan: readonly PlanPhase[];
  /** The facts a checkpoint repeats every epoch (params, lr, data…), without totals or position. */
  facts: Omit<RunFacts, 'seconds' | 'trainSeconds' | 'imagesSeen' | 'schedule'>;
  /** Totals of earlier sessions (a resumed run). */
  before?: RunTotals;
}

export class RunKeeper {
  record: RunRecord;
  private readonly started = performance.now();
  private trainStarted = 0;
  private trainSeconds: number;
  private imagesSeen: number;
  private readonly secondsBefore: number;

  constructor(private readonly options: RunKeeperOptions) {
    this.record = options.record;
    this.trainSeconds = options.before?.trainSeconds ?? 0;
    this.imagesSeen = options.before?.imagesSeen ?? 0;
    this.secondsBefore = options.before?.seconds ?? 0;
  }

  totals(): RunTotals {
    return {
      seconds: this.secondsBefore + (performance.now() - this.started) / 1000,
      trainSeconds: this.trainSeconds,
      imagesSeen: this.imagesSeen,
    };
  }

  /** Checkpoints and rewrites the record after every epoch: after the best-epoch keeper, before progress. */
  readonly callback: Callback = {
    name: 'runKeeper',
    order: 15,
    beforeTrain: (learn) => {
      if (!learn.finding) this.trainStarted = performance.now();
    },
    afterTrain: (learn) => {
      if (learn.finding) return;
      this.trainSeconds += (performance.now() - this.trainStarted) / 1000;
      this.imagesSeen += learn.data.train.itemCount;
    },
    afterEpoch: async (learn) => {
      if (learn.finding) return;
      const row = learn.recorder.epochs.at(-1);
      if (!row || row.epoch !== learn.globalEpoch) return;
      await this.checkpoint();
      await this.update({ checkpointEpoch: learn.globalEpoch });
    },
  };

  private async checkpoint(): Promise<void> {
    const { learn, best, plan, facts, checkpointDir } = this.options;
    const at = locateEpoch(plan, learn.globalEpoch);
    const totals = this.totals();
    const data = await captureCheckpoint(learn, best, {
      ...facts,
      ...totals,
      schedule: {
        phase: at?.phase ?? 0,
        epochsDone: (at?.epoch ?? 0) + 1,
        trainIter: learn.trainIter,
        totalIters: learn.totalIters,
      },
    });
    await writeCheckpoint(checkpointDir, data);
  }

  /** Rewrites `run.json` from the recorder, the best epoch and `patch`. */
  async update(patch: Partial<RunRecord> = {}): Promise<RunRecord> {
    const { learn, best } = this.options;
    const totals = this.totals();
    const next: RunRecord = {
      ...this.record,
      epochs: epochRows(learn.recorder.epochs),
      batches: batchPoints(learn.recorder.batches),
      bestEpoch: best.best?.epoch ?? null,
      bestMetric: best.best?.metric ?? null,
      seconds: totals.seconds,
      imagesPerSecond: totals.trainSeconds > 0 ? totals.imagesSeen / totals.trainSeconds : null,
      ...patch,
    };
    await writeRunRecord(this.options.projectDir, next);
    this.record = next;
    return next;
  }

  /** The run's last word: its status, why, and when. */
  finish(status: RunStatus, patch: Partial<RunRecord> = {}): Promise<RunRecord> {
    return this.update({ status, endedAt: Date.now(), ...patch });
  }
}
