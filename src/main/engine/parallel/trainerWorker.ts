/**
 * Entry point of a data-parallel training worker (a `worker_threads` thread of the trainer process;
 * built as `out/main/trainerWorker.js`). It brings up its own tfjs backend (wasm in Node is one
 * thread per tfjs, so a second thread is a second core), builds a replica of the model from the same
 * seed, and for each step computes the gradients of its share of the batch, writes them to the shared
 * exchange, waits for rank 0's decision and takes the same optimizer step as every other rank.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { assignWeights, modelVariables } from '../checkpoint/modelWeights';
import { batchGradients } from '../learner/stepRunner';
import { createOptimizer } from '../optim/createOptimizer';
import type { Optimizer, ResolvedHyper } from '../optim/optimizer';
import { isMovingStatistic, layerParamGroups } from '../optim/paramGroups';
import { APPLY, GradientExchange } from './gradientExchange';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';
import { buildReplica, type Replica } from './replicaSpec';
import { rankRandomState, stateFromPositional, weightsChecksum } from './replicaState';

class Shutdown extends Error {}

interface Live {
  replica: Replica;
  /** `groupVariables().flat()`: the exchange's order. */
  flat: tf.Variable[];
  /** `modelVariables`: the order weights are synced in. */
  all: tf.Variable[];
  opt: Optimizer;
  exchange?: GradientExchange;
}

const port = parentPort;
const init = workerData as WorkerInit;
let live: Live | undefined;

function post(message: FromWorker): void {
  port?.postMessage(message);
}

function setHypers(opt: Optimizer, hypers: readonly ResolvedHyper[]): void {
  hypers.forEach((h, k) => opt.setHyper(k, h));
}

/** Blocks this thread until `flags[index] >= target` (rank 0 stores it), or the runner shuts down. */
function waitFlag(exchange: GradientExchange, index: number, target: number): void {
  for (;;) {
    if (exchange.isShutdown()) throw new Shutdown();
    const seen = Atomics.load(exchange.flags, index);
    if (seen >= target) return;
    Atomics.wait(exchange.flags, index, seen, 500);
  }
}

async function start(): Promise<void> {
  await initBackend({ only: init.spec.backend });
  const replica = await buildReplica(init.spec);
  const flat = replica.model.groupVariables().flat();
  const opt = createOptimizer(
    init.spec.optimizer,
    layerParamGroups(replica.model.groupVariables(), { lr: 1e-3, wd: init.spec.wd }),
  );
  live = { replica, flat, all: modelVariables(replica.model.model), opt };
  post({
    type: 'ready',
    report: {
      shapes: flat.map((v) => [...v.shape]),
      checksum: weightsChecksum(live.all),
      backend: tf.getBackend(),
    },
  });
}

function step(l: Live, m: Extract<ToWorker, { type: 'step' }>): void {
  const exchange = l.exchange;
  if (!exchange) throw new Error('step before the exchange was set up');
  const rank = init.rank;
  setHypers(l.opt, m.hypers);
  if (m.randomState && l.replica.model.setRandomState) {
    l.replica.model.setRandomState(rankRandomState(m.randomState, rank));
  }
  if (m.count === 0) exchange.writeEmpty(rank, m.step);
  else {
    const batch = { pixels: m.pixels, labels: m.labels, ids: [], count: m.count };
    const { value, grads } = batchGradients(l.replica, batch, m.augParams);
    try {
      const loss = (value.dataSync() as Float32Array)[0] ?? Number.NaN;
      exchange.writeRank(rank, m.step, loss, m.count, l.flat, grads);
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
    }
  }
  waitFlag(exchange, exchange.decisionIndex, m.step);
  if (exchange.decisionKind() === APPLY) {
    exchange.averageShare(rank, m.step, l.flat);
    for (let r = 0; r < exchange.layout.ranks; r++) waitFlag(exchange, exchange.averagedIndex(r), m.step);
    const averaged = exchange.averagedGradients(l.flat);
    try {
      l.opt.step(averaged);
    } finally {
      tf.dispose(Object.values(averaged));
    }
  }
  exchange.mark(exchange.doneIndex(rank), m.step);
}

function sync(l: Live, m: Extract<ToWorker, { type: 'sync' }>): void {
  assignWeights(l.all, m.weights);
  l.all.forEach((v, i) => (v.trainable = m.trainable[i] ?? v.trainable));
  l.opt.setState(stateFromPositional(m.optimizer, l.all));
  setHypers(l.opt, m.hypers);
  post({ type: 'synced', checksum: weightsChecksum(l.all) });
}

function handle(m: ToWorker): void {
  const l = live;
  if (!l) throw new Error(`message ${m.type} before the replica was built`);
  switch (m.type) {
    case 'exchange':
      l.exchange = new GradientExchange(m.buffer, m.layout);
      return;
    case 'sync':
      return sync(l, m);
    case 'step':
      return step(l, m);
    case 'checksum':
      return post({
        type: 'checksum',
        checksum: weightsChecksum(m.scope === 'all' ? l.all : l.all.filter((v) => !isMovingStatistic(v))),
      });
    case 'memory':
      return post({ type: 'memory', numTensors: tf.memory().numTensors });
  }
}

function report(err: unknown): void {
  if (err instanceof Shutdown) return;
  const message = err instanceof Error ? err.message : String(err);
  post({ type: 'error', message, ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) });
}

if (!port) {
  console.error('deskfit training worker: start me as a worker thread of the trainer.');
  process.exit(2);
} else {
  const ready = start();
  ready.catch(report);
  port.on('message', (m: ToWorker) => {
    ready.then(() => handle(m)).catch(report);
  });
}
