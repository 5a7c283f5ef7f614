import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject } from '../../../../../src/main/data/store/projectStore';
import {
  forgetRecent,
  listRecent,
  maxRecentProjects,
  touchRecent,
} from '../../../../../src/main/data/store/recentProjects';
import { tempDir, useTempDeskfitHome } from './storeFixtures';

const homeDir = useTempDeskfitHome();

describe('recent projects', () => {
  it('is empty at first and creates its folder on the first write', () => {
    expect(listRecent()).toEqual([]);
    touchRecent('/nowhere/a', 'A');
    expect(existsSync(join(homeDir(), 'recent-projects.json'))).toBe(true);
    expect(readdirSync(homeDir())).toEqual(['recent-projects.json']);
  });

  it('lists most recent first, moves a re-opened project to the top and says which still exist', () => {
    const real = join(tempDir(), 'real');
    createProject(real).close();
    touchRecent('/nowhere/a', 'A');
    touchRecent(real, 'Real');
    touchRecent('/nowhere/b', 'B');
    touchRecent('/nowhere/a/../a', 'A again');
    const list = listRecent();
    expect(list.map((r) => [r.dir, r.name, r.exists])).toEqual([
      ['/nowhere/a', 'A again', false],
      ['/nowhere/b', 'B', false],
      [real, 'Real', true],
    ]);
    expect(list[0]!.openedAt).toBeGreaterThanOrEqual(list[1]!.openedAt);
  });

  it(`keeps at most ${maxRecentProjects}`, () => {
    for (let i = 0; i < maxRecentProjects + 5; i++) touchRecent(`/p/${i}`, `P${i}`);
    const list = listRecent();
    expect(list).toHaveLength(maxRecentProjects);
    expect(list[0]!.dir).toBe(`/p/${maxRecentProjects + 4}`);
  });

  it('forgets a project', () => {
    touchRecent('/p/1', 'one');
    touchRecent('/p/2', 'two');
    forgetRecent('/p/1');
    forgetRecent('/p/never');
    expect(listRecent().map((r) => r.dir)).toEqual(['/p/2']);
  });

  it('treats a damaged file as an empty list and replaces it on the next write', () => {
    touchRecent('/p/1', 'one');
    writeFileSync(join(homeDir(), 'recent-projects.json'), '{"half": ');
    expect(listRecent()).toEqual([]);
    touchRecent('/p/2', 'two');
    expect(JSON.parse(readFileSync(join(homeDir(), 'recent-projects.json'), 'utf8'))).toHaveLength(1);
  });
});
