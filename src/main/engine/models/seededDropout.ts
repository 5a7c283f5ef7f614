/**
 * Dropout whose masks come from a seeded generator that advances every training call, so two runs
 * with the same seed drop the same units (tfjs's own Dropout is either unseeded, or seeded and then
 * draws the same mask every step). Masks are drawn in plain JS, identical on every backend, and
 * the generator's whole state is one integer a checkpoint can save. Serialises as a stock `Dropout`.
 */
import * as tf from '@tensorflow/tfjs';

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'Dropout';
  readonly rate: number;
  /** mulberry32 state (uint32): the next draw depends on nothing else. */
  private state: number;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) {
      throw new Error(`dropout rate must be in [0, 1); got ${String(args.rate)}`);
    }
    this.rate = args.rate;
    this.state = args.seed >>> 0;
  }

  getState(): number {
    return this.state;
  }

  setState(state: number): void {
    this.state = state >>> 0;
  }

  /** `n` uniforms in [0, 1) (mulberry32, as random.ts), advancing the state. */
  private uniforms(n: number): Float32Array {
    const out = new Float32Array(n);
    let s = this.state;
    for (let i = 0; i < n; i++) {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    this.state = s;
    return out;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined) throw new Error(`SeededDropout ${this.name}: no input`);
      if (kwargs['training'] !== true || this.rate === 0) return x;
      const keep = 1 - this.rate;
      const mask = this.uniforms(x.size);
      for (let i = 0; i < mask.length; i++) mask[i] = (mask[i] ?? 1) < keep ? 1 / keep : 0;
      return tf.mul(x, tf.tensor(mask, x.shape));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { rate: this.rate, noiseShape: null, seed: null, ...super.getConfig() };
  }
}
