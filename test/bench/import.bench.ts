// Benchmark: importing 10,000 small images (scan, hash, check, thumbnail), in files/second, next to
// sharp's own decode + resize rate on the same files in the same run — the ceiling an import can reach.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildImportPlan, defaultConcurrency } from '../../src/main/data/import/buildImportPlan';
import { scanFolder } from '../../src/main/data/import/scan';
import { createProject } from '../../src/main/data/store/projectStore';
import { FileRefresher } from '../../src/main/service/fileRefresh';

const fileCount = Number(process.env.DESKFIT_BENCH_FILES ?? 10_000);
const classes = 10;
const size = 64;
const work = mkdtempSync(join(tmpdir(), 'deskfit-bench-import-'));

async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

try {
  const root = join(work, 'images');
  const files: string[] = [];
  for (let c = 0; c < classes; c++) mkdirSync(join(root, `class_${c}`), { recursive: true });
  for (let i = 0; i < fileCount; i++) files.push(join(root, `class_${i % classes}`, `img_${i}.jpg`));
  const made = performance.now();
  await pool(files, 4, async (file) => {
    const i = files.indexOf(file);
    // Unique content per file (no duplicates), roughly photo-like noise so JPEG decode has work to do.
    const raw = Buffer.alloc(size * size * 3);
    let state = Math.imul(i + 1, 2654435761) >>> 0;
    for (let p = 0; p < raw.length; p++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      raw[p] = (state >>> 16) & 0xff;
    }
    await sharp(raw, { raw: { width: size, height: size, channels: 3 } })
      .jpeg({ quality: 85 })
      .toFile(file);
  });
  const makeSeconds = (performance.now() - made) / 1000;

  const scanStart = performance.now();
  const scan = await scanFolder({ folder: root, validPct: 0.2, seed: 42 });
  const scanSeconds = (performance.now() - scanStart) / 1000;

  // The app's default, for the import and for sharp's ceiling alike.
  const concurrency = defaultConcurrency();
  const importStart = performance.now();
  const { plan } = await buildImportPlan(
    { folder: root, validPct: 0.2, seed: 42 },
    { cacheDir: join(work, 'cache'), concurrency },
  );
  const importSeconds = (performance.now() - importStart) / 1000;

  const ceilingStart = performance.now();
  await pool(files, concurrency, (file) =>
    sharp(file)
      .rotate()
      .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer(),
  );
  const ceilingSeconds = (performance.now() - ceilingStart) / 1000;

  const reimportStart = performance.now();
  await buildImportPlan(
    { folder: root, validPct: 0.2, seed: 42 },
    { cacheDir: join(work, 'cache'), concurrency },
  );
  const reimportSeconds = (performance.now() - reimportStart) / 1000;

  // The check before a job reads the files (one stat per item, refresh of changed ones): the cost a
  // training start pays for never using stale pixels, next to the scan's directory walk above.
  const store = createProject(join(work, 'bench.deskfit'), { name: 'bench' });
  store.applyImport(plan);
  const refresher = new FileRefresher(() => {});
  const checkStart = performance.now();
  const check = await refresher.refreshChanged(store);
  const checkMs = performance.now() - checkStart;
  // Of which reading the stamps from the database (the rest is the stats).
  const stampsStart = performance.now();
  store.fileStamps();
  const stampsMs = performance.now() - stampsStart;
  refresher.dispose();
  store.close();

  const usable = plan.items.filter((item) => !item.problem).length;
  const problemKinds: Record<string, number> = {};
  for (const item of plan.items) {
    if (item.problem) problemKinds[item.problem.kind] = (problemKinds[item.problem.kind] ?? 0) + 1;
  }
  console.log(
    JSON.stringify({
      benchmark: 'import-10k',
      files: fileCount,
      usable,
      problemKinds,
      concurrency,
      scanFilesPerSecond: Math.round(scan.files.length / scanSeconds),
      scanMs: Math.round(scanSeconds * 1000),
      importFilesPerSecond: Math.round(fileCount / importSeconds),
      reimportFilesPerSecond: Math.round(fileCount / reimportSeconds),
      changedFilesCheck: {
        files: check.checked,
        changed: check.changed,
        ms: Math.round(checkMs),
        stampsMs: Math.round(stampsMs),
      },
      peer: { sharpDecodeResizePerSecond: Math.round(fileCount / ceilingSeconds) },
      ratioToSharpCeiling: +(ceilingSeconds / importSeconds).toFixed(2),
      fixtureSeconds: +makeSeconds.toFixed(1),
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
