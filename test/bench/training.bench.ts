// Benchmark: training images/second through the real Learner (data from memory, augmentation off,
// AdamW, one-cycle) for the simple CNN and ResNet-18 at 32×32 and 64×64, batch 64, on each tfjs
// backend that can train here (each in its own child process: backends are process-global), next to
// the same networks and optimizer in PyTorch (test/bench/pytorch_peer.py) with torch's default
// threads, one thread and every core, as ratios ours / PyTorch. Without torch in /usr/bin/python3
// the peer prints as skipped with the reason.
//
// On the single-threaded backends (wasm, cpu) each case also runs data-parallel (DESIGN.md §4 step 4:
// this thread and worker threads, each with a replica, gradients averaged through shared memory),
// and `parallelSpeedup` is its images/second over the same case's one-thread figure from the same
// process, measured back to back.
//
// DESKFIT_BENCH_REPLICAS (default 1,2: the replica counts measured on wasm and cpu) ·
// DESKFIT_BENCH_ROUNDS (default 2: rounds alternating the replica counts, step times pooled) ·
// DESKFIT_BENCH_BACKENDS (default: tfjs-node-gpu,tfjs-node,wasm; add cpu to wait for it — its conv
// gradients are ~100× slower than wasm's) · DESKFIT_BENCH_BATCHES (timed batches per row, default 6;
// the first batch is a warm-up and not timed) · DESKFIT_BENCH_ONLY (e.g. simple-cnn@32,resnet18@32).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError, initBackend } from '../../src/main/engine/backend';
import { BatchLoader } from '../../src/main/engine/data/batchLoader';
import type { TrainingItem } from '../../src/main/engine/data/datasetSpec';
import { learnerModel } from '../../src/main/engine/jobs/learnerModel';
import { Learner } from '../../src/main/engine/learner/learner';
import { createModel } from '../../src/main/engine/models/createModel';
import type { ArchName } from '../../src/main/engine/models/types';
import { makeRng } from '../../src/main/engine/random';
import { singleLabelTask } from '../../src/main/engine/tasks/singleLabel';
import { DataParallelRunner } from '../../src/main/engine/parallel/dataParallelRunner';
import type { BackendName } from '../../src/shared/contract';
import { trainerWorkerEntry } from '../helpers/workerBundle';
import { isSkipped, peerForPrint, pytorchPeer, type PeerResult } from './pytorchPeer';

const batchSize = 64;
const batches = Number(process.env.DESKFIT_BENCH_BATCHES ?? 6);
const rounds = Number(process.env.DESKFIT_BENCH_ROUNDS ?? 2);
const replicaCounts = (process.env.DESKFIT_BENCH_REPLICAS ?? '1,2')
  .split(',')
  .map(Number)
  .filter((n) => n >= 1);
const only = (process.env.DESKFIT_BENCH_ONLY ?? '').split(',').filter(Boolean);
const cases = (
  [
    ['simple-cnn', 32],
    ['simple-cnn', 64],
    ['resnet18', 32],
    ['resnet18', 64],
  ] as const
).filter(([arch, size]) => only.length === 0 || only.includes(`${arch}@${size}`));

interface Row {
  arch: string;
  size: number;
  batchSize: number;
  /** Data-parallel replicas (1: this thread only). */
  replicas: number;
  /** From the median step time (warm-up batch excluded). */
  imagesPerSecond: number;
  /** From the fastest step: less hurt by other work on a shared machine. */
  peakImagesPerSecond?: number;
}

/** Step times in ms of one fit (the warm-up step left out). */
async function stepTimes(
  arch: ArchName,
  size: number,
  replicas: number,
  backend: BackendName,
): Promise<number[]> {
  const rng = makeRng(1);
  const items: TrainingItem[] = Array.from({ length: batchSize * (batches + 1) }, (_, i) => ({
    id: i,
    file: '',
    hash: String(i),
    label: i % 10,
  }));
  const pixels = Uint8Array.from({ length: size * size * 3 }, () => Math.floor(rng.next() * 256));
  const loader = (list: TrainingItem[]) =>
    new BatchLoader({
      items: list,
      cacheDir: '',
      size,
      batchSize,
      shuffle: false,
      seed: 1,
      loadImage: async () => pixels,
    });
  const model = await createModel(arch, { inputSize: size, nClasses: 10, seed: 1 });
  const stats = { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } as const;
  const runner =
    replicas > 1
      ? await DataParallelRunner.start(learnerModel(model), {
          replicas,
          workerEntry: await trainerWorkerEntry(),
          spec: {
            model: { kind: 'arch', arch, options: { inputSize: size, nClasses: 10, seed: 1 } },
            task: { kind: 'single-label', labelSmoothing: 0 },
            size,
            stats: { mean: [...stats.mean], std: [...stats.std] },
            augment: null,
            optimizer: 'adamw',
            wd: 0.01,
            backend: backend === 'cpu' ? 'cpu' : 'wasm',
          },
        })
      : undefined;
  const times: number[] = [];
  let last = 0;
  const learn = new Learner({
    model: learnerModel(model),
    data: {
      train: loader(items),
      valid: loader([]),
      size,
      stats: { mean: [...stats.mean], std: [...stats.std] },
    },
    task: singleLabelTask(),
    ...(runner ? { stepRunner: runner } : {}),
    callbacks: [
      {
        name: 'clock',
        beforeBatch: () => void (last = performance.now()),
        afterStep: () => void times.push(performance.now() - last),
      },
    ],
  });
  try {
    await learn.fitOneCycle(1, 1e-3);
  } finally {
    learn.dispose();
    await runner?.dispose();
    model.dispose();
  }
  return times.slice(1);
}

