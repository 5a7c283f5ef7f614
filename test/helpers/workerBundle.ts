// Tests and benchmarks run the engine from TypeScript sources, but a worker thread needs a JavaScript
// file: this bundles a TS entry (the training worker, or a fixture module a worker imports) with
// esbuild into .cache/workers, packages left external as electron-vite leaves them in out/main, so
// the worker runs exactly the current sources. One file per entry and process (vitest runs files in
// parallel forks).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The repository root: the nearest folder up with a package.json (this file may run from a bundle). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('workerBundle: no package.json above this file');
    dir = up;
  }
  return dir;
}

const root = repoRoot();
const built = new Map<string, Promise<string>>();

/** Bundles `entry` (a path from the repository root) and returns the bundle's file URL. */
export function bundleForWorker(entry: string): Promise<string> {
  let pending = built.get(entry);
  if (!pending) {
    const outDir = join(root, '.cache', 'workers');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}-${process.pid}.mjs`);
    pending = build({
      entryPoints: [join(root, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      logLevel: 'warning',
    }).then(() => {
      process.once('exit', () => rmSync(outfile, { force: true }));
      return pathToFileURL(outfile).href;
    });
    built.set(entry, pending);
  }
  return pending;
}

/** The training worker entry, bundled from `src/main/engine/parallel/trainerWorker.ts`. */
export async function trainerWorkerEntry(): Promise<URL> {
  return new URL(await bundleForWorker('src/main/engine/parallel/trainerWorker.ts'));
}
