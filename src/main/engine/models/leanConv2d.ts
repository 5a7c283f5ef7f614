/**
 * A Conv2D layer that calls the plain `tf.conv2d` op instead of tfjs-layers' fused conv. The
 * fused op's gradient is a customGrad that computes both the input and the filter gradient every
 * time, so a frozen conv still pays for its weight gradient (a third of a step on wasm) and the
 * first conv pays for a gradient of the image; the plain op's registered gradient is lazy and tfjs
 * skips what nobody needs. Bias gradients are channel sums by pooling (channelSums.ts).
 * Serialises as a stock `Conv2D`.
 */
import * as tf from '@tensorflow/tfjs';
import { channelSums } from './channelSums';

type Pair = [number, number];
type LayerShape = (number | null)[];

export interface LeanConv2DArgs {
  filters: number;
  kernelSize: number | Pair;
  strides?: number | Pair;
  padding?: 'same' | 'valid';
  dilationRate?: number | Pair;
  useBias?: boolean;
  activation?: 'linear' | 'relu';
  name?: string;
  trainable?: boolean;
}

function pair(v: number | readonly number[]): Pair {
  if (typeof v === 'number') return [v, v];
  const [a, b = a] = v;
  if (a === undefined || b === undefined) throw new Error('LeanConv2D: empty size');
  return [a, b];
}

function isPairLike(v: unknown): v is number | number[] {
  return typeof v === 'number' || (Array.isArray(v) && v.every((d) => typeof d === 'number'));
}

/** x + b over the last axis, with db as channel sums by pooling instead of an outer-axis sum. */
export function biasAdd(x: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, b] = args;
    if (!(xIn instanceof tf.Tensor) || !(b instanceof tf.Tensor))
      throw new Error('biasAdd: inputs not tensors');
    const channels = b.size;
    return {
      value: tf.add(xIn, b),
      gradFunc: (dy: tf.Tensor) => [dy, tf.reshape(channelSums(dy), [channels])],
    };
  });
  return op(x, bias);
}

export class LeanConv2D extends tf.layers.Layer {
  static className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: Pair;
  readonly strides: Pair;
  readonly padding: 'same' | 'valid';
  readonly dilationRate: Pair;
  readonly useBias: boolean;
  readonly activation: 'linear' | 'relu';
  private kernel: tf.LayerVariable | undefined;
  private bias: tf.LayerVariable | undefined;

  constructor(args: LeanConv2DArgs) {
    super({ name: args.name, trainable: args.trainable });
    this.filters = args.filters;
    this.kernelSize = pair(args.kernelSize);
    this.strides = pair(args.strides ?? 1);
    this.padding = args.padding ?? 'valid';
    this.dilationRate = pair(args.dilationRate ?? 1);
    this.useBias = args.useBias ?? true;
    this.activation = args.activation ?? 'linear';
  }

  /** A LeanConv2D equivalent to a stock Conv2D config, or undefined when it uses what we don't support. */
  static fromStockConfig(name: string, c: tf.serialization.ConfigDict): LeanConv2D | undefined {
    const { filters, kernelSize, strides, padding, dilationRate, useBias, activation, dataFormat } = c;
    if (typeof filters !== 'number' || !isPairLike(kernelSize) || !isPairLike(strides)) return undefined;
    if (padding !== 'same' && padding !== 'valid') return undefined;
    if (activation !== 'linear' && activation !== 'relu') return undefined;
    if (dataFormat !== undefined && dataFormat !== 'channelsLast') return undefined;
    const dilation = dilationRate ?? 1;
    if (!isPairLike(dilation)) return undefined;
    const [dh, dw] = pair(dilation);
    const [sh, sw] = pair(strides);
    // tf.conv2d accepts dilation only with stride 1.
    if ((dh !== 1 || dw !== 1) && (sh !== 1 || sw !== 1)) return undefined;
    return new LeanConv2D({
      name,
      filters,
      kernelSize: pair(kernelSize),
      strides: [sh, sw],
      padding,
      dilationRate: [dh, dw],
      useBias: useBias !== false,
      activation,
    });
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const channels = shape[3];
    if (shape.length !== 4 || typeof channels !== 'number') {
      throw new Error(`LeanConv2D ${this.name} takes [batch, h, w, channels]; got [${shape.join(', ')}]`);
    }
    const [kh, kw] = this.kernelSize;
    // Zero kernel: heNormalInit fills it (seeded), or loaded weights replace it.
    this.kernel = this.addWeight(
      'kernel',
      [kh, kw, channels, this.filters],
      'float32',
      tf.initializers.zeros(),
    );
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const out = [1, 2].map((axis) => {
      const size = shape[axis];
      if (typeof size !== 'number') return null;
      const i = axis - 1;
      const stride = this.strides[i] ?? 1;
      if (this.padding === 'same') return Math.ceil(size / stride);
      const span = ((this.kernelSize[i] ?? 1) - 1) * (this.dilationRate[i] ?? 1) + 1;
      return Math.ceil((size - span + 1) / stride);
    });
    return [shape[0] ?? null, out[0] ?? null, out[1] ?? null, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined || this.kernel === undefined) throw new Error(`LeanConv2D ${this.name}: not built`);
      let y: tf.Tensor = tf.conv2d(
        x as tf.Tensor4D,
        this.kernel.read() as tf.Tensor4D,
        this.strides,
        this.padding,
        'NHWC',
        this.dilationRate,
      );
      if (this.bias !== undefined) y = biasAdd(y, this.bias.read());
      return this.activation === 'relu' ? tf.relu(y) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const zeros = { className: 'Zeros', config: {} };
    return {
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: 'channelsLast',
      dilationRate: [...this.dilationRate],
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: zeros,
      biasInitializer: zeros,
      kernelRegularizer: null,
      biasRegularizer: null,
      activityRegularizer: null,
      kernelConstraint: null,
      biasConstraint: null,
      ...super.getConfig(),
    };
  }
}
