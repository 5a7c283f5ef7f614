/**
 * Pure 3×3 matrix helpers for the geometric augmentations. Convention (fastai's): coordinates are
 * normalised to [−1, 1] across the image with −1 and +1 at the centres of the first and last pixel
 * (PyTorch's `align_corners=True`), x to the right, y down, and every matrix maps an OUTPUT
 * coordinate to the SOURCE coordinate it samples — so a product `A·B` applies B first to the
 * output grid. Matrices are row-major tuples of 9 numbers.
 */

export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

export const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** a·b (b is applied first to the output coordinate). */
export function multiply(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
    }
  }
  return out as unknown as Mat3;
}

/** Product of matrices, the last applied first to the output grid (fastai's `aff_m @ m` order). */
export function compose(...ms: Mat3[]): Mat3 {
  return ms.reduce(multiply, IDENTITY);
}

export function isIdentity(m: Mat3, tol = 0): boolean {
  return m.every((v, i) => Math.abs(v - IDENTITY[i]!) <= tol);
}

/** Horizontal flip (source x = −x). */
export function flipMatrix(): Mat3 {
  return [-1, 0, 0, 0, 1, 0, 0, 0, 1];
}

/** cos and sin of `deg` degrees, exact at multiples of 90° (so quarter turns resample exactly). */
function cosSin(deg: number): [number, number] {
  const quarter = deg / 90;
  if (Number.isInteger(quarter)) {
    const q = ((quarter % 4) + 4) % 4;
    return (
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ] as const
    )[q]!.slice() as [number, number];
  }
  const t = (deg * Math.PI) / 180;
  return [Math.cos(t), Math.sin(t)];
}

/**
 * Rotation by `deg` degrees about the image centre, fastai's `rotate_mat`: source = [[c, s], [−s, c]]
 * · output. On screen (y down) a positive angle turns the picture clockwise.
 */
export function rotationMatrix(deg: number): Mat3 {
  const [c, s] = cosSin(deg);
  return [c, s, 0, s === 0 ? 0 : -s, c, 0, 0, 0, 1];
}

/**
 * Zoom by `scale` (> 1 zooms in) towards the point at fractions `cx`, `cy` ∈ [0, 1] of the width and
 * height, fastai's `zoom_mat`: s = 1/scale, translation (1 − s)·(2·c − 1), so the zoomed window
 * always stays inside the image.
 */
export function zoomMatrix(scale: number, cx = 0.5, cy = 0.5): Mat3 {
  const s = 1 / scale;
  return [s, 0, (1 - s) * (2 * cx - 1), 0, s, (1 - s) * (2 * cy - 1), 0, 0, 1];
}

/**
 * Makes an affine matrix built on normalised coordinates rigid in pixels for a non-square image:
 * the x←y and y←x terms are scaled by the ratio of the axes' pixel scales. fastai does the same in
 * `_prepare_mat` with h/w; we use (h − 1)/(w − 1), the exact ratio under align_corners, so a 90°
 * turn of a non-square image lands on pixel centres.
 */
export function aspectCorrected(m: Mat3, height: number, width: number): Mat3 {
  if (height === width || height < 2 || width < 2) return m;
  const r = (height - 1) / (width - 1);
  return [m[0], m[1] * r, m[2], m[3] / r, m[4], m[5], m[6], m[7], m[8]];
}

/**
 * The same mapping in pixel coordinates (column, row of pixel centres): U·m·N with N taking pixels
 * to normalised coordinates and U back. A size-1 axis maps to its only pixel.
 */
export function toPixelMatrix(m: Mat3, height: number, width: number): Mat3 {
  const ax = width > 1 ? 2 / (width - 1) : 0;
  const ay = height > 1 ? 2 / (height - 1) : 0;
  const toNorm: Mat3 = [ax, 0, width > 1 ? -1 : 0, 0, ay, height > 1 ? -1 : 0, 0, 0, 1];
  const hx = (width - 1) / 2;
  const hy = (height - 1) / 2;
  const toPixel: Mat3 = [hx, 0, hx, 0, hy, hy, 0, 0, 1];
  return compose(toPixel, m, toNorm);
}
