/**
 * Runs a trainer in an Electron utility process (the app's counterpart of forkTrainer): a Node
 * process that Electron supervises and ends with the app, so training never blocks the main thread.
 */
import { utilityProcess } from 'electron';
import type { ExitInfo, SpawnTrainer, TrainerTransport } from '../jobs/protocol';

export function utilityTrainer(entry: string): SpawnTrainer {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'deskfit trainer', stdio: 'pipe' });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    const exitListeners: ((info: ExitInfo) => void)[] = [];
    child.on('exit', (code) => {
      exited = true;
      for (const listener of exitListeners)
        listener({ code, signal: null, ...(tail ? { output: tail } : {}) });
    });
    const transport: TrainerTransport = {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (!exited) child.postMessage(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        if (!exited) child.kill();
      },
    };
    return transport;
  };
}
