/**
 * The memory every replica of a data-parallel step shares: one gradient slot per rank (all of the
 * model's variables, in `groupVariables()` order, at fixed offsets), each rank's loss and item count,
 * and Int32 flags that order the step: rank r stores `ready[r] = t` once its step-t gradients are
 * written, rank 0 stores the decision for step t (apply or drop), and rank r stores `done[r] = t`
 * once it no longer reads step t's memory. The average is computed in parallel (a reduce-scatter):
 * rank r averages its share of the trainable floats into the shared `averaged` region and stores
 * `averaged[r] = t`; once every share is there, each rank reads the whole average. Every rank thus
 * steps with the very same floats, so the replicas stay bit-identical without a broadcast.
 */
import * as tf from '@tensorflow/tfjs';

export const APPLY = 1;
export const DROP = 2;

const DECISION_STEP = 0;
const DECISION_KIND = 1;
const SHUTDOWN = 2;
const FLAGS_BEFORE_RANKS = 3;

export interface ExchangeLayout {
  ranks: number;
  /** Offset (in floats) of each variable in a slot, in `groupVariables().flat()` order. */
  offsets: number[];
  sizes: number[];
  floats: number;
}

export function exchangeLayout(sizes: readonly number[], ranks: number): ExchangeLayout {
  let floats = 0;
  const offsets = sizes.map((size) => {
    const offset = floats;
    floats += size;
    return offset;
  });
  return { ranks, offsets, sizes: [...sizes], floats };
}

interface WasmHeapAccess {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
}

/**
 * A float32 tensor's values: on wasm a view of the backend's heap (valid until the next tfjs call;
 * saves a copy of every gradient), elsewhere `dataSync`.
 */
function hostView(tensor: tf.Tensor): Float32Array {
  const backend = tf.backend() as Partial<WasmHeapAccess>;
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function') {
    return backend.typedArrayFromHeap({ dataId: tensor.dataId, shape: tensor.shape, dtype: tensor.dtype });
  }
  return tensor.dataSync() as Float32Array;
}

const flagCount = (ranks: number) => FLAGS_BEFORE_RANKS + 3 * ranks;

function byteSizes(layout: ExchangeLayout) {
  const flags = Int32Array.BYTES_PER_ELEMENT * flagCount(layout.ranks);
  const flagsPadded = Math.ceil(flags / 8) * 8;
  const numbers = Float64Array.BYTES_PER_ELEMENT * 2 * layout.ranks;
  // One slot per rank, then the averaged gradient.
  return { flagsPadded, numbers, slots: Float32Array.BYTES_PER_ELEMENT * layout.floats * (layout.ranks + 1) };
}

/** Ranges `[start, end)` of the slot that hold trainable variables, adjacent ones merged. */
function trainableRanges(layout: ExchangeLayout, variables: readonly tf.Variable[]): [number, number][] {
  const ranges: [number, number][] = [];
  variables.forEach((v, i) => {
    if (!v.trainable) return;
    const start = layout.offsets[i]!;
    const end = start + layout.sizes[i]!;
    const last = ranges.at(-1);
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
  });
  return ranges;
}

export function allocateExchange(layout: ExchangeLayout): SharedArrayBuffer {
  const b = byteSizes(layout);
  return new SharedArrayBuffer(b.flagsPadded + b.numbers + b.slots);
}

