/**
 * Registers, for the wasm backend, the convolution gradient kernels it lacks (tfjs 4.22 ships
 * none for Conv2DBackpropFilter or the depthwise backprops, so a convnet cannot train on wasm).
 * Each kernel is built from forward ops wasm runs fast; see conv2dGradMath.ts for the maths.
 * A kernel is registered where `tf.getKernel(name, 'wasm')` is missing, so a future tfjs that
 * ships its own wins; the one exception is a stock kernel measured slower than ours (below).
 */
import * as tf from '@tensorflow/tfjs';
import {
  asTensor4D,
  checkDilationsAreOne,
  convGeometry,
  shapeToNHWC,
  toNCHW,
  toNHWC,
  type PadAttr,
  type RoundingMode,
  type Shape4,
} from './convGeometry';
import { conv2dFilterGrad, conv2dInputGrad, depthwiseFilterGrad, depthwiseInputGrad } from './conv2dGradMath';

const BACKEND = 'wasm';

interface Conv2DGradAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: RoundingMode;
}
interface DepthwiseGradAttrs {
  strides: number | [number, number];
  pad: PadAttr;
  dilations?: number | [number, number];
  dimRoundingMode?: RoundingMode;
}

function readAttrs<T>(attrs: tf.NamedAttrMap | undefined): T {
  if (attrs === undefined) throw new Error('deskfit wasm gradient: kernel called without attrs');
  return attrs as unknown as T;
}

const conv2DBackpropFilter: tf.KernelFunc = ({ inputs, attrs }) => {
  const a = readAttrs<Conv2DGradAttrs & { filterShape: Shape4 }>(attrs);
  const nchw = a.dataFormat === 'NCHW';
  return tf.tidy(() => {
    let x = asTensor4D(inputs.x, 'x');
    let dy = asTensor4D(inputs.dy, 'dy');
    if (nchw) {
      x = toNHWC(x);
      dy = toNHWC(dy);
    }
    const g = convGeometry(x.shape, a.filterShape, a.strides, a.pad, a.dimRoundingMode, false);
    return conv2dFilterGrad(x, dy, g);
  });
};

const conv2DBackpropInput: tf.KernelFunc = ({ inputs, attrs }) => {
  const a = readAttrs<Conv2DGradAttrs & { inputShape: Shape4 }>(attrs);
  const nchw = a.dataFormat === 'NCHW';
  return tf.tidy(() => {
    let dy = asTensor4D(inputs.dy, 'dy');
    const filter = asTensor4D(inputs.filter, 'filter');
    if (nchw) dy = toNHWC(dy);
    const inShape = nchw ? shapeToNHWC(a.inputShape) : a.inputShape;
    const g = convGeometry(inShape, filter.shape, a.strides, a.pad, a.dimRoundingMode, false);
    const dx = conv2dInputGrad(dy, filter, g);
    return nchw ? toNCHW(dx) : dx;
  });
};

const depthwiseBackpropFilter: tf.KernelFunc = ({ inputs, attrs }) => {
  const a = readAttrs<DepthwiseGradAttrs & { filterShape: Shape4 }>(attrs);
  checkDilationsAreOne(a.dilations, tf.DepthwiseConv2dNativeBackpropFilter);
  return tf.tidy(() => {
    const x = asTensor4D(inputs.x, 'x');
    const dy = asTensor4D(inputs.dy, 'dy');
    const g = convGeometry(x.shape, a.filterShape, a.strides, a.pad, a.dimRoundingMode, true);
    return depthwiseFilterGrad(x, dy, g, a.filterShape[3]);
  });
};

const depthwiseBackpropInput: tf.KernelFunc = ({ inputs, attrs }) => {
  const a = readAttrs<DepthwiseGradAttrs & { inputShape: Shape4 }>(attrs);
  checkDilationsAreOne(a.dilations, tf.DepthwiseConv2dNativeBackpropInput);
  return tf.tidy(() => {
    const dy = asTensor4D(inputs.dy, 'dy');
    const filter = asTensor4D(inputs.filter, 'filter');
    const g = convGeometry(a.inputShape, filter.shape, a.strides, a.pad, a.dimRoundingMode, true);
    return depthwiseInputGrad(dy, filter, g);
  });
};

/** The kernels deskfit can supply, in registration order. */
export const wasmGradientKernels: readonly tf.KernelConfig[] = [
  { kernelName: tf.Conv2DBackpropFilter, backendName: BACKEND, kernelFunc: conv2DBackpropFilter },
  { kernelName: tf.Conv2DBackpropInput, backendName: BACKEND, kernelFunc: conv2DBackpropInput },
  {
    kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
    backendName: BACKEND,
    kernelFunc: depthwiseBackpropFilter,
  },
  {
    kernelName: tf.DepthwiseConv2dNativeBackpropInput,
    backendName: BACKEND,
    kernelFunc: depthwiseBackpropInput,
  },
];

/**
 * Stock wasm kernels that exist but are slower than ours. tfjs 4.22's native
 * Conv2DBackpropInput measured 1.5–10× slower than the per-phase forward convs on this project's
 * machines (e.g. batch 64, 32×32, 32→64 stride 2: 378 ms vs 53 ms), so it is replaced by default.
 */
export const slowStockKernels: readonly string[] = [tf.Conv2DBackpropInput];

export interface RegisterWasmGradientsOptions {
  /** Replace the slow stock kernels listed in `slowStockKernels` too (default true). */
  replaceSlowStock?: boolean;
}

function lookup(name: string): tf.KernelConfig | undefined {
  // getKernel returns undefined (though typed as KernelConfig) when nothing is registered.
  return tf.getKernel(name, BACKEND) as tf.KernelConfig | undefined;
}

/**
 * Registers each wasm gradient kernel that is missing (and, unless told not to, replaces the slow
 * stock ones); returns the names of the kernels that are deskfit's after the call, so calling it
 * again is harmless and returns the same list.
 */
export function registerWasmGradients(options: RegisterWasmGradientsOptions = {}): string[] {
  const replace = options.replaceSlowStock ?? true;
  const ours: string[] = [];
  for (const config of wasmGradientKernels) {
    const existing = lookup(config.kernelName);
    if (existing?.kernelFunc === config.kernelFunc) {
      ours.push(config.kernelName);
      continue;
    }
    if (existing !== undefined) {
      if (!replace || !slowStockKernels.includes(config.kernelName)) continue;
      tf.unregisterKernel(config.kernelName, BACKEND);
    }
    tf.registerKernel(config);
    ours.push(config.kernelName);
  }
  return ours;
}
