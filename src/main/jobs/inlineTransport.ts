/**
 * A trainer "process" that runs in the caller's own process: for unit tests of the service and job
 * manager, where forking would only add time. Same messages, same runtime as the real thing.
 */
import type { ChildMessage, ExitInfo, SpawnTrainer, TrainerTransport } from './protocol';
import { createTrainerRuntime } from './trainerRuntime';

export function inlineTrainer(): SpawnTrainer {
  return () => {
    const messageListeners: ((message: unknown) => void)[] = [];
    const exitListeners: ((info: ExitInfo) => void)[] = [];
    let alive = true;
    const deliver = (message: ChildMessage) => {
      // Asynchronous, like a real process boundary; structured clone drops anything unclonable.
      const copy = structuredClone(message);
      setImmediate(() => {
        if (alive) for (const listener of messageListeners) listener(copy);
      });
    };
    const runtime = createTrainerRuntime(deliver);
    const transport: TrainerTransport = {
      pid: undefined,
      send(message) {
        if (alive) runtime.handle(structuredClone(message));
      },
      onMessage(listener) {
        messageListeners.push(listener);
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        if (!alive) return;
        alive = false;
        runtime.abortAll();
        for (const listener of exitListeners) listener({ code: null, signal: 'SIGKILL' });
      },
    };
    return transport;
  };
}
