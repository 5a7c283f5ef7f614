// Runs test/bench/pytorch_peer.py with Debian's /usr/bin/python3 for the training benchmarks. When
// python3 or its torch is missing (CI installs neither), the peer is skipped with the reason and the
// benchmark still reports deskfit's own figures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's python3 (where python3-torch installs); DESKFIT_BENCH_PYTHON overrides it. */
export const python = process.env.DESKFIT_BENCH_PYTHON ?? '/usr/bin/python3';

/** The peer's JSON, or why it did not run: printed as `"pytorch": "skipped: <reason>"`. */
export type PeerResult<T> = T | { skipped: string };

export function isSkipped<T>(result: PeerResult<T>): result is { skipped: string } {
  return typeof result === 'object' && result !== null && 'skipped' in result;
}

/** pytorch_peer.py, found from this module or, bundled into .cache/bench, from the repo root above it. */
function peerScript(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, 'pytorch_peer.py'), join(dir, 'test', 'bench', 'pytorch_peer.py')])
      if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Why the peer cannot run here, or undefined when it can. */
export function pytorchUnavailable(): string | undefined {
  if (!existsSync(python)) return `${python} is not installed (apt-get install -y python3 python3-torch)`;
  const probe = spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const last = (probe.stderr ?? '').trim().split('\n').at(-1) ?? String(probe.error);
    return `${python} cannot import torch and numpy (${last}); apt-get install -y python3-torch`;
  }
  if (!peerScript()) return 'test/bench/pytorch_peer.py not found';
  return undefined;
}

/** Runs the peer with `args`; its stdout is one JSON object. */
export function pytorchPeer<T>(args: string[], env: NodeJS.ProcessEnv = process.env): PeerResult<T> {
  const why = pytorchUnavailable();
  if (why) return { skipped: why };
  const run = spawnSync(python, [peerScript()!, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    return {
      skipped: `the peer failed (exit ${run.status}): ${(run.stderr ?? String(run.error)).trim().slice(-500)}`,
    };
  }
  return JSON.parse(run.stdout) as T;
}

/** How a peer result is printed: its JSON, or `"skipped: <reason>"`. */
export function peerForPrint<T>(result: PeerResult<T>): T | string {
  return isSkipped(result) ? `skipped: ${result.skipped}` : result;
}
