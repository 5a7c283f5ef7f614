// Benchmark: a 100,000-item project — import, open, page queries, stats, edits — with the raw SQLite
// floor (a bare count over the same table) measured in the same run as the peer. Targets (issue 3):
// open + first page < 1 s; pages and stats interactive (< 50 ms).
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { createProject, openProject } from '../../src/main/data/store/projectStore';
import type { ItemQueryArgs, Split } from '../../src/shared/dataset';
import { plan, plannedItem, queryArgs, removeTempDirs, tempDir } from '../unit/node/data/store/storeFixtures';

const itemCount = 100_000;
const classNames = Array.from({ length: 37 }, (_, i) => `breed_${i}`);

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: Math.round((performance.now() - start) * 10) / 10 };
}

/** Median of a few runs, after one warm-up. */
function median(work: () => unknown, runs = 5): number {
  work();
  const times = Array.from({ length: runs }, () => timed(work).ms).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

try {
  const dir = tempDir();
  const splits: Split[] = ['train', 'train', 'train', 'valid'];
  const items = Array.from({ length: itemCount }, (_, i) =>
    plannedItem(`${classNames[i % classNames.length]}/img_${String(i).padStart(6, '0')}.jpg`, {
      labels: i % 50 === 0 ? [] : [classNames[i % classNames.length]!],
      split: splits[i % 4]!,
      size: (i * 7919) % 100_000,
      width: 100 + (i % 400),
      problem: i % 997 === 0 ? { kind: 'corrupt', reason: 'corrupt' } : null,
    }),
  );
  const created = createProject(dir);
  const importMs = timed(() => created.applyImport(plan(items, classNames))).ms;
  created.close();

  const opened = timed(() => openProject(dir));
  const store = opened.value;
  const openToFirstPageMs =
    opened.ms + timed(() => [store.stats(), store.query(queryArgs({ limit: 200 }))]).ms;
  let writes = 0;
  /** A write empties the store's count and stats caches, so the next read pays for them. */
  const uncached = (work: () => unknown) => () => {
    store.setSetting('bench', writes++);
    return work();
  };
  const page = (q: Partial<ItemQueryArgs>) =>
    median(uncached(() => store.query(queryArgs({ limit: 200, ...q }))));
  const settingWriteMs = median(() => store.setSetting('bench', writes++));
  const figures = {
    importMs,
    openMs: opened.ms,
    openToFirstPageMs,
    // Page figures include counting the filter (cached between pages of one filter in the app).
    firstPageMs: page({}),
    deepPageMs: page({ offset: 90_000 }),
    labelFilterPageMs: page({ label: 'breed_5', offset: 2_000 }),
    splitSizeDescPageMs: page({ split: 'valid', sort: 'size', descending: true, offset: 10_000 }),
    labelSortPageMs: page({ sort: 'label', offset: 50_000 }),
    addedSortTrainPageMs: page({ split: 'train', sort: 'added', descending: true, offset: 50_000 }),
    unlabeledPageMs: page({ unlabeled: true }),
    problemPageMs: page({ problem: true }),
    searchPageMs: page({ search: 'IMG_0999' }),
    cachedCountPageMs: median(() => store.query(queryArgs({ split: 'train', offset: 40_000, limit: 200 }))),
    statsMs: median(uncached(() => store.stats())),
    settingWriteMs,
    queryIdsAllMs: median(() => store.queryIds(queryArgs({ sort: 'size' })), 3),
    labelOneItemMs: median(() => store.assignLabel([1 + Math.floor(Math.random() * itemCount)], 'breed_1')),
    labelTenThousandMs: timed(() =>
      store.assignLabel(store.queryIds(queryArgs({ label: 'breed_2' })).slice(0, 10_000), 'breed_3'),
    ).ms,
    undoMs: timed(() => store.undo()).ms,
    renameClassMs: timed(() => store.renameClass('breed_4', 'breed four')).ms,
  };
  store.close();
  const raw = new DatabaseSync(join(dir, 'project.sqlite'), { readOnly: true });
  const rawCountMs = median(() => raw.prepare('SELECT count(*) AS n FROM items').get());
  raw.close();
  console.log(
    JSON.stringify({
      benchmark: 'project-store-100k',
      items: itemCount,
      ...figures,
      peer: { rawSqliteCountMs: rawCountMs },
      targets: { openToFirstPageMs: 1000, pageMs: 50 },
    }),
  );
} finally {
  removeTempDirs();
}
