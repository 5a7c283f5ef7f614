/**
 * Runs a trainer as a forked Node child (used by `deskfit serve` and the CLI). The child's output is
 * kept in a small ring so that a crash can be reported with its last words.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeskfitError } from '../../shared/errors';
import type { ExitInfo, ParentMessage, SpawnTrainer, TrainerTransport } from './protocol';

/** The built trainer entry, next to the built CLI (`out/main/trainer.js`). */
export function defaultTrainerEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'trainer.js');
  if (existsSync(beside)) return beside;
  return join(here, '..', '..', '..', 'out', 'main', 'trainer.js');
}

const tailLimit = 4_000;

export function forkTrainer(entry: string = defaultTrainerEntry()): SpawnTrainer {
  return () => {
    if (!existsSync(entry)) {
      throw new DeskfitError(
        'BACKEND_UNAVAILABLE',
        `The trainer program ${entry} is missing. Build deskfit first with "npm run build".`,
      );
    }
    const child = fork(entry, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: process.env,
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-tailLimit);
      if (process.env.DESKFIT_DEBUG) process.stderr.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exitListeners: ((info: ExitInfo) => void)[] = [];
    child.on('exit', (code, signal) => {
      for (const listener of exitListeners) listener({ code, signal, ...(tail ? { output: tail } : {}) });
    });
    child.on('error', () => {
      // 'exit' follows or the spawn failed; either way the exit listeners report it.
    });
    const transport: TrainerTransport = {
      pid: child.pid,
      send(message: ParentMessage) {
        if (child.connected) child.send(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
    return transport;
  };
}
