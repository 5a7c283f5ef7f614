/**
 * Brings up the tfjs wasm backend under Node: points it at the .wasm binaries inside
 * node_modules (Node has no URL to fetch them from) and patches in the gradient kernels wasm
 * lacks. Shared by backend selection and by tests that need wasm regardless of what is live.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerWasmGradients } from './wasmGradients';

const WASM_FILE = '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';

export interface WasmReady {
  /** Directory the .wasm binaries were loaded from. */
  dir: string;
  simd: boolean;
  patchedKernels: string[];
}

/** Directory of the wasm binaries; DESKFIT_WASM_DIR overrides (e.g. an unpacked app bundle). */
export function wasmBinaryDir(): string {
  const override = process.env['DESKFIT_WASM_DIR'];
  if (override !== undefined && override !== '') return override;
  return dirname(createRequire(import.meta.url).resolve(WASM_FILE));
}

let ready: Promise<WasmReady> | undefined;

async function bringUp(): Promise<WasmReady> {
  const dir = wasmBinaryDir();
  if (!existsSync(`${dir}${sep}tfjs-backend-wasm.wasm`)) {
    throw new Error(`wasm binaries not found in ${dir}`);
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(dir.endsWith(sep) ? dir : dir + sep);
  // Initialise the backend (compiles the binary) without leaving it selected.
  const previous = tf.getBackend() as string | null | undefined;
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error("tf.setBackend('wasm') failed: the wasm binary did not initialise");
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const patchedKernels = registerWasmGradients();
  if (previous !== undefined && previous !== null && previous !== 'wasm') await tf.setBackend(previous);
  return { dir, simd, patchedKernels };
}

/**
 * Makes the wasm backend usable (idempotent). It does not leave wasm selected unless it was
 * the first backend ever selected; call `tf.setBackend('wasm')` to use it.
 */
export function ensureWasmBackend(): Promise<WasmReady> {
  ready ??= bringUp().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}
