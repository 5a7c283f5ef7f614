/**
 * Entry point of a trainer process: a child forked by `deskfit serve` and the CLI, or an Electron
 * utility process in the app. Training runs here, never on the UI or Electron main thread. The
 * process exits as soon as its parent goes away, so no trainer is ever left orphaned.
 */
import type { ChildMessage } from './protocol';
import { createTrainerRuntime } from './trainerRuntime';

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;

function post(message: ChildMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else if (process.send && process.connected) process.send(message);
}

const runtime = createTrainerRuntime(post);

if (parentPort) {
  parentPort.on('message', (event) => runtime.handle(event.data));
} else if (process.send) {
  process.on('message', (message) => runtime.handle(message));
  // The IPC channel closes when the parent exits or is killed: leave with it.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('deskfit trainer: start me through deskfit (I need a parent process to talk to).');
  process.exit(2);
}
