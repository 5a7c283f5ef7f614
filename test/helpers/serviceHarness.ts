// A service for one test (or one file) in a fresh data folder (DESKFIT_HOME under a temp dir), driven
// through its one door (dispatch) as the UI and CLI drive it. Registers its own set-up and tear-down
// hooks: call it at the top of a test file. The fake trainer unless the test brings its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { EventName, EventPayload } from '../../src/shared/contract';
import { createService, type Service, type ServiceOptions } from '../../src/main/service/service';
import { makeFolderPerClass, type FolderPerClassOptions } from './fixtures';
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

export interface TempServiceOptions {
  service?: () => ServiceOptions;
  /** One service for the whole file (beforeAll/afterAll) rather than one per test. */
  shared?: boolean;
}

export function useTempService(prefix: string, options: TempServiceOptions = {}): ServiceHarness {
  const serviceOptions =
    options.service ?? ((): ServiceOptions => ({ mode: 'web', spawnTrainer: fakeTrainerFactory() }));
  let work: string | undefined;
  let service: Service | undefined;
  (options.shared === true ? beforeAll : beforeEach)(() => {
    work = mkdtempSync(join(tmpdir(), prefix));
    process.env.DESKFIT_HOME = join(work, 'home');
    service = createService(serviceOptions());
  });
  (options.shared === true ? afterAll : afterEach)(async () => {
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

/** Makes a folder-per-class image set `name` under the temp folder and imports it as a new project. */
export async function importFolderPerClassProject(
  harness: ServiceHarness,
  name: string,
  options: FolderPerClassOptions,
): Promise<void> {
  const data = await makeFolderPerClass(join(harness.work, name), options);
  await harness.call('projects:create', { dir: join(harness.work, `${name}.deskfit`) });
  const done = harness.nextEvent('dataset:importDone');
  await harness.call('dataset:import', { folder: data.root });
  await done;
}
