/**
 * Shape bookkeeping shared by the gradient kernels deskfit registers for wasm: reading kernel
 * inputs as tensors, resolving tfjs padding attributes to explicit pads, and padding-or-cropping
 * the spatial axes of NHWC tensors. Pure tensor plumbing; no arithmetic of its own.
 */
import * as tf from '@tensorflow/tfjs';

export type PadAttr = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
export type RoundingMode = 'floor' | 'round' | 'ceil' | undefined;
export type Shape4 = [number, number, number, number];

/** Kernel inputs arrive typed as TensorInfo; tfjs ops always pass real tensors. */
export function asTensor4D(info: tf.TensorInfo | undefined, what: string): tf.Tensor4D {
  if (!(info instanceof tf.Tensor) || info.rank !== 4) {
    throw new Error(`deskfit wasm gradient: input '${what}' must be a rank-4 tf.Tensor`);
  }
  return info as tf.Tensor4D;
}

export function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

export function checkDilationsAreOne(dilations: number | [number, number] | undefined, kernel: string): void {
  const [dh, dw] = pair(dilations ?? 1);
  if (dh !== 1 || dw !== 1) {
    throw new Error(`deskfit ${kernel} for wasm supports dilation 1 only, got [${dh}, ${dw}]`);
  }
}

export interface ConvGeometry {
  inShape: Shape4; // NHWC
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
}

/** Resolves 'same' / 'valid' / numeric / explicit pads exactly as the forward op does (NHWC). */
export function convGeometry(
  inShape: Shape4,
  filterShape: Shape4,
  strides: number | [number, number],
  pad: PadAttr,
  roundingMode: RoundingMode,
  depthwise: boolean,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    strides,
    1,
    pad,
    roundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    inShape,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

/**
 * Pads (positive amounts, zeros) or crops (negative amounts) axes 1 and 2 of an NHWC tensor.
 * Crops use `slice`, not `stridedSlice` (slow on wasm).
 */
export function padOrCrop(
  t: tf.Tensor4D,
  top: number,
  bottom: number,
  left: number,
  right: number,
): tf.Tensor4D {
  let out = t;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [n, h, w, c] = t.shape;
    const y0 = Math.max(0, -top);
    const x0 = Math.max(0, -left);
    const hh = h - y0 - Math.max(0, -bottom);
    const ww = w - x0 - Math.max(0, -right);
    out = tf.slice(out, [0, y0, x0, 0], [n, Math.max(0, hh), Math.max(0, ww), c]);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = tf.pad(out, [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ]);
  }
  return out;
}

/** NCHW <-> NHWC for the kernels whose attrs allow either layout. */
export function toNHWC(t: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(t, [0, 2, 3, 1]);
}
export function toNCHW(t: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(t, [0, 3, 1, 2]);
}
export function shapeToNHWC([n, c, h, w]: Shape4): Shape4 {
  return [n, h, w, c];
}
