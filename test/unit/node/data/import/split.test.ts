// The seeded, stratified random split: deterministic for a seed and file set, different for another
// seed, ~validPct of every class (and of the unlabeled group) in valid.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, stratifiedValidSet } from '../../../../../src/main/data/import/seededSplit';
import { scanFolder } from '../../../../../src/main/data/import/scan';
import { ImportOptionsSchema } from '../../../../../src/shared/dataset';
import { makeFolderPerClass } from '../../../../helpers/fixtures';

describe('mulberry32', () => {
  it('matches the reference sequence and stays in [0, 1)', () => {
    const next = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => next());
    // First outputs for seed 42, computed with an independent Python port of the reference algorithm.
    expect(values[0]).toBeCloseTo(0.6011037519201636, 12);
    expect(values[1]).toBeCloseTo(0.44829055899754167, 12);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});

describe('stratifiedValidSet', () => {
  const items = [
    ...Array.from({ length: 50 }, (_, i) => ({ path: `a/${i}.jpg`, group: 'a' })),
    ...Array.from({ length: 7 }, (_, i) => ({ path: `b/${i}.jpg`, group: 'b' })),
    ...Array.from({ length: 13 }, (_, i) => ({ path: `u/${i}.jpg`, group: '' })),
  ];
  const count = (valid: Set<string>, prefix: string) => [...valid].filter((p) => p.startsWith(prefix)).length;

  it('sends round(n × validPct) of each group to valid', () => {
    const valid = stratifiedValidSet(items, 0.2, 42);
    expect(count(valid, 'a/')).toBe(10);
    expect(count(valid, 'b/')).toBe(1);
    expect(count(valid, 'u/')).toBe(3);
  });

  it('is deterministic, independent of input order, and depends on the seed', () => {
    const one = stratifiedValidSet(items, 0.2, 42);
    const two = stratifiedValidSet([...items].reverse(), 0.2, 42);
    expect([...two].sort()).toEqual([...one].sort());
    const other = stratifiedValidSet(items, 0.2, 43);
    expect([...other].sort()).not.toEqual([...one].sort());
  });

  it('moves few existing items when files are added', () => {
    const before = stratifiedValidSet(items, 0.2, 7);
    const more = [...items, ...Array.from({ length: 5 }, (_, i) => ({ path: `a/new${i}.jpg`, group: 'a' }))];
    const after = stratifiedValidSet(more, 0.2, 7);
    const kept = [...before].filter((p) => after.has(p)).length;
    expect(kept).toBeGreaterThanOrEqual(before.size - 2);
  });

  it('handles 0% and tiny groups', () => {
    expect(stratifiedValidSet(items, 0, 1).size).toBe(0);
    expect(stratifiedValidSet([{ path: 'x', group: 'x' }], 0.2, 1).size).toBe(0);
  });
});

describe('split of a scanned folder', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'deskfit-split-'));
    await makeFolderPerClass(join(base, 'ds'), { classes: ['a', 'b', 'c', 'd'], perClass: 25, size: 8 });
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const validOf = async (seed: number, validPct = 0.2) => {
    const { files } = await scanFolder(
      ImportOptionsSchema.parse({ folder: join(base, 'ds'), seed, validPct }),
    );
    return files.filter((f) => f.split === 'valid').map((f) => f.path);
  };

  it('gives the same split for the same seed and a different one for another seed', async () => {
    const first = await validOf(42);
    expect(await validOf(42)).toEqual(first);
    expect(await validOf(1)).not.toEqual(first);
  });

  it('puts validPct of every class in valid', async () => {
    for (const pct of [0.2, 0.3]) {
      const valid = await validOf(42, pct);
      for (const cls of ['a', 'b', 'c', 'd'])
        expect(valid.filter((p) => p.startsWith(`${cls}/`))).toHaveLength(Math.round(25 * pct));
    }
  });
});
