/**
 * The deskfit service: plain Node, no Electron. Electron's IPC, the WebSocket server, the CLI and
 * the tests all drive this one object through `dispatch`, so every door checks input the same way.
 */
import type { AppInfo } from '../../shared/contract';
import type { SpawnTrainer } from '../jobs/protocol';
import { JobManager } from '../jobs/jobManager';
import { readPreferences, savePreferences } from '../data/store/uiPreferences';
import { DeskfitError } from '../../shared/errors';
import { appVersion } from '../version';
import { dispatchRequest, type Handlers } from './dispatch';
import { EventHub } from './eventHub';
import { ProjectService } from './projectService';
import { resolveJobData } from './jobContext';
import { installRunWatcher } from './runWatcher';
import { exportModelDir } from './modelExport';
import { readTrainingSettings, saveTrainingSettings } from './trainingSettings';
import { listRuns, readInterpretation, readRunRecord, summarizeRun } from '../runs/runStore';

export interface ServiceOptions {
  mode: AppInfo['mode'];
  spawnTrainer: SpawnTrainer;
  electronVersion?: string;
  cancelGraceMs?: number;
  /** The desktop app's native folder dialog; absent in a browser (the UI then uses fs:list). */
  pickFolder?: () => Promise<string | null>;
}

export interface Service {
  readonly handlers: Handlers;
  readonly events: EventHub;
  readonly jobs: JobManager;
  readonly projects: ProjectService;
  /** Runs one request from any transport; never throws, always a reply. */
  dispatch(channel: unknown, input: unknown): ReturnType<typeof dispatchRequest>;
  dispose(): Promise<void>;
}

export function createService(options: ServiceOptions): Service {
  const events = new EventHub();
  const jobs = new JobManager({
    spawnTrainer: options.spawnTrainer,
    events,
    ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
  });
  const projects = new ProjectService(events);
  const runWatcher = installRunWatcher(events);

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
    'preferences:get': async () => readPreferences(),
    'preferences:save': async (change) => savePreferences(change),
    'jobs:start': async (spec) => {
      if (spec.kind === 'train' && spec.params.resumeRunId !== undefined) {
        if (runWatcher.isLive(projects.current().dir, spec.params.resumeRunId)) {
          throw new DeskfitError('CONFLICT', `Run ${spec.params.resumeRunId} is training right now.`);
        }
      }
      const data = await resolveJobData(spec, projects);
      return runWatcher.track(jobs.start(spec, data), data);
    },
    'jobs:cancel': async ({ jobId }) => jobs.cancel(jobId),
    'jobs:list': async () =>
      jobs.list().map((info) => {
        const runId =
          info.kind === 'train' && info.state === 'running' ? runWatcher.runOf(info.jobId) : undefined;
        return runId === undefined ? info : { ...info, runId };
      }),

    'projects:create': (input) => projects.create(input),
    'projects:open': (input) => projects.open(input),
    'projects:current': async () => projects.summary(),
    'projects:recent': async () => projects.recent(),
    'projects:rename': (input) => projects.rename(input),
    'projects:close': () => projects.close(),

    'fs:list': (input) => projects.listFolder(input),
    'fs:pickFolder': async () =>
      options.pickFolder
        ? { path: await options.pickFolder(), supported: true }
        : { path: null, supported: false },

    'dataset:scan': (input) => projects.scan(input),
    'dataset:import': async (input) => projects.startImport(input),
    'dataset:cancelImport': async (input) => projects.cancelImport(input),
    'dataset:stats': async () => projects.current().stats(),

    'items:query': async (query) => projects.current().query(query),
    'items:ids': async (query) => ({ ids: projects.current().queryIds({ ...query, offset: 0, limit: 1 }) }),
    'items:get': async ({ id }) => {
      const item = projects.current().getItem(id);
      if (!item) throw new DeskfitError('NOT_FOUND', `No item with id ${id} in this project.`);
      return item;
    },
    'items:stageIds': async (input) => projects.stageIds(input),
    'items:setSplit': async ({ itemIds, selectionId, split }) =>
      projects.edit((s) => s.setSplit(projects.editTargets(itemIds, selectionId), split))!,
    'items:exclude': async ({ itemIds, selectionId, excluded }) =>
      projects.edit((s) => s.setExcluded(projects.editTargets(itemIds, selectionId), excluded))!,

    'labels:assign': async ({ itemIds, selectionId, label }) =>
      projects.edit((s) => s.assignLabel(projects.editTargets(itemIds, selectionId), label))!,
    'labels:exportCsv': (input) => projects.exportCsv(input),
    'labels:importCsv': (input) => projects.importCsv(input),

    'classes:add': async ({ name }) => projects.edit((s) => s.addClass(name))!,
    'classes:rename': async ({ from, to }) => projects.edit((s) => s.renameClass(from, to))!,
    'classes:merge': async ({ from, into }) => projects.edit((s) => s.mergeClasses(from, into))!,
    'classes:delete': async ({ name }) => projects.edit((s) => s.deleteClass(name))!,

    'runs:list': async () => {
      const dir = projects.current().dir;
      return (await listRuns(dir)).map((record) => summarizeRun(runWatcher.present(dir, record)));
    },
    'runs:get': async ({ runId }) => {
      const dir = projects.current().dir;
      return runWatcher.present(dir, await readRunRecord(dir, runId));
    },
    'runs:interpretation': ({ runId }) => readInterpretation(projects.current().dir, runId),
    'models:export': async ({ runId, dir }) => {
      const store = projects.current();
      const runs = await listRuns(store.dir);
      const run = runId !== undefined ? await readRunRecord(store.dir, runId) : runs.find((r) => r.modelDir);
      if (!run?.modelDir) {
        throw new DeskfitError(
          'NO_MODEL',
          runId !== undefined
            ? `Run ${runId} has no saved model to export.`
            : 'This project has no trained model yet. Train one first.',
        );
      }
      return exportModelDir(run.modelDir, dir);
    },
    'training:settings': async () => readTrainingSettings(projects.current()),
    'training:saveSettings': async (settings) => saveTrainingSettings(projects.current(), settings),

    'edits:undo': async () => projects.edit((s) => s.undo(), 'undo'),
    'edits:redo': async () => projects.edit((s) => s.redo(), 'redo'),
  };

  return {
    handlers,
    events,
    jobs,
    projects,
    dispatch: (channel, input) => dispatchRequest(handlers, channel, input),
    dispose: async () => {
      jobs.dispose();
      // Stopping jobs marks their runs; let those records be written before the process goes.
      await runWatcher.idle();
      runWatcher.dispose();
      await projects.dispose();
    },
  };
}
