/**
 * Whether a job trains data-parallel, and with which worker program. Opt-in for now:
 * `DESKFIT_TRAIN_WORKERS=2` (or more) asks for that many replicas, `auto` for two replicas only if
 * they measure faster on the job's first steps (MeasuredStepRunner); unset or `1` trains on the
 * trainer thread. Only the single-threaded backends (wasm, cpu) gain from it — tfjs-node already uses every
 * core — and only with a second core. The worker program is the built `trainerWorker.js` next to the
 * trainer bundle, or `DESKFIT_TRAIN_WORKER_ENTRY` (tests and benchmarks point it at a bundle of the
 * TypeScript sources).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendName } from '../../../shared/contract';

export interface ParallelChoice {
  /** Replicas including the trainer thread; 1 = no workers. */
  replicas: number;
  /** Measure both ways on the first steps and keep the faster (`auto`). */
  measure: boolean;
  /** Why (for the trainer's log). */
  reason: string;
}

export function parallelChoice(
  backend: BackendName,
  env: NodeJS.ProcessEnv = process.env,
  cores: number = availableParallelism(),
): ParallelChoice {
  const raw = env['DESKFIT_TRAIN_WORKERS']?.trim() ?? '';
  const off = (reason: string): ParallelChoice => ({ replicas: 1, measure: false, reason });
  if (raw === '') return off('data-parallel training is off (DESKFIT_TRAIN_WORKERS unset)');
  const auto = raw === 'auto';
  const asked = auto ? 2 : Number(raw);
  if (!Number.isInteger(asked) || asked < 1) {
    throw new Error(
      `DESKFIT_TRAIN_WORKERS must be auto or a whole number of replicas (1 = off, 2 = two threads); got "${raw}"`,
    );
  }
  if (asked === 1) return off('DESKFIT_TRAIN_WORKERS=1');
  if (backend !== 'wasm' && backend !== 'cpu') return off(`the ${backend} backend already uses every core`);
  if (cores < 2) return off('this machine has one core');
  const replicas = Math.min(asked, cores);
  if (auto) {
    return {
      replicas,
      measure: true,
      reason: `measuring one thread against ${replicas} (DESKFIT_TRAIN_WORKERS=auto)`,
    };
  }
  return {
    replicas,
    measure: false,
    reason: `data-parallel over ${replicas} threads (DESKFIT_TRAIN_WORKERS=${raw}, ${cores} cores)`,
  };
}

/** The training worker program, or undefined when it was not built (running from sources). */
export function trainerWorkerEntry(env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const override = env['DESKFIT_TRAIN_WORKER_ENTRY']?.trim();
  if (override) return override.startsWith('file:') ? new URL(override) : pathToFileURL(override);
  const here = dirname(fileURLToPath(import.meta.url));
  // Beside the trainer bundle (out/main), or one up when this module landed in out/main/chunks.
  for (const candidate of [join(here, 'trainerWorker.js'), join(here, '..', 'trainerWorker.js')]) {
    if (existsSync(candidate)) return pathToFileURL(candidate);
  }
  return undefined;
}