export class GradientExchange {
  readonly flags: Int32Array;
  private readonly numbers: Float64Array;
  private readonly slots: Float32Array[];
  private readonly averaged: Float32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly layout: ExchangeLayout,
  ) {
    const b = byteSizes(layout);
    this.flags = new Int32Array(buffer, 0, flagCount(layout.ranks));
    this.numbers = new Float64Array(buffer, b.flagsPadded, 2 * layout.ranks);
    const region = (k: number) =>
      new Float32Array(buffer, b.flagsPadded + b.numbers + k * layout.floats * 4, layout.floats);
    this.slots = Array.from({ length: layout.ranks }, (_, r) => region(r));
    this.averaged = region(layout.ranks);
  }

  readyIndex(rank: number): number {
    return FLAGS_BEFORE_RANKS + rank;
  }

  doneIndex(rank: number): number {
    return FLAGS_BEFORE_RANKS + this.layout.ranks + rank;
  }

  averagedIndex(rank: number): number {
    return FLAGS_BEFORE_RANKS + 2 * this.layout.ranks + rank;
  }

  get decisionIndex(): number {
    return DECISION_STEP;
  }

  get shutdownIndex(): number {
    return SHUTDOWN;
  }

  /**
   * Writes rank `rank`'s mean loss, item count and gradients (a map by the rank's own variable names;
   * `variables` in `groupVariables().flat()` order) into its slot, then marks step `step` ready.
   */
  writeRank(
    rank: number,
    step: number,
    loss: number,
    count: number,
    variables: readonly tf.Variable[],
    grads: tf.NamedTensorMap,
  ): void {
    const slot = this.slots[rank]!;
    variables.forEach((v, i) => {
      const grad = grads[v.name];
      const offset = this.layout.offsets[i]!;
      if (grad !== undefined) slot.set(hostView(grad), offset);
      else if (v.trainable) slot.fill(0, offset, offset + this.layout.sizes[i]!);
    });
    this.numbers[2 * rank] = loss;
    this.numbers[2 * rank + 1] = count;
    this.mark(this.readyIndex(rank), step);
  }

  /** Marks an empty shard: no items, so it weighs nothing in the average. */
  writeEmpty(rank: number, step: number): void {
    this.numbers[2 * rank] = 0;
    this.numbers[2 * rank + 1] = 0;
    this.mark(this.readyIndex(rank), step);
  }

  counts(): number[] {
    return Array.from({ length: this.layout.ranks }, (_, r) => this.numbers[2 * r + 1]!);
  }

  /** The whole batch's mean loss: every rank's mean weighted by its item count. */
  meanLoss(): number {
    let sum = 0;
    let n = 0;
    for (let r = 0; r < this.layout.ranks; r++) {
      const count = this.numbers[2 * r + 1]!;
      if (count === 0) continue;
      sum += this.numbers[2 * r]! * count;
      n += count;
    }
    return n > 0 ? sum / n : Number.NaN;
  }

  /**
   * Rank `rank`'s share of the reduce-scatter: the whole batch's gradient (each rank's mean gradient
   * weighted by its share of the items) over its part of the trainable floats, into the shared
   * average; then marks it done for `step`. `variables` in `groupVariables().flat()` order.
   */
  averageShare(rank: number, step: number, variables: readonly tf.Variable[]): void {
    const counts = this.counts();
    const total = counts.reduce((a, b) => a + b, 0);
    const ranks = counts.flatMap((c, r) => (c > 0 ? [r] : []));
    const sources = ranks.map((r) => this.slots[r]!);
    const weights = ranks.map((r) => counts[r]! / total);
    const ranges = trainableRanges(this.layout, variables);
    const trainable = ranges.reduce((n, [a, b]) => n + b - a, 0);
    const from = Math.floor((trainable * rank) / this.layout.ranks);
    const to = Math.floor((trainable * (rank + 1)) / this.layout.ranks);
    const out = this.averaged;
    let seen = 0;
    for (const [start, end] of ranges) {
      const lo = start + Math.max(0, from - seen);
      const hi = start + Math.min(end - start, to - seen);
      seen += end - start;
      if (lo >= hi) continue;
      const first = sources[0]!;
      const w0 = weights[0]!;
      if (sources.length === 1) {
        for (let k = lo; k < hi; k++) out[k] = first[k]! * w0;
      } else if (sources.length === 2) {
        const second = sources[1]!;
        const w1 = weights[1]!;
        for (let k = lo; k < hi; k++) out[k] = first[k]! * w0 + second[k]! * w1;
      } else {
        for (let k = lo; k < hi; k++) {
          let sum = 0;
          for (let j = 0; j < sources.length; j++) sum += sources[j]![k]! * weights[j]!;
          out[k] = sum;
        }
      }
    }
    this.mark(this.averagedIndex(rank), step);
  }

  /** The whole average (every share done) as tensors keyed by this rank's trainable variables. */
  averagedGradients(variables: readonly tf.Variable[]): tf.NamedTensorMap {
    // The wasm backend copies a new tensor's values into its heap; others may keep the array.
    const copy = tf.getBackend() !== 'wasm';
    const out: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      if (!v.trainable) return;
      const offset = this.layout.offsets[i]!;
      const view = this.averaged.subarray(offset, offset + this.layout.sizes[i]!);
      out[v.name] = tf.tensor(copy ? view.slice() : view, v.shape, 'float32');
    });
    return out;
  }

  decide(step: number, kind: typeof APPLY | typeof DROP): void {
    Atomics.store(this.flags, DECISION_KIND, kind);
    this.mark(DECISION_STEP, step);
  }

  decisionKind(): number {
    return Atomics.load(this.flags, DECISION_KIND);
  }

  mark(index: number, value: number): void {
    Atomics.store(this.flags, index, value);
    Atomics.notify(this.flags, index);
  }

  shutdown(): void {
    this.mark(SHUTDOWN, 1);
  }

  isShutdown(): boolean {
    return Atomics.load(this.flags, SHUTDOWN) === 1;
  }
}
