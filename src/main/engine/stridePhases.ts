/**
 * The input gradient of a strided convolution splits into one ordinary stride-1 convolution per
 * stride phase (output row r ≡ ry, column ≡ rx mod stride), each using only the filter taps that
 * land on that phase, spatially flipped. This module computes, per phase, which taps and how much
 * to pad the output gradient, and interleaves the per-phase results back into a full image.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './convGeometry';

export interface StridePhase {
  /** Output image rows ry, ry+s, … and columns rx, rx+s, … */
  ry: number;
  rx: number;
  /** Rows / columns this phase produces (before padding to the common size). */
  rows: number;
  cols: number;
  /** Filter tap indices along H and W, already in flipped order (empty: phase gets no taps). */
  tapRows: number[];
  tapCols: number[];
  /** Pads (negative: crop) applied to dy so a 'valid' stride-1 conv yields rows × cols. */
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

function axisPhase(
  r: number,
  size: number,
  stride: number,
  pad: number,
  kernel: number,
  outSize: number,
): { count: number; taps: number[]; before: number; after: number } {
  const count = Math.max(0, Math.ceil((size - r) / stride));
  const first = (((r + pad) % stride) + stride) % stride;
  const q = Math.floor((r + pad) / stride);
  const m = first < kernel ? Math.ceil((kernel - first) / stride) : 0;
  const taps: number[] = [];
  for (let j = m - 1; j >= 0; j--) taps.push(first + stride * j);
  const before = m - 1 - q;
  const after = count + m - 1 - outSize - before;
  return { count, taps, before, after };
}

export function stridePhases(g: ConvGeometry): StridePhase[] {
  const [, h, w] = g.inShape;
  const phases: StridePhase[] = [];
  for (let ry = 0; ry < g.strideHeight; ry++) {
    const ph = axisPhase(ry, h, g.strideHeight, g.padTop, g.filterHeight, g.outHeight);
    for (let rx = 0; rx < g.strideWidth; rx++) {
      const pw = axisPhase(rx, w, g.strideWidth, g.padLeft, g.filterWidth, g.outWidth);
      phases.push({
        ry,
        rx,
        rows: ph.count,
        cols: pw.count,
        tapRows: ph.taps,
        tapCols: pw.taps,
        padTop: ph.before,
        padBottom: ph.after,
        padLeft: pw.before,
        padRight: pw.after,
      });
    }
  }
  return phases;
}

/** True when the phase has taps and a non-empty output, i.e. needs a convolution at all. */
export function phaseHasWork(p: StridePhase): boolean {
  return p.rows > 0 && p.cols > 0 && p.tapRows.length > 0 && p.tapCols.length > 0;
}

/**
 * Interleaves per-phase results (ry-major order, each [B, rows, cols, C]; `undefined` for a phase
 * with no work, which contributes zeros) into the full [B, H, W, C] gradient.
 */
export function interleavePhases(
  g: ConvGeometry,
  phases: StridePhase[],
  results: (tf.Tensor4D | undefined)[],
  channels: number,
): tf.Tensor4D {
  const [b, h, w] = g.inShape;
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const rowsMax = Math.ceil(h / sh);
  const colsMax = Math.ceil(w / sw);
  const full = phases.map((p, i) => {
    const r = results[i];
    if (r === undefined) return tf.zeros([b, rowsMax, colsMax, channels]) as tf.Tensor4D;
    if (p.rows === rowsMax && p.cols === colsMax) return r;
    return tf.pad(r, [
      [0, 0],
      [0, rowsMax - p.rows],
      [0, colsMax - p.cols],
      [0, 0],
    ]);
  });
  // Interleave with whole-tensor concats on axis 0 (memcpys) and rank-3/4 transposes that keep
  // a contiguous inner block; wasm's DepthToSpace, Pack, inner-axis Concat and rank-5
  // transposes are 10–30× slower for the same job.
  const bu = b * rowsMax;
  const rowBands: tf.Tensor[] = [];
  for (let ry = 0; ry < sh; ry++) {
    const band = full.slice(ry * sw, ry * sw + sw);
    if (sw === 1) {
      rowBands.push(tf.reshape(band[0] as tf.Tensor4D, [bu, colsMax * channels]));
      continue;
    }
    const stacked = tf.reshape(tf.concat(band, 0), [sw, bu, colsMax, channels]);
    const woven = tf.transpose(stacked, [1, 2, 0, 3]); // [B·U, V, sw, C]
    rowBands.push(tf.reshape(woven, [bu, colsMax * sw * channels]));
  }
  const rowSize = colsMax * sw * channels;
  let out: tf.Tensor4D;
  if (sh === 1) {
    out = tf.reshape(rowBands[0] as tf.Tensor, [b, rowsMax, colsMax * sw, channels]);
  } else {
    const stacked = tf.reshape(tf.concat(rowBands, 0), [sh, bu, rowSize]);
    const woven = tf.transpose(stacked, [1, 0, 2]); // [B·U, sh, row]
    out = tf.reshape(woven, [b, rowsMax * sh, colsMax * sw, channels]);
  }
  if (out.shape[1] !== h || out.shape[2] !== w) out = tf.slice(out, [0, 0, 0, 0], [b, h, w, channels]);
  return out;
}
