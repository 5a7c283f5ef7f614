/**
 * The smoothed training loss that the loss chart, the epoch table and the LR finder read (fastai's
 * `AvgSmoothLoss`): an exponential moving average with β = 0.98, divided by (1 − β^count) so the first
 * batches are not dragged toward the zero it starts from. A NaN loss makes every later value NaN, which
 * is what the NaN-stop and LR-finder stop rules rely on.
 */
import { finiteOrNull, nullToNaN } from './jsonNumbers';

export const SMOOTH_LOSS_BETA = 0.98;

/** What a checkpoint stores to resume the same smoothed curve. `val` is null when NaN or infinite. */
export interface SmoothLossState {
  beta: number;
  count: number;
  val: number | null;
}

export class SmoothLoss {
  readonly beta: number;
  private count = 0;
  private val = 0;

  constructor(beta: number = SMOOTH_LOSS_BETA) {
    if (!(beta >= 0 && beta < 1)) throw new RangeError(`SmoothLoss beta must be ≥ 0 and < 1, got ${beta}`);
    this.beta = beta;
  }

  reset(): void {
    this.count = 0;
    this.val = 0;
  }

  /** Folds in one batch's loss and returns the new smoothed value. */
  accumulate(loss: number): number {
    this.count += 1;
    this.val = loss + this.beta * (this.val - loss);
    return this.value;
  }

  /** The debiased average; NaN before the first batch. */
  get value(): number {
    return this.count === 0 ? Number.NaN : this.val / (1 - this.beta ** this.count);
  }

  get batches(): number {
    return this.count;
  }

  toJSON(): SmoothLossState {
    return { beta: this.beta, count: this.count, val: finiteOrNull(this.val) };
  }

  static fromJSON(state: SmoothLossState): SmoothLoss {
    const smooth = new SmoothLoss(state.beta);
    smooth.count = state.count;
    smooth.val = nullToNaN(state.val);
    return smooth;
  }
}
