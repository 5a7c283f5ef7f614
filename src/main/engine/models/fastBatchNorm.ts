/**
 * BatchNormalization with an analytic training gradient (tf.customGrad) and channel sums done by
 * average pooling (channelSums.ts). Why: on wasm the stock layer's gradient tiles the per-channel
 * scale to the full activation size (wasm `Tile` is ~200× slower than a multiply) and its
 * `moments` reduce over the outer axes through a transpose (~10× slower than the pooling); see
 * DESIGN.md §4 step 3. Inference is the stock `tf.batchNorm`, and the layer serialises as a stock
 * `BatchNormalization` (same class name, config and weight order), so exported models load
 * anywhere. Channels are the last axis; the moving statistics follow Keras (momentum 0.9 here is
 * PyTorch's 0.1) and use the biased batch variance, as the stock layer does.
 */
import * as tf from '@tensorflow/tfjs';
import { channelSums } from './channelSums';

export interface FastBatchNormArgs {
  name?: string;
  trainable?: boolean;
  /** moving = moving·momentum + batch·(1 − momentum). Default 0.9 (fastai/PyTorch's momentum 0.1). */
  momentum?: number;
  /** Default 1e-5, as PyTorch. */
  epsilon?: number;
  /** Learn a shift (beta). Default true. */
  center?: boolean;
  /** Learn a scale (gamma). Default true. */
  scale?: boolean;
}

type LayerShape = (number | null)[];

function tensorArg(value: tf.Tensor | tf.GradSaveFunc | undefined, what: string): tf.Tensor {
  if (value instanceof tf.Tensor) return value;
  throw new Error(`FastBatchNorm: ${what} is not a tensor`);
}

function zeros(): tf.serialization.ConfigDict {
  return { className: 'Zeros', config: {} };
}
function ones(): tf.serialization.ConfigDict {
  return { className: 'Ones', config: {} };
}

export class FastBatchNorm extends tf.layers.Layer {
  /** Serialised under the stock name: an exported model needs no custom class to load. */
  static className = 'BatchNormalization';
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma: tf.LayerVariable | undefined;
  private beta: tf.LayerVariable | undefined;
  private movingMean: tf.LayerVariable | undefined;
  private movingVariance: tf.LayerVariable | undefined;

  constructor(args: FastBatchNormArgs = {}) {
    super({ name: args.name, trainable: args.trainable });
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-5;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.supportsMasking = true;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number') {
      throw new Error(
        `FastBatchNorm ${this.name}: the channel (last) axis must be known; got [${shape.join(', ')}]`,
      );
    }
    // Same weight order as the stock layer: gamma, beta, moving_mean, moving_variance.
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    const frozen = false;
    this.movingMean = this.addWeight(
      'moving_mean',
      [channels],
      'float32',
      tf.initializers.zeros(),
      undefined,
      frozen,
    );
    this.movingVariance = this.addWeight(
      'moving_variance',
      [channels],
      'float32',
      tf.initializers.ones(),
      undefined,
      frozen,
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined) throw new Error(`FastBatchNorm ${this.name}: no input`);
      const { movingMean, movingVariance } = this.stats();
      const channels = x.shape[x.rank - 1] ?? 0;
      const gamma = this.gamma?.read() ?? tf.ones([channels]);
      const beta = this.beta?.read() ?? tf.zeros([channels]);
      if (kwargs['training'] !== true) {
        return tf.batchNorm(x, movingMean.read(), movingVariance.read(), beta, gamma, this.epsilon);
      }
      return this.trainingForward(x, gamma, beta);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      axis: -1,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: zeros(),
      gammaInitializer: ones(),
      movingMeanInitializer: zeros(),
      movingVarianceInitializer: ones(),
      betaRegularizer: null,
      gammaRegularizer: null,
      betaConstraint: null,
      gammaConstraint: null,
      ...super.getConfig(),
    };
  }

  private stats(): { movingMean: tf.LayerVariable; movingVariance: tf.LayerVariable } {
    if (this.movingMean === undefined || this.movingVariance === undefined) {
      throw new Error(`FastBatchNorm ${this.name} was called before it was built`);
    }
    return { movingMean: this.movingMean, movingVariance: this.movingVariance };
  }

  private updateMoving(variable: tf.LayerVariable, batchValue: tf.Tensor): void {
    const old = variable.read();
    variable.write(tf.sub(old, tf.mul(tf.sub(old, tf.reshape(batchValue, old.shape)), 1 - this.momentum)));
  }

  /** y = (x − mean)·γ/√(var + ε) + β over all but the last axis, with the analytic gradient. */
  private trainingForward(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
    const c = x.shape[x.rank - 1] ?? 1;
    const m = x.size / c;
    const eps = this.epsilon;
    const { movingMean, movingVariance } = this.stats();
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const xIn = tensorArg(args[0], 'x');
      const g = tensorArg(args[1], 'gamma');
      const b = tensorArg(args[2], 'beta');
      const save = args[3];
      const mean = tf.div(channelSums(xIn), m);
      const xc = tf.sub(xIn, mean);
      const variance = tf.div(channelSums(tf.square(xc)), m);
      const invStd = tf.rsqrt(tf.add(variance, eps));
      const y = tf.add(tf.mul(xc, tf.mul(g, invStd)), b);
      if (typeof save === 'function') save([xc, invStd, g]);
      this.updateMoving(movingMean, mean);
      this.updateMoving(movingVariance, variance);
      return {
        value: y,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sxc, sInvStd, sg] = saved;
          if (sxc === undefined || sInvStd === undefined || sg === undefined) {
            throw new Error('FastBatchNorm: saved tensors missing in the gradient');
          }
          const sumDy = channelSums(dy);
          const sumDyXc = channelSums(tf.mul(dy, sxc));
          const a = tf.mul(sg, sInvStd);
          // dx = a·(dy − Σdy/m − xc·invStd²·Σ(dy·xc)/m), as per-channel affine terms of dy and xc.
          const k = tf.neg(tf.mul(a, tf.mul(tf.square(sInvStd), tf.div(sumDyXc, m))));
          const shift = tf.neg(tf.mul(a, tf.div(sumDy, m)));
          const dx = tf.add(tf.add(tf.mul(dy, a), tf.mul(sxc, k)), shift);
          return [dx, tf.mul(sumDyXc, sInvStd), sumDy];
        },
      };
    });
    return op(x, gamma, beta);
  }
}
