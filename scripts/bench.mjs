// `npm run bench`: bundles each test/bench/*.bench.ts with esbuild and runs it in its own Node
// process (backends are process-global), printing every benchmark's JSON figures. Benchmarks compare
// against a peer measured in the same run; they are not tests and never fail on a number.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'test', 'bench');
const outDir = join(root, '.cache', 'bench');
mkdirSync(outDir, { recursive: true });

const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

let failed = 0;
for (const file of files) {
  const outfile = join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  });
  console.error(`# ${file}`);
  const run = spawnSync(process.execPath, [outfile], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.error(`# ${file} exited with ${run.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
