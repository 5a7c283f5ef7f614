/**
 * Where each output pixel samples from: for every output pixel of every image, the four bilinear
 * taps (flat source pixel indices) and their weights, with the padding mode applied exactly as
 * PyTorch's `grid_sample(..., align_corners=True)` defines it (which is what fastai uses):
 * - zeros: taps outside the image contribute 0;
 * - border: the coordinate is clamped to [0, size − 1];
 * - reflection: the coordinate is reflected about the first and last pixel centres, then clamped.
 * Computed in float64 JS so every backend resamples from identical indices and weights; the
 * backend only gathers and blends. tfjs's own `image.transform` is not used: in tfjs 4.22 its cpu
 * kernel fills every image after the first with the fill value, and its 'reflect' differs between
 * cpu and wasm and from PyTorch's reflection.
 */
import type { PaddingMode } from './augConfig';
import type { Mat3 } from './matrices';

type Four<T> = [T, T, T, T];

export interface SamplingTaps {
  /** Flat source pixel index (n·H·W + row·W + col) of each tap: top-left, top-right, bottom-left, bottom-right. */
  index: Four<Int32Array>;
  /** Each tap's weight, repeated `channels` times per pixel so the backend multiplies same-shaped tensors. */
  weight: Four<Float32Array>;
  /** Whether a tap has any non-zero weight in the batch (all-zero taps need no gather). */
  used: Four<boolean>;
}

/** Sub-pixel offsets below this are float noise (e.g. cos 90° in float64) and are snapped away. */
const SNAP = 1e-7;

/** PyTorch's `reflect_coordinates` for align_corners=True: reflect about 0 and size − 1. */
export function reflectCoordinate(x: number, size: number): number {
  if (size <= 1) return 0;
  const span = size - 1;
  const a = Math.abs(x);
  const flips = Math.floor(a / span);
  const extra = a - flips * span;
  const r = flips % 2 === 0 ? extra : span - extra;
  return r < 0 ? 0 : r > span ? span : r;
}

function borderCoordinate(x: number, size: number): number {
  return x < 0 ? 0 : x > size - 1 ? size - 1 : x;
}

function zerosCoordinate(x: number): number {
  return x;
}

const mappers: Record<PaddingMode, (x: number, size: number) => number> = {
  zeros: zerosCoordinate,
  border: borderCoordinate,
  reflection: reflectCoordinate,
};

/**
 * Taps for `matrices.length` output images of `height`×`width`; `matrices[n]` maps output pixel
 * (column, row) to source pixel coordinates (see `toPixelMatrix`); image n samples source image n.
 */
export function samplingTaps(
  matrices: readonly Mat3[],
  height: number,
  width: number,
  padding: PaddingMode,
  channels = 1,
): SamplingTaps {
  const total = matrices.length * height * width;
  const i0 = new Int32Array(total);
  const i1 = new Int32Array(total);
  const i2 = new Int32Array(total);
  const i3 = new Int32Array(total);
  const w0 = new Float32Array(total * channels);
  const w1 = new Float32Array(total * channels);
  const w2 = new Float32Array(total * channels);
  const w3 = new Float32Array(total * channels);
  let used0 = false;
  let used1 = false;
  let used2 = false;
  let used3 = false;
  const map = mappers[padding];
  const maxX = width - 1;
  const maxY = height - 1;
  let o = 0;
  for (let n = 0; n < matrices.length; n++) {
    const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = matrices[n]!;
    const base = n * height * width;
    for (let row = 0; row < height; row++) {
      const bx = m1 * row + m2;
      const by = m4 * row + m5;
      const bz = m7 * row + m8;
      for (let col = 0; col < width; col++, o++) {
        const z = m6 * col + bz;
        const xs = (m0 * col + bx) / z;
        const ys = (m3 * col + by) / z;
        if (!(Math.abs(xs) < Infinity && Math.abs(ys) < Infinity)) {
          // A degenerate warp: the pixel stays zero (weights 0, indices anywhere valid).
          i0[o] = i1[o] = i2[o] = i3[o] = base;
          continue;
        }
        const x = map(xs, width);
        const y = map(ys, height);
        let x0 = Math.floor(x);
        let y0 = Math.floor(y);
        let fx = x - x0;
        let fy = y - y0;
        // Snap float noise (e.g. cos 90° in float64) so whole-pixel maps resample exactly.
        if (fx < SNAP) {
          fx = 0;
        } else if (fx > 1 - SNAP) {
          fx = 0;
          x0 += 1;
        }
        if (fy < SNAP) {
          fy = 0;
        } else if (fy > 1 - SNAP) {
          fy = 0;
          y0 += 1;
        }
        const x1 = x0 + 1;
        const y1 = y0 + 1;
        const inX0 = x0 >= 0 && x0 <= maxX;
        const inX1 = x1 >= 0 && x1 <= maxX;
        const inY0 = y0 >= 0 && y0 <= maxY;
        const inY1 = y1 >= 0 && y1 <= maxY;
        const cx0 = x0 < 0 ? 0 : x0 > maxX ? maxX : x0;
        const cx1 = x1 < 0 ? 0 : x1 > maxX ? maxX : x1;
        const r0 = base + (y0 < 0 ? 0 : y0 > maxY ? maxY : y0) * width;
        const r1 = base + (y1 < 0 ? 0 : y1 > maxY ? maxY : y1) * width;
        i0[o] = r0 + cx0;
        i1[o] = r0 + cx1;
        i2[o] = r1 + cx0;
        i3[o] = r1 + cx1;
        const a = inY0 && inX0 ? (1 - fx) * (1 - fy) : 0;
        const b = inY0 && inX1 ? fx * (1 - fy) : 0;
        const c = inY1 && inX0 ? (1 - fx) * fy : 0;
        const d = inY1 && inX1 ? fx * fy : 0;
        used0 ||= a !== 0;
        used1 ||= b !== 0;
        used2 ||= c !== 0;
        used3 ||= d !== 0;
        const k = o * channels;
        for (let ch = 0; ch < channels; ch++) {
          w0[k + ch] = a;
          w1[k + ch] = b;
          w2[k + ch] = c;
          w3[k + ch] = d;
        }
      }
    }
  }
  return { index: [i0, i1, i2, i3], weight: [w0, w1, w2, w3], used: [used0, used1, used2, used3] };
}
