/**
 * Chooses the tfjs backend once per process, in DESIGN.md §4's order — tfjs-node-gpu →
 * tfjs-node → wasm → cpu — and records for every candidate why it is live, skipped or broken.
 * That record is the DoctorReport behind `deskfit doctor` and the Settings panel. The native
 * packages are optional dependencies, so they are imported dynamically and their absence is a
 * reason, not a crash. `DESKFIT_BACKEND=<name>` (or `only`) forces a single candidate.
 */
import * as tf from '@tensorflow/tfjs';
import {
  backendNames,
  type BackendCandidate,
  type BackendName,
  type DoctorReport,
} from '../../shared/contract';
import {
  gpuRequirements,
  nativeLoadFailure,
  nativePackages,
  notTriedForced,
  notTriedHigherLive,
  requirements,
  type NativeBackendName,
} from './backendReasons';
import { ensureWasmBackend } from './wasmBackend';

export interface InitBackendOptions {
  /** Try only this candidate (as `DESKFIT_BACKEND` does); the option wins over the variable. */
  only?: BackendName;
}

/** Thrown when no candidate (or the forced one) could be brought up; carries every reason. */
export class BackendUnavailableError extends Error {
  constructor(
    message: string,
    readonly candidates: BackendCandidate[],
  ) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

interface Forced {
  name: BackendName;
  source: 'env' | 'option';
}

interface Attempt {
  ok: boolean;
  reason: string;
  patchedKernels?: string[];
}

const TFJS_NODE_BACKEND = 'tensorflow';

function isBackendName(v: string): v is BackendName {
  return (backendNames as readonly string[]).includes(v);
}

function resolveForced(options: InitBackendOptions): Forced | undefined {
  if (options.only !== undefined) return { name: options.only, source: 'option' };
  const env = process.env['DESKFIT_BACKEND']?.trim();
  if (env === undefined || env === '') return undefined;
  if (!isBackendName(env)) {
    throw new Error(`DESKFIT_BACKEND must be one of ${backendNames.join(', ')}; got "${env}"`);
  }
  return { name: env, source: 'env' };
}

/** A one-op check that the selected backend really computes. */
function smokeTest(): void {
  const v = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]);
  if (v !== 11) throw new Error(`smoke test computed ${String(v)} instead of 11`);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function tryNative(name: NativeBackendName): Promise<Attempt> {
  const pkg = nativePackages[name];
  try {
    // A variable specifier keeps bundlers from resolving an optional package at build time.
    const specifier: string = pkg;
    await import(/* @vite-ignore */ specifier);
  } catch (err) {
    return { ok: false, reason: nativeLoadFailure(name, err) };
  }
  if (tf.findBackendFactory(TFJS_NODE_BACKEND) === undefined) {
    return {
      ok: false,
      reason:
        `${pkg} loaded but registered no '${TFJS_NODE_BACKEND}' backend with this copy of ` +
        `@tensorflow/tfjs ${tf.version.tfjs}; its @tensorflow/tfjs version must match exactly.`,
    };
  }
  try {
    if (!(await tf.setBackend(TFJS_NODE_BACKEND))) {
      return { ok: false, reason: `${pkg} loaded but its backend failed to initialise` };
    }
    smokeTest();
  } catch (err) {
    return { ok: false, reason: nativeLoadFailure(name, err) };
  }
  return {
    ok: true,
    reason:
      name === 'tfjs-node-gpu'
        ? 'live: native TensorFlow (libtensorflow) with CUDA'
        : 'live: native TensorFlow (libtensorflow) on the CPU, multi-threaded',
  };
}

async function tryWasm(): Promise<Attempt> {
  try {
    const ready = await ensureWasmBackend();
    if (!(await tf.setBackend('wasm'))) return { ok: false, reason: "tf.setBackend('wasm') failed" };
    smokeTest();
    const simd = ready.simd ? 'with SIMD' : 'without SIMD';
    const patched =
      ready.patchedKernels.length > 0
        ? `; deskfit registered the gradient kernels it lacks: ${ready.patchedKernels.join(', ')}`
        : '';
    return {
      ok: true,
      reason: `live: WebAssembly ${simd}, one thread under Node${patched}`,
      patchedKernels: ready.patchedKernels,
    };
  } catch (err) {
    return { ok: false, reason: `wasm backend failed to start: ${errorText(err)}` };
  }
}

async function tryCpu(): Promise<Attempt> {
  try {
    if (!(await tf.setBackend('cpu'))) return { ok: false, reason: "tf.setBackend('cpu') failed" };
    smokeTest();
    return { ok: true, reason: 'live: plain-JavaScript reference backend (correct but slow)' };
  } catch (err) {
    return { ok: false, reason: `cpu backend failed: ${errorText(err)}` };
  }
}

function attempt(name: BackendName): Promise<Attempt> {
  switch (name) {
    case 'tfjs-node-gpu':
    case 'tfjs-node':
      return tryNative(name);
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return tryCpu();
  }
}

async function select(forced: Forced | undefined): Promise<DoctorReport> {
  const candidates: BackendCandidate[] = [];
  let live: BackendName | undefined;
  let patchedKernels: string[] = [];
  for (const name of backendNames) {
    const requires = requirements[name];
    const base = requires === undefined ? { name } : { name, requires };
    if (forced !== undefined && forced.name !== name) {
      candidates.push({ ...base, ok: false, reason: notTriedForced(forced.name, forced.source) });
      continue;
    }
    if (live !== undefined) {
      candidates.push({ ...base, ok: false, reason: notTriedHigherLive(live) });
      continue;
    }
    const result = await attempt(name);
    candidates.push({ ...base, ok: result.ok, reason: result.reason });
    if (result.ok) {
      live = name;
      patchedKernels = result.patchedKernels ?? [];
    }
  }
  if (live === undefined) {
    const what =
      forced === undefined ? 'no tfjs backend could start' : `forced backend ${forced.name} could not start`;
    const details = candidates.map((c) => `${c.name}: ${c.reason}`).join('; ');
    throw new BackendUnavailableError(`${what} (${details})`, candidates);
  }
  return {
    backend: live,
    candidates,
    tfjsVersion: tf.version.tfjs,
    patchedKernels,
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    gpu: { ...gpuRequirements },
  };
}

let pending: Promise<DoctorReport> | undefined;
let cached: DoctorReport | undefined;

/**
 * Selects and initialises the backend (once per process; later calls return the cached report).
 * Asking for a different forced backend after one is live is an error: tfjs backends are global.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<DoctorReport> {
  const forced = resolveForced(options);
  if (pending === undefined) {
    pending = select(forced).then(
      (r) => (cached = r),
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
  }
  const report = await pending;
  if (options.only !== undefined && report.backend !== options.only) {
    throw new Error(
      `the tfjs backend is already ${report.backend} in this process; it cannot switch to ${options.only}`,
    );
  }
  return report;
}

/** The report of the backend chosen by `initBackend`, or undefined before that has finished. */
export function getDoctorReport(): DoctorReport | undefined {
  return cached;
}
