// Synthetic LR-finder curves with answers that can be worked out by hand (see each builder).

/** 101 rates 1e-7 … 10, ten points per 0.8 decade: x_i = log10(lr_i) = −7 + 0.08·i. */
export function sweepLrs(n = 101): number[] {
  return Array.from({ length: n }, (_, i) => 10 ** (-7 + 0.08 * i));
}

/**
 * A Gaussian well in log10(lr): loss = 1 − exp(−(x − m)² / (2s²)), m = −2.2 (point 60), s = 0.76.
 * Minimum at x = m; steepest descent at the inflection x = m − s = −2.96, the midpoint of segment 50–51.
 * The losses fall strictly from point 0 to 60 and rise after, so the longest valley is points 0…60.
 */
export function gaussianWell(n = 101): { lrs: number[]; losses: number[] } {
  const lrs = sweepLrs(n);
  const m = -2.2;
  const s = 0.76;
  return { lrs, losses: lrs.map((lr) => 1 - Math.exp(-((Math.log10(lr) - m) ** 2) / (2 * s * s))) };
}

/**
 * Flat at 4 for points 0…30, falling by 1/16 per point to point 60 (loss 2.125), then rising as
 * 2.125 + (i − 60)²/64. Exact binary values, so gradient comparisons have no rounding.
 */
export function plateauRampBowl(): { lrs: number[]; losses: number[] } {
  const lrs = sweepLrs(101);
  const losses = lrs.map((_, i) => {
    if (i <= 30) return 4;
    if (i <= 60) return 4 - (i - 30) / 16;
    return 2.125 + (i - 60) ** 2 / 64;
  });
  return { lrs, losses };
}
