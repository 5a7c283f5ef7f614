/**
 * fastai's perspective warp (`Warp`, `_find_coeffs`): the four image corners are shifted, and the
 * projective map sending the shifted corners back to the true corners is applied to the sampling
 * grid, so the source's corners appear at the shifted positions. Solved exactly here as an 8×8
 * linear system per image (tiny, in float64 JS).
 */
import { IDENTITY, type Mat3 } from './matrices';

export type Point = readonly [number, number];

/** Corners in normalised coordinates, in fastai's order. */
export const CORNERS: readonly Point[] = [
  [-1, -1],
  [-1, 1],
  [1, -1],
  [1, 1],
];

/**
 * Where the corners go for a warp of `h` (horizontal) and `v` (vertical) magnitude:
 * (x, y) → (x − x·y·h, y − x·y·v). One diagonal's corners move in, the other's out: the keystone
 * fastai draws (its `targ_pts`, whose x_t/y_t are our v/h).
 */
export function warpTargets(h: number, v: number): Point[] {
  return CORNERS.map(([x, y]) => [x - x * y * h, y - x * y * v] as const);
}

/** Solves A·x = b in place by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(a[pivot]![col]!) < 1e-12) throw new Error('perspective points are degenerate');
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const rowC = a[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = a[r]!;
      const f = row[col]! / rowC[col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) row[c] = row[c]! - f * rowC[c]!;
      b[r] = b[r]! - f * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= a[r]![c]! * x[c]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}

/**
 * The projective matrix M (M[8] = 1) with M·from[i] ∝ to[i] for the four point pairs.
 * fastai's `find_coeffs(p1, p2)` is `projectiveFromPoints(p2, p1)`.
 */
export function projectiveFromPoints(from: readonly Point[], to: readonly Point[]): Mat3 {
  if (from.length !== 4 || to.length !== 4) throw new Error('a perspective map needs exactly 4 point pairs');
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, w] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -w * x, -w * y]);
    b.push(w);
  }
  const c = solve(a, b);
  return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, 1];
}

/** The sampling matrix of a warp with magnitudes `h`, `v` (identity when both are 0). */
export function perspectiveWarp(h: number, v: number): Mat3 {
  if (h === 0 && v === 0) return IDENTITY;
  return projectiveFromPoints(warpTargets(h, v), CORNERS);
}
