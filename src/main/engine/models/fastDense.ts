/**
 * A Dense layer (2-d input, no activation) whose gradient uses explicit transposes: tfjs's stock
 * matMul gradient calls matMul with transposeA/transposeB, which the wasm backend runs 4–40×
 * slower than a transpose followed by a plain matMul (measured on the head's 1024→512 layer,
 * batch 64: 122 ms vs 3 ms for the weight gradient). The bias gradient is channelSums (pooling)
 * rather than an outer-axis sum. Serialises as a stock `Dense`.
 */
import * as tf from '@tensorflow/tfjs';
import { channelSums } from './channelSums';

export interface FastDenseArgs {
  units: number;
  useBias?: boolean;
  name?: string;
}

type LayerShape = (number | null)[];

function tensorArg(value: tf.Tensor | tf.GradSaveFunc | undefined, what: string): tf.Tensor2D {
  if (value instanceof tf.Tensor && value.rank === 2) return value as tf.Tensor2D;
  throw new Error(`FastDense: ${what} is not a 2-d tensor`);
}

export class FastDense extends tf.layers.Layer {
  static className = 'Dense';
  readonly units: number;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | undefined;
  private bias: tf.LayerVariable | undefined;

  constructor(args: FastDenseArgs) {
    super({ name: args.name });
    this.units = args.units;
    this.useBias = args.useBias ?? true;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const features = shape[shape.length - 1];
    if (shape.length !== 2 || typeof features !== 'number') {
      throw new Error(`FastDense ${this.name} takes [batch, features]; got [${shape.join(', ')}]`);
    }
    // Zero kernel: heNormalInit fills it (seeded), as for every layer built here.
    this.kernel = this.addWeight('kernel', [features, this.units], 'float32', tf.initializers.zeros());
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined || this.kernel === undefined) throw new Error(`FastDense ${this.name}: not built`);
      const kernel = this.kernel.read();
      if (this.bias === undefined) return this.matMul()(x, kernel);
      return this.matMulBias()(x, kernel, this.bias.read());
    });
  }

  /** y = x·W with dx = dy·transpose(W), dW = transpose(x)·dy. */
  private matMul() {
    return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = tensorArg(args[0], 'x');
      const w = tensorArg(args[1], 'kernel');
      const save = args[2];
      if (typeof save === 'function') save([x, w]);
      return {
        value: tf.matMul(x, w),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sw] = saved.map((t, i) => tensorArg(t, i === 0 ? 'x' : 'kernel'));
          if (sx === undefined || sw === undefined) throw new Error('FastDense: saved tensors missing');
          const dy2 = tensorArg(dy, 'dy');
          return [tf.matMul(dy2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy2)];
        },
      };
    });
  }

  /** y = x·W + b; db = ones·dy. */
  private matMulBias() {
    return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = tensorArg(args[0], 'x');
      const w = tensorArg(args[1], 'kernel');
      const b = args[2];
      const save = args[3];
      if (!(b instanceof tf.Tensor)) throw new Error('FastDense: bias is not a tensor');
      if (typeof save === 'function') save([x, w]);
      return {
        value: tf.add(tf.matMul(x, w), b),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sw] = saved.map((t, i) => tensorArg(t, i === 0 ? 'x' : 'kernel'));
          if (sx === undefined || sw === undefined) throw new Error('FastDense: saved tensors missing');
          const dy2 = tensorArg(dy, 'dy');
          return [tf.matMul(dy2, tf.transpose(sw)), tf.matMul(tf.transpose(sx), dy2), channelSums(dy2)];
        },
      };
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      units: this.units,
      activation: 'linear',
      useBias: this.useBias,
      kernelInitializer: { className: 'Zeros', config: {} },
      biasInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: null,
      biasRegularizer: null,
      activityRegularizer: null,
      kernelConstraint: null,
      biasConstraint: null,
      ...super.getConfig(),
    };
  }
}
