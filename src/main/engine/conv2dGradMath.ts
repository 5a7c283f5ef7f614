/**
 * Conv2D and depthwise-conv gradients written as *forward* convolutions, which the wasm backend
 * runs fast (XNNPACK), instead of the missing or slow backprop kernels (DESIGN.md §4):
 *  - filter gradient: one dilated stride-1 conv of the transposed, padded input with the
 *    transposed output gradient as the "filter" (dilation = the forward stride);
 *  - input gradient: one stride-1 conv per stride phase with the flipped, in/out-swapped filter
 *    taps of that phase, results interleaved.
 * All functions take and return NHWC tensors and must run inside a tidy (the kernels do that).
 */
import * as tf from '@tensorflow/tfjs';
import { padOrCrop, type ConvGeometry } from './convGeometry';
import { interleavePhases, phaseHasWork, stridePhases } from './stridePhases';

/** Pads of x (H then W) so a stride-1 conv dilated by the stride yields exactly kernel-size rows. */
function filterGradPads(g: ConvGeometry): [number, number, number, number] {
  const [, h, w] = g.inShape;
  const needH = g.filterHeight + (g.outHeight - 1) * g.strideHeight;
  const needW = g.filterWidth + (g.outWidth - 1) * g.strideWidth;
  return [g.padTop, needH - h - g.padTop, g.padLeft, needW - w - g.padLeft];
}

/** dW[kh,kw,ci,co] = Σ_b,i,j x[b, i·s+kh−pt, j·s+kw−pl, ci] · dy[b,i,j,co]. */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [top, bottom, left, right] = filterGradPads(g);
  // Batch becomes the reduced "channel" axis: x → [Ci, H, W, B], dy → [OH, OW, B, Co].
  const xt = padOrCrop(tf.transpose(x, [3, 1, 2, 0]), top, bottom, left, right);
  const dyt = tf.transpose(dy, [1, 2, 0, 3]);
  const dw = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', [g.strideHeight, g.strideWidth]);
  return tf.transpose(dw, [1, 2, 0, 3]); // [Ci, KH, KW, Co] → [KH, KW, Ci, Co]
}

/**
 * The filter taps at the given row and column indices, in that order. Slices and concats, not
 * `tf.gather`: wasm's gather costs ~100 ms on a 3×3×512×512 filter, the slices a few.
 */
function pickTaps(filter: tf.Tensor4D, rows: readonly number[], cols: readonly number[]): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const allRows = rows.length === kh && rows.every((r, i) => r === i);
  const byRow = allRows
    ? filter
    : tf.concat(
        rows.map((r) => tf.slice(filter, [r, 0, 0, 0], [1, kw, ci, co])),
        0,
      );
  const allCols = cols.length === kw && cols.every((c, i) => c === i);
  if (allCols) return byRow;
  return tf.concat(
    cols.map((c) => tf.slice(byRow, [0, c, 0, 0], [rows.length, 1, ci, co])),
    1,
  );
}

/** dx for a regular conv: per stride phase, conv of padded dy with flipped, transposed taps. */
export function conv2dInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const inChannels = g.inShape[3];
  const phases = stridePhases(g);
  const results = phases.map((p) => {
    if (!phaseHasWork(p)) return undefined;
    const taps = pickTaps(filter, p.tapRows, p.tapCols);
    const swapped = tf.transpose(taps, [0, 1, 3, 2]); // [m, n, Co, Ci]
    const dyp = padOrCrop(dy, p.padTop, p.padBottom, p.padLeft, p.padRight);
    return tf.conv2d(dyp, swapped, 1, 'valid');
  });
  return interleavePhases(g, phases, results, inChannels);
}

/** dW[kh,kw,c,m] = Σ_b,i,j x[b, i·s+kh−pt, j·s+kw−pl, c] · dy[b,i,j,c·M+m]. */
export function depthwiseFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  g: ConvGeometry,
  multiplier: number,
): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [top, bottom, left, right] = filterGradPads(g);
  // Fold batch into channels so one depthwise conv pairs each (b, c) image with its own dy map.
  const xt = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [1, h, w, b * c]) as tf.Tensor4D;
  const xp = padOrCrop(xt, top, bottom, left, right);
  const dy5 = tf.reshape(dy, [b, g.outHeight, g.outWidth, c, multiplier]);
  const dyt = tf.reshape(tf.transpose(dy5, [1, 2, 0, 3, 4]), [
    g.outHeight,
    g.outWidth,
    b * c,
    multiplier,
  ]) as tf.Tensor4D;
  const dw = tf.depthwiseConv2d(xp, dyt, 1, 'valid', 'NHWC', [g.strideHeight, g.strideWidth]);
  const per = tf.reshape(dw, [g.filterHeight, g.filterWidth, b, c, multiplier]);
  return tf.sum(per, 2) as tf.Tensor4D;
}

/** dx for a depthwise conv: per stride phase, depthwise conv of padded dy with flipped taps. */
export function depthwiseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [b] = g.inShape;
  const [, , c, multiplier] = filter.shape;
  const phases = stridePhases(g);
  const results = phases.map((p) => {
    if (!phaseHasWork(p)) return undefined;
    const taps = pickTaps(filter, p.tapRows, p.tapCols);
    const perChannel = tf.reshape(taps, [
      p.tapRows.length,
      p.tapCols.length,
      c * multiplier,
      1,
    ]) as tf.Tensor4D;
    const dyp = padOrCrop(dy, p.padTop, p.padBottom, p.padLeft, p.padRight);
    const out = tf.depthwiseConv2d(dyp, perChannel, 1, 'valid');
    if (multiplier === 1) return out;
    return tf.sum(tf.reshape(out, [b, p.rows, p.cols, c, multiplier]), 4) as tf.Tensor4D;
  });
  return interleavePhases(g, phases, results, c);
}
