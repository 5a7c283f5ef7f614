/**
 * The deskfit service: plain Node, no Electron. Electron's IPC, the WebSocket server and the tests
 * all drive this one object through `dispatchRequest`, so every door checks input the same way.
 */
import type { AppInfo } from '../../shared/contract';
import type { SpawnTrainer } from '../jobs/protocol';
import { JobManager } from '../jobs/jobManager';
import { appVersion } from '../version';
import { dispatchRequest, type Handlers } from './dispatch';
import { EventHub } from './eventHub';

export interface ServiceOptions {
  mode: AppInfo['mode'];
  spawnTrainer: SpawnTrainer;
  electronVersion?: string;
  cancelGraceMs?: number;
}

export interface Service {
  readonly handlers: Handlers;
  readonly events: EventHub;
  readonly jobs: JobManager;
  /** Runs one request from any transport; never throws, always a reply. */
  dispatch(channel: unknown, input: unknown): ReturnType<typeof dispatchRequest>;
  dispose(): void;
}

export function createService(options: ServiceOptions): Service {
  const events = new EventHub();
  const jobs = new JobManager({
    spawnTrainer: options.spawnTrainer,
    events,
    ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
  });

  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'deskfit',
      version: appVersion,
      mode: options.mode,
      node: process.versions.node,
      ...(options.electronVersion ? { electron: options.electronVersion } : {}),
      platform: process.platform,
      arch: process.arch,
    }),
    'backend:doctor': () => jobs.doctor(),
    'jobs:start': async (spec) => jobs.start(spec),
    'jobs:cancel': async ({ jobId }) => jobs.cancel(jobId),
    'jobs:list': async () => jobs.list(),
  };

  return {
    handlers,
    events,
    jobs,
    dispatch: (channel, input) => dispatchRequest(handlers, channel, input),
    dispose: () => jobs.dispose(),
  };
}
