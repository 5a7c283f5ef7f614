// The check every job start waits for: one stat per item, in slices between which the service keeps
// answering (a 100k-item project must not freeze the window), and files that are gone or unreadable
// are left alone rather than failing the job's start.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStoreApi } from '../../../../src/main/data/types';
import { FileRefresher } from '../../../../src/main/service/fileRefresh';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'deskfit-check-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A store holding `count` files as imported (their stamps match the disk), plus one that is gone. */
function storeOf(count: number): ProjectStoreApi {
  mkdirSync(join(work, 'img'));
  const stamps = Array.from({ length: count }, (_, i) => {
    const file = join(work, 'img', `f${i}.jpg`);
    writeFileSync(file, 'x'.repeat(10 + (i % 7)));
    const info = statSync(file);
    return {
      id: i + 1,
      path: `img/f${i}.jpg`,
      file,
      stamp: { size: info.size, mtimeMs: info.mtimeMs, importedAt: null },
    };
  });
  const gone = {
    id: count + 1,
    path: 'img/gone.jpg',
    file: join(work, 'img', 'gone.jpg'),
    stamp: { size: 5, mtimeMs: 1, importedAt: null },
  };
  const fileStamps = () => [...stamps, gone];
  // Nothing else is reached when no file changed; a refresh would throw here and fail the test.
  return { fileStamps } as unknown as ProjectStoreApi;
}

describe('FileRefresher.refreshChanged', () => {
  it('checks every file, skips one that is gone, and lets the event loop run between slices', async () => {
    const store = storeOf(3_000);
    const refresher = new FileRefresher(() => {});
    let turns = 0;
    const tick = () => {
      turns += 1;
      if (running) setImmediate(tick);
    };
    let running = true;
    setImmediate(tick);
    const result = await refresher.refreshChanged(store, { sliceMs: 0 });
    running = false;
    expect(result).toEqual({ checked: 3_001, changed: 0 });
    // With a zero time slice the check yields after every file: other work ran all along.
    expect(turns).toBeGreaterThan(1_000);
  });
});
