// A service for one test in a fresh data folder (DESKFIT_HOME under a temp dir), driven through its one
// door (dispatch) as the UI and CLI drive it. Registers its own beforeEach/afterEach: call it at the
// top of a test file. The fake trainer unless the test brings its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { EventName, EventPayload } from '../../src/shared/contract';
import { createService, type Service, type ServiceOptions } from '../../src/main/service/service';
import { fakeTrainerFactory } from './fakeTrainer';

export interface ServiceHarness {
  /** The test's temp folder (DESKFIT_HOME is its `home`). */
  readonly work: string;
  readonly service: Service;
  /** Dispatches `channel`; a refusal throws with its code and message. */
  call<T>(channel: string, input: unknown): Promise<T>;
  /** The next `name` event the service emits. */
  nextEvent<E extends EventName>(name: E): Promise<EventPayload<E>>;
}

export function useTempService(
  prefix: string,
  options: () => ServiceOptions = () => ({ mode: 'web', spawnTrainer: fakeTrainerFactory() }),
): ServiceHarness {
  let work: string | undefined;
  let service: Service | undefined;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), prefix));
    process.env.DESKFIT_HOME = join(work, 'home');
    service = createService(options());
  });
  afterEach(async () => {
    await service?.dispose();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
    service = undefined;
    work = undefined;
  });
  const harness: ServiceHarness = {
    get work() {
      if (work === undefined) throw new Error('useTempService: no test is running');
      return work;
    },
    get service() {
      if (service === undefined) throw new Error('useTempService: no test is running');
      return service;
    },
    async call<T>(channel: string, input: unknown): Promise<T> {
      const reply = await harness.service.dispatch(channel, input);
      if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.value as T;
    },
    nextEvent<E extends EventName>(name: E): Promise<EventPayload<E>> {
      return new Promise((resolve) => {
        const off = harness.service.events.on(name, (payload) => {
          off();
          resolve(payload);
        });
      });
    },
  };
  return harness;
}
