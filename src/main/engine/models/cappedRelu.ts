/**
 * ReLU capped at `maxValue` (MobileNetV2's ReLU6) as one op with a float-only gradient. The stock
 * layer is relu then clipByValue, whose gradient builds boolean masks (GreaterEqual, LessEqual,
 * LogicalAnd, Select) that wasm runs slowly: ~16% of a MobileNetV2 step. Here the mask is
 * step(y·(max − y)), 1 exactly where 0 < y < max. Serialises as a stock `ReLU` with `maxValue`.
 */
import * as tf from '@tensorflow/tfjs';

export interface CappedReluArgs {
  maxValue: number;
  name?: string;
}

export class CappedRelu extends tf.layers.Layer {
  static className = 'ReLU';
  readonly maxValue: number;

  constructor(args: CappedReluArgs) {
    super({ name: args.name });
    if (!(args.maxValue > 0))
      throw new Error(`CappedRelu: maxValue must be > 0; got ${String(args.maxValue)}`);
    this.maxValue = args.maxValue;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined) throw new Error(`CappedRelu ${this.name}: no input`);
      const max = this.maxValue;
      const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [xIn, save] = args;
        if (!(xIn instanceof tf.Tensor)) throw new Error('CappedRelu: input is not a tensor');
        const y = max === 6 ? tf.relu6(xIn) : tf.minimum(tf.relu(xIn), max);
        if (typeof save === 'function') save([y]);
        return {
          value: y,
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
            const [sy] = saved;
            if (sy === undefined) throw new Error('CappedRelu: saved output missing');
            return tf.mul(dy, tf.step(tf.mul(sy, tf.sub(max, sy))));
          },
        };
      });
      return op(x);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { maxValue: this.maxValue, ...super.getConfig() };
  }
}
