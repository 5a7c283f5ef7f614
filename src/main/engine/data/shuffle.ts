/**
 * Seeded data order: the same seed and epoch give the same permutation on every machine and backend,
 * so a run (and a resumed run) sees its batches in the same order.
 */
import { makeRng } from '../random';

/** A permutation of 0..n-1 for (seed, epoch), by Fisher–Yates. */
export function epochOrder(n: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = makeRng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Splits `count` positions into batches of `batchSize`; the last one is partial (fastai keeps it). */
export function batchRanges(count: number, batchSize: number, dropLast = false): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(count, start + batchSize);
    if (dropLast && end - start < batchSize) break;
    ranges.push([start, end]);
  }
  return ranges;
}
