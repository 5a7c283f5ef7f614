/**
 * Data-parallel training steps for the single-threaded backends (wasm in Node): DESIGN.md §4 step 4.
 * Rank 0 is the calling (trainer) thread with the Learner's own model and optimizer; ranks 1…N-1 are
 * worker threads, each with its own tfjs backend and a replica built from the same seed. Each rank
 * computes the gradients of its contiguous share of the batch; the shares meet in a
 * SharedArrayBuffer; every rank averages them (weighted by items) and takes the same optimizer
 * step, so the weights stay bit-identical without a broadcast. BatchNorm's running statistics are
 * per rank, as in PyTorch's DDP; rank 0's are the ones validated and saved, so checkpoints, the
 * best-epoch keeper and validation work on the Learner's model as before. At the start of every
 * fit the replicas take rank 0's whole state (weights, running statistics, optimizer, frozen
 * layers), which covers a resumed checkpoint, the LR finder's restore and fine-tune's unfreeze.
 */
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { AugParams } from '../augment/augParams';
import { modelVariables, readWeights } from '../checkpoint/modelWeights';
import type { HostBatch } from '../data/batchLoader';
import { batchGradients, type BatchStep, type StepHost, type StepRunner } from '../learner/stepRunner';
import type { LearnerModel } from '../learner/types';
import type { Optimizer, ResolvedHyper } from '../optim/optimizer';
import type { OptimizerKind } from '../optim/optimizerState';
import { allocateExchange, APPLY, DROP, exchangeLayout, GradientExchange } from './gradientExchange';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import type { ReplicaSpec } from './replicaSpec';
import { statePositional, weightsChecksum } from './replicaState';

export interface DataParallelOptions {
  /** How to build each worker's replica (the same model rank 0 trains, as data). */
  spec: ReplicaSpec;
  /** Ranks including this thread (2 = this thread and one worker). */
  replicas: number;
  /** The built worker entry (`out/main/trainerWorker.js`) or a test's bundle of it. */
  workerEntry: string | URL;
}

