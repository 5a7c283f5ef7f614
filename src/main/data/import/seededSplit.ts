/**
 * The random train/valid split, made reproducible: the same folder and seed always give the same
 * split, stratified so each class (and the unlabeled group) sends its own `validPct` to valid. Each
 * item is ranked by a seeded hash of its path, so adding files moves few existing items.
 */

import { makeRng } from '../../engine/random';

/** The engine's seeded PRNG (mulberry32) as a bare generator: each call is uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  return makeRng(seed).next;
}

/** FNV-1a over UTF-16 code units: a fast, stable 32-bit string hash. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform in [0, 1), fixed for a (seed, path) pair. */
export function seededRank(seed: number, path: string): number {
  return mulberry32(fnv1a(path) ^ Math.imul(seed >>> 0, 0x9e3779b1))();
}

export interface SplitCandidate {
  path: string;
  /** Stratification group: the label (or sorted tags) or '' for unlabeled. */
  group: string;
}

/**
 * Paths that go to valid: in each group, the `round(n × validPct)` items with the lowest seeded rank
 * (ties broken by path). Deterministic for a given seed and set of paths.
 */
export function stratifiedValidSet(items: SplitCandidate[], validPct: number, seed: number): Set<string> {
  const groups = new Map<string, { path: string; rank: number }[]>();
  for (const item of items) {
    const list = groups.get(item.group) ?? [];
    list.push({ path: item.path, rank: seededRank(seed, item.path) });
    groups.set(item.group, list);
  }
  const valid = new Set<string>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const take = Math.round(list.length * validPct);
    for (const entry of list.slice(0, take)) valid.add(entry.path);
  }
  return valid;
}

/** The group key of an item's labels: '' when unlabeled, the sorted tags joined otherwise. */
export function stratumOf(labels: string[]): string {
  return labels.length === 0 ? '' : [...labels].sort().join('\u0000');
}
