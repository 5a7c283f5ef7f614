/**
 * The memory every replica of a data-parallel step shares: one gradient slot per rank (all of the
 * model's variables, in `groupVariables()` order, at fixed offsets), each rank's loss and item count,
 * and Int32 flags that order the step: rank r stores `ready[r] = t` once its step-t gradients are
 * written, rank 0 stores the decision for step t (apply or drop), and rank r stores `done[r] = t`
 * once it no longer reads step t's slots. Every rank averages the same slots in the same order with
 * the same arithmetic, so every replica takes a bit-identical optimizer step without a broadcast.
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

function byteSizes(layout: ExchangeLayout) {
  const flags = Int32Array.BYTES_PER_ELEMENT * (FLAGS_BEFORE_RANKS + 2 * layout.ranks);
  const flagsPadded = Math.ceil(flags / 8) * 8;
  const numbers = Float64Array.BYTES_PER_ELEMENT * 2 * layout.ranks;
  return { flagsPadded, numbers, slots: Float32Array.BYTES_PER_ELEMENT * layout.floats * layout.ranks };
}

export function allocateExchange(layout: ExchangeLayout): SharedArrayBuffer {
  const b = byteSizes(layout);
  return new SharedArrayBuffer(b.flagsPadded + b.numbers + b.slots);
}

export class GradientExchange {
  readonly flags: Int32Array;
  private readonly numbers: Float64Array;
  private readonly slots: Float32Array[];

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly layout: ExchangeLayout,
  ) {
    const b = byteSizes(layout);
    this.flags = new Int32Array(buffer, 0, FLAGS_BEFORE_RANKS + 2 * layout.ranks);
    this.numbers = new Float64Array(buffer, b.flagsPadded, 2 * layout.ranks);
    this.slots = Array.from(
      { length: layout.ranks },
      (_, r) => new Float32Array(buffer, b.flagsPadded + b.numbers + r * layout.floats * 4, layout.floats),
    );
  }

  readyIndex(rank: number): number {
    return FLAGS_BEFORE_RANKS + rank;
  }

  doneIndex(rank: number): number {
    return FLAGS_BEFORE_RANKS + this.layout.ranks + rank;
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
      if (grad !== undefined) slot.set(grad.dataSync() as Float32Array, offset);
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
   * The whole batch's gradients (each rank's mean gradient weighted by its share of the items) as
   * tensors keyed by this rank's variable names; only variables with a gradient in `trainable`.
   */
  averagedGradients(variables: readonly tf.Variable[]): tf.NamedTensorMap {
    const counts = this.counts();
    const total = counts.reduce((a, b) => a + b, 0);
    const ranks = counts.flatMap((c, r) => (c > 0 ? [r] : []));
    const weights = ranks.map((r) => counts[r]! / total);
    const out: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      if (!v.trainable) return;
      const offset = this.layout.offsets[i]!;
      const size = this.layout.sizes[i]!;
      const values = new Float32Array(size);
      const first = this.slots[ranks[0]!]!;
      const w0 = weights[0]!;
      for (let k = 0; k < size; k++) values[k] = first[offset + k]! * w0;
      for (let j = 1; j < ranks.length; j++) {
        const slot = this.slots[ranks[j]!]!;
        const w = weights[j]!;
        for (let k = 0; k < size; k++) values[k] = values[k]! + slot[offset + k]! * w;
      }
      out[v.name] = tf.tensor(values, v.shape, 'float32');
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
