// A scripted trainer transport for tests of the job manager and service that need exact control of
// timing and failure (the inline and forked transports run the real engine).
import type {
  ChildMessage,
  ExitInfo,
  ParentMessage,
  SpawnTrainer,
  TrainerTransport,
} from '../../src/main/jobs/protocol';

export interface FakeTrainer extends TrainerTransport {
  readonly received: ParentMessage[];
  emit(message: ChildMessage | Record<string, unknown>): void;
  exit(info: ExitInfo): void;
  killed: boolean;
}

export function fakeTrainerFactory(
  onSpawn?: (trainer: FakeTrainer) => void,
): SpawnTrainer & { spawned: FakeTrainer[] } {
  const spawned: FakeTrainer[] = [];
  const factory = () => {
    const messageListeners: ((m: unknown) => void)[] = [];
    const exitListeners: ((i: ExitInfo) => void)[] = [];
    let exited = false;
    const trainer: FakeTrainer = {
      pid: 4242,
      received: [],
      killed: false,
      send(message) {
        trainer.received.push(message);
      },
      onMessage(listener) {
        messageListeners.push(listener);
      },
      onExit(listener) {
        exitListeners.push(listener);
      },
      kill() {
        trainer.killed = true;
        trainer.exit({ code: null, signal: 'SIGKILL' });
      },
      emit(message) {
        for (const l of messageListeners) l(message);
      },
      exit(info) {
        if (exited) return;
        exited = true;
        for (const l of exitListeners) l(info);
      },
    };
    spawned.push(trainer);
    onSpawn?.(trainer);
    return trainer;
  };
  return Object.assign(factory, { spawned });
}