function row(arch: ArchName, size: number, replicas: number, times: number[]): Row {
  const warm = [...times].sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  return {
    arch,
    size,
    batchSize,
    replicas,
    imagesPerSecond: Math.round((batchSize * 1000) / median),
    peakImagesPerSecond: Math.round((batchSize * 1000) / warm[0]!),
  };
}

/** Child mode: one backend, every case, one JSON line. */
async function child(backend: BackendName): Promise<void> {
  let report;
  try {
    report = await initBackend({ only: backend });
  } catch (err) {
    const own =
      err instanceof BackendUnavailableError ? err.candidates.find((c) => c.name === backend) : undefined;
    const reason = own?.reason ?? (err instanceof Error ? err.message : String(err));
    // The first sentence says why; the rest is install advice `deskfit doctor` prints in full.
    console.log(JSON.stringify({ backend, unavailable: reason.split(/(?<=\.) /)[0] }));
    return;
  }
  const live = report.candidates.find((c) => c.name === backend)?.reason;
  const rows: Row[] = [];
  const parallelSpeedup: Record<string, { median: number; peak: number }> = {};
  const singleThreaded = backend === 'wasm' || backend === 'cpu';
  for (const [arch, size] of cases) {
    const counts = singleThreaded ? replicaCounts : [1];
    // Rounds alternate the replica counts, so a burst of other work on the machine hits both.
    const times = new Map<number, number[]>(counts.map((n) => [n, []]));
    for (let round = 0; round < (singleThreaded ? rounds : 1); round++) {
      for (const replicas of counts)
        times.get(replicas)!.push(...(await stepTimes(arch, size, replicas, backend)));
    }
    const measured = counts.map((replicas) => row(arch, size, replicas, times.get(replicas)!));
    rows.push(...measured);
    const one = measured.find((r) => r.replicas === 1);
    for (const r of measured) {
      if (!one || r.replicas === 1) continue;
      parallelSpeedup[`${arch}@${size} ×${r.replicas}`] = {
        median: Number((r.imagesPerSecond / one.imagesPerSecond).toFixed(2)),
        peak: Number((r.peakImagesPerSecond! / one.peakImagesPerSecond!).toFixed(2)),
      };
    }
  }
  console.log(JSON.stringify({ backend, live, rows, parallelSpeedup }));
}

interface BackendResult {
  backend: string;
  live?: string;
  unavailable?: string;
  rows?: Row[];
  /** Data-parallel images/second over one thread's, per case. */
  parallelSpeedup?: Record<string, { median: number; peak: number }>;
}

function runBackend(backend: BackendName): BackendResult {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    encoding: 'utf8',
    env: { ...process.env, DESKFIT_BENCH_CHILD: backend, DESKFIT_BACKEND: backend },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as BackendResult;
  } catch {
    return { backend, unavailable: `the benchmark process exited with ${run.status}: ${line.slice(0, 300)}` };
  }
}

interface PeerSpeed {
  torch: string;
  threads: number;
  rows: Row[];
}

async function parent(): Promise<void> {
  const backends = (process.env.DESKFIT_BENCH_BACKENDS ?? 'tfjs-node-gpu,tfjs-node,wasm')
    .split(',')
    .filter(Boolean) as BackendName[];
  const ours = backends.map(runBackend);

  // torch's default thread count first (it prints what that resolves to), then 1 and every core.
  const peerArgs = ['speed', '--batches', String(Math.max(batches, 8))];
  if (only.length > 0) peerArgs.push('--only', only.join(','));
  const first = pytorchPeer<PeerSpeed>([...peerArgs, '--threads', 'default']);
  const peers: PeerResult<PeerSpeed>[] = [first];
  if (!isSkipped(first)) {
    for (const threads of new Set([1, cpus().length]))
      if (threads !== first.threads)
        peers.push(pytorchPeer<PeerSpeed>([...peerArgs, '--threads', String(threads)]));
  }

  const ratios = ours.flatMap((b) =>
    (b.rows ?? []).map((row) => {
      const entry: Record<string, string | number> = {
        backend: b.backend,
        case: `${row.arch}@${row.size}`,
        replicas: row.replicas,
      };
      for (const peer of peers) {
        if (isSkipped(peer)) continue;
        const theirs = peer.rows.find((r) => r.arch === row.arch && r.size === row.size);
        if (theirs)
          entry[`vsTorch${peer.threads}t`] = Number(
            (row.imagesPerSecond / theirs.imagesPerSecond).toFixed(3),
          );
      }
      return entry;
    }),
  );
  console.log(
    JSON.stringify({
      benchmark: 'training-throughput',
      note: 'median step of a batch of 64 after one warm-up step; peak = fastest step. A shared 2-core machine makes both noisy.',
      deskfit: ours,
      pytorch: isSkipped(first)
        ? peerForPrint(first)
        : peers.map((p, i) => (isSkipped(p) ? peerForPrint(p) : { ...p, torchDefault: i === 0 })),
      ratios,
      targets: { 'simple-cnn@32 (wasm, one thread)': 250, 'resnet18@32 (wasm)': 35 },
    }),
  );
}

const childBackend = process.env.DESKFIT_BENCH_CHILD as BackendName | undefined;
if (childBackend) await child(childBackend);
else await parent();
