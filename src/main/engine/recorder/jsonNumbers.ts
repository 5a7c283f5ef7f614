/**
 * JSON has no NaN or Infinity (JSON.stringify writes them as null), yet a diverged batch records exactly
 * those. The recorder's JSON form writes every non-finite number as null and reads null back as NaN, so
 * a run record or checkpoint round-trips through JSON.stringify without silently changing shape.
 */

export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function nullToNaN(value: number | null): number {
  return value === null ? Number.NaN : value;
}