type WaitAsync = (
  typedArray: Int32Array,
  index: number,
  value: number,
  timeout?: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Contiguous shares of `count` items over `ranks`, larger shares first (64 over 2 → 32, 32). */
export function shardCounts(count: number, ranks: number): number[] {
  const base = Math.floor(count / ranks);
  const extra = count % ranks;
  return Array.from({ length: ranks }, (_, r) => base + (r < extra ? 1 : 0));
}

function hypersOf(opt: Optimizer): ResolvedHyper[] {
  return Array.from({ length: opt.groupCount }, (_, k) => opt.hyper(k));
}

function sliceBatch(batch: HostBatch, start: number, end: number): HostBatch {
  const frame = batch.count > 0 ? batch.pixels.length / batch.count : 0;
  return {
    pixels: batch.pixels.subarray(start * frame, end * frame),
    labels: batch.labels.subarray(start, end),
    ids: batch.ids.slice(start, end),
    count: end - start,
  };
}

interface WorkerHandle {
  rank: number;
  worker: Worker;
  /** Replies waited for, by message type. */
  waiting: Map<FromWorker['type'], (m: FromWorker) => void>;
  exited: boolean;
}

export class DataParallelRunner implements StepRunner {
  readonly description: string;
  private exchange: GradientExchange | undefined;
  private failure: Error | undefined;
  private rejectFailed: (err: Error) => void = () => undefined;
  private readonly failed: Promise<never>;
  private steps = 0;
  private disposed = false;
  /** True from a sync to the next step. */
  private synced = false;

  private constructor(
    private readonly workers: WorkerHandle[],
    readonly replicas: number,
    private readonly optimizer: OptimizerKind,
  ) {
    this.description = `data-parallel ×${replicas}`;
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failed.catch(() => undefined);
  }

  /**
   * Starts `replicas - 1` workers, waits until each has built its replica, and checks that every
   * replica has rank 0's variables and initial weights.
   */
  static async start(model: LearnerModel, options: DataParallelOptions): Promise<DataParallelRunner> {
    if (!Number.isInteger(options.replicas) || options.replicas < 2) {
      throw new RangeError(`data-parallel training needs at least 2 replicas, got ${options.replicas}`);
    }
    if (typeof waitAsync !== 'function') {
      throw new Error('data-parallel training needs Atomics.waitAsync (Node 16 or later)');
    }
    const handles: WorkerHandle[] = [];
    for (let rank = 1; rank < options.replicas; rank++) {
      const init: WorkerInit = { rank, spec: options.spec };
      handles.push({
        rank,
        worker: new Worker(options.workerEntry, { workerData: init }),
        waiting: new Map(),
        exited: false,
      });
    }
    const runner = new DataParallelRunner(handles, options.replicas, options.spec.optimizer);
    for (const h of handles) runner.listen(h);
    try {
      const reports = await Promise.all(handles.map((h) => runner.reply(h, 'ready')));
      const flat = model.groupVariables().flat();
      const checksum = weightsChecksum(modelVariables(model.model));
      reports.forEach((m, i) => {
        if (m.type !== 'ready') return;
        const rank = i + 1;
        const shapes = flat.map((v) => v.shape.join('×')).join(',');
        if (m.report.shapes.map((s) => s.join('×')).join(',') !== shapes) {
          throw new Error(`training worker ${rank} built a model with other variables than rank 0's`);
        }
        if (m.report.checksum !== checksum) {
          throw new Error(
            `training worker ${rank} built the model with other initial weights than rank 0 (checksum ` +
              `${m.report.checksum}, rank 0 ${checksum}): the model is not built from its seed alone`,
          );
        }
      });
      const layout = exchangeLayout(
        flat.map((v) => v.size),
        options.replicas,
      );
      const buffer = allocateExchange(layout);
      runner.exchange = new GradientExchange(buffer, layout);
      for (const h of handles) runner.send(h, { type: 'exchange', buffer, layout });
      return runner;
    } catch (err) {
      await runner.dispose();
      throw err;
    }
  }

  /** Rank 0's weights (running statistics included), optimizer state and frozen layers to every worker. */
  async beforeFit(host: StepHost): Promise<void> {
    this.throwIfFailed();
    if (host.opt.kind !== this.optimizer) {
      throw new Error(`the replicas step with ${this.optimizer}; this Learner uses ${host.opt.kind}`);
    }
    const all = modelVariables(host.model.model);
    const weights = await readWeights(all);
    const optimizer = statePositional(await host.opt.getTypedState(), all);
    const message: ToWorker = {
      type: 'sync',
      weights,
      trainable: all.map((v) => v.trainable),
      optimizer,
      hypers: hypersOf(host.opt),
    };
    const replies = await Promise.all(
      this.workers.map((h) => {
        const reply = this.reply(h, 'synced');
        this.send(h, message);
        return reply;
      }),
    );
    const checksum = weightsChecksum(all);
    replies.forEach((m, i) => {
      if (m.type === 'synced' && m.checksum !== checksum) {
        throw new Error(`training worker ${i + 1} did not take rank 0's weights (checksum differs)`);
      }
    });
    this.synced = true;
  }

  async step(host: StepHost, batch: HostBatch, augParams: AugParams[] | undefined): Promise<BatchStep> {
    const exchange = this.liveExchange();
    const t = this.steps + 1;
    // Step t starts once every rank is done reading step t-1's slots.
    for (const h of this.workers) await this.waitFlag(exchange.doneIndex(h.rank), t - 1);
    this.steps = t;
    const counts = shardCounts(batch.count, this.replicas);
    const hypers = hypersOf(host.opt);
    // Each epoch (and the first step after a sync) the workers derive their dropout generators anew.
    const randomState = host.iter === 0 || this.synced ? host.model.getRandomState?.() : undefined;
    this.synced = false;
    let start = counts[0]!;
    for (const h of this.workers) {
      const end = start + counts[h.rank]!;
      const shard = sliceBatch(batch, start, end);
      const pixels = shard.pixels.slice();
      const labels = shard.labels.slice();
      this.send(
        h,
        {
          type: 'step',
          step: t,
          pixels,
          labels,
          count: shard.count,
          augParams: augParams?.slice(start, end),
          hypers,
          randomState,
        },
        [pixels.buffer, labels.buffer],
      );
      start = end;
    }
    let decided = false;
    const decide = (kind: typeof APPLY | typeof DROP) => {
      if (decided) return;
      decided = true;
      exchange.decide(t, kind);
    };
    try {
      const own = counts[0]!;
      if (own === 0) exchange.writeEmpty(0, t);
      else {
        const { value, grads } = batchGradients(host, sliceBatch(batch, 0, own), augParams?.slice(0, own));
        try {
          const loss = (value.dataSync() as Float32Array)[0] ?? Number.NaN;
          exchange.writeRank(0, t, loss, own, host.model.groupVariables().flat(), grads);
        } finally {
          tf.dispose([value, ...Object.values(grads)]);
        }
      }
      for (const h of this.workers) await this.waitFlag(exchange.readyIndex(h.rank), t);
    } catch (err) {
      decide(DROP);
      throw err;
    }
    return {
      loss: exchange.meanLoss(),
      apply: async () => {
        this.throwIfFailed();
        decide(APPLY);
        const flat = host.model.groupVariables().flat();
        exchange.averageShare(0, t, flat);
        for (const h of this.workers) await this.waitFlag(exchange.averagedIndex(h.rank), t);
        const averaged = exchange.averagedGradients(flat);
        try {
          host.opt.step(averaged);
        } finally {
          tf.dispose(Object.values(averaged));
        }
      },
      release: () => decide(DROP),
    };
  }

  /**
   * Each worker's weight checksum, as `weightsChecksum` of its `modelVariables` (`all`) or of those
   * without BatchNorm's running statistics (`weights`, which every rank keeps bit-identical).
   */
  async checksums(scope: 'all' | 'weights' = 'weights'): Promise<string[]> {
    this.throwIfFailed();
    const replies = await Promise.all(
      this.workers.map((h) => {
        const reply = this.reply(h, 'checksum');
        this.send(h, { type: 'checksum', scope });
        return reply;
      }),
    );
    return replies.map((m) => (m.type === 'checksum' ? m.checksum : ''));
  }

  /** Each worker's live tensor count (tests: no leaks in the workers either). */
  async workerTensors(): Promise<number[]> {
    this.throwIfFailed();
    const replies = await Promise.all(
      this.workers.map((h) => {
        const reply = this.reply(h, 'memory');
        this.send(h, { type: 'memory' });
        return reply;
      }),
    );
    return replies.map((m) => (m.type === 'memory' ? m.numTensors : Number.NaN));
  }

  /** Workers whose thread has not exited (0 after `dispose`). */
  get runningWorkers(): number {
    return this.workers.filter((h) => !h.exited).length;
  }

  /** Stops every worker (idempotent). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.exchange?.shutdown();
    await Promise.all(this.workers.map((h) => h.worker.terminate().catch(() => undefined)));
  }

  private listen(h: WorkerHandle): void {
    h.worker.on('message', (m: FromWorker) => {
      if (m.type === 'error') {
        this.fail(new Error(`Training worker ${h.rank} failed: ${m.message}`));
        return;
      }
      const waiter = h.waiting.get(m.type);
      h.waiting.delete(m.type);
      waiter?.(m);
    });
    h.worker.on('error', (err) => {
      this.fail(new Error(`Training worker ${h.rank} crashed: ${err.message}`));
    });
    h.worker.on('exit', (code) => {
      h.exited = true;
      if (!this.disposed)
        this.fail(new Error(`Training worker ${h.rank} stopped unexpectedly (exit code ${code}).`));
    });
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.rejectFailed(err);
    // Ranks blocked on rank 0's decision give up; a later step reports the failure.
    this.exchange?.shutdown();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
    if (this.disposed) throw new Error('the data-parallel runner was disposed');
  }

  private liveExchange(): GradientExchange {
    this.throwIfFailed();
    if (!this.exchange) throw new Error('the data-parallel runner is not started');
    return this.exchange;
  }

  private send(h: WorkerHandle, message: ToWorker, transfer: ArrayBuffer[] = []): void {
    h.worker.postMessage(message, transfer);
  }

  private reply(h: WorkerHandle, type: FromWorker['type']): Promise<FromWorker> {
    const answer = new Promise<FromWorker>((resolve) => h.waiting.set(type, resolve));
    return Promise.race([answer, this.failed]);
  }

  /** Waits (without blocking this thread) until `flags[index] >= target`, or a worker fails. */
  private async waitFlag(index: number, target: number): Promise<void> {
    const exchange = this.liveExchange();
    for (;;) {
      this.throwIfFailed();
      const seen = Atomics.load(exchange.flags, index);
      if (seen >= target) return;
      const w = waitAsync!(exchange.flags, index, seen, 1000);
      if (w.async) await Promise.race([w.value, this.failed]);
    }
  }
}
