/**
 * The project half of the service: one open project at a time (shared by every window or browser
 * tab), imports running in the background with progress and cancel, and every label edit passed
 * to the store, which acknowledges it only once it is committed.
 */
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { RequestArgs, RequestOutput } from '../../shared/contract';
import type { EditResult, FileProblem, ImportSummary, Item, ProjectSummary } from '../../shared/dataset';
import { DeskfitError, toErrorShape } from '../../shared/errors';
import { buildImportPlan } from '../data/import/buildImportPlan';
import { scanFolder } from '../data/import/scan';
import { cachedThumbnailHashes } from '../data/images/thumbnailIndex';
import { ThumbnailQueue } from '../data/images/thumbnailQueue';
import { createProject, openProject } from '../data/store/projectStore';
import { listRecent, touchRecent } from '../data/store/recentProjects';
import type { ImportPlan, ProjectStoreApi } from '../data/types';
import type { EventHub } from './eventHub';
import { describeRefresh, FileRefresher } from './fileRefresh';
import { StagedSelections } from './stagedSelections';
import { listFolder } from './folders';
import { readFile, rename, writeFile } from 'node:fs/promises';

interface RunningImport {
  importId: string;
  controller: AbortController;
  done: Promise<void>;
}

export class ProjectService {
  private store: ProjectStoreApi | undefined;
  private running: RunningImport | undefined;
  private thumbnails: { queue: ThumbnailQueue; stopped: boolean } | undefined;
  private readonly staged = new StagedSelections();
  private readonly refresher = new FileRefresher((store, paths) => {
    if (store === this.store) this.changed('refresh', describeRefresh(paths));
  });

  constructor(private readonly events: EventHub) {}

  /** The open project, or an error telling the user to open one. */
  current(): ProjectStoreApi {
    if (!this.store) {
      throw new DeskfitError(
        'NO_PROJECT',
        'No project is open. Create or open a project on the Datasets page first.',
      );
    }
    return this.store;
  }

  isOpen(): boolean {
    return this.store !== undefined;
  }

  /**
   * An item of the open project with facts that match its file now: a file edited since they were
   * read is checked again first (see fileRefresh.ts). Undefined when no project is open or no such item.
   */
  async freshItem(id: number): Promise<Item | undefined> {
    const store = this.store;
    if (!store) return undefined;
    return this.refresher.fresh(store, id);
  }

  /** Reads every file edited since import again (before a job uses the files); see FileRefresher. */
  async refreshChangedFiles(): Promise<{ checked: number; changed: number }> {
    return this.refresher.refreshChanged(this.current(), {
      onProgress: (done, total) => this.events.emit('files:refreshProgress', { done, total }),
    });
  }

  /** Resolves once files being checked again are done and announced (for tests). */
  async refreshesIdle(): Promise<void> {
    await this.refresher.idle();
  }

  summary(): ProjectSummary | null {
    const store = this.store;
    if (!store) return null;
    return {
      dir: store.dir,
      name: store.name(),
      dataRoot: store.dataRoot(),
      layout: store.layout(),
      createdAt: store.createdAt(),
      stats: store.stats(),
      canUndo: store.canUndo(),
      canRedo: store.canRedo(),
    };
  }

  async create({ dir, name }: RequestArgs<'projects:create'>): Promise<ProjectSummary> {
    const absolute = resolve(dir);
    const store = createProject(absolute, { name: name ?? basename(absolute).replace(/\.deskfit$/, '') });
    return this.adopt(store, 'open');
  }

  async open({ dir }: RequestArgs<'projects:open'>): Promise<ProjectSummary> {
    const absolute = resolve(dir);
    if (this.store?.dir === absolute) return this.summary()!;
    return this.adopt(openProject(absolute), 'open');
  }

  async rename({ name }: RequestArgs<'projects:rename'>): Promise<ProjectSummary> {
    const store = this.current();
    store.rename(name);
    await touchRecent(store.dir, name);
    this.changed('rename');
    return this.summary()!;
  }

  async close(): Promise<{ closed: boolean }> {
    if (!this.store) return { closed: false };
    await this.cancelRunningImport();
    this.stopThumbnails();
    const dir = this.store.dir;
    this.store.close();
    this.store = undefined;
    this.staged.clear();
    this.events.emit('project:changed', { dir, reason: 'close', stats: null });
    return { closed: true };
  }

  recent(): RequestOutput<'projects:recent'> {
    return listRecent();
  }

  listFolder({ dir, showFiles }: RequestArgs<'fs:list'>) {
    return listFolder(dir, showFiles);
  }

  async scan(options: RequestArgs<'dataset:scan'>) {
    return (await scanFolder(options)).preview;
  }

  startImport(options: RequestArgs<'dataset:import'>): { importId: string } {
    const store = this.current();
    if (this.running) {
      throw new DeskfitError(
        'CONFLICT',
        'An import is already running. Wait for it to finish or cancel it first.',
      );
    }
    const folder = resolve(options.folder);
    const root = store.dataRoot();
    if (root !== null && root !== folder) {
      throw new DeskfitError(
        'CONFLICT',
        `This project holds images from ${root}. Re-import that folder, or create a new project for ${folder}.`,
      );
    }
    const importId = randomUUID();
    const controller = new AbortController();
    const done = this.runImport(store, importId, { ...options, folder }, controller.signal).finally(() => {
      if (this.running?.importId === importId) this.running = undefined;
    });
    this.running = { importId, controller, done };
    return { importId };
  }

  cancelImport({ importId }: RequestArgs<'dataset:cancelImport'>): { cancelled: boolean } {
    if (this.running?.importId !== importId) return { cancelled: false };
    this.running.controller.abort();
    return { cancelled: true };
  }

  /** Resolves once no import is running (for tests and shutdown). */
  async idle(): Promise<void> {
    await this.running?.done;
  }

  async exportCsv({ file }: RequestArgs<'labels:exportCsv'>) {
    const store = this.current();
    const target = resolve(store.dir, file);
    const { text, rows } = store.exportCsv();
    const temp = `${target}.tmp-${process.pid}`;
    try {
      await writeFile(temp, text, 'utf8');
      await rename(temp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new DeskfitError(
        code === 'ENOSPC' ? 'DISK_FULL' : 'WRITE_FAILED',
        `Could not write ${target} (${code ?? 'error'}).${code === 'ENOSPC' ? ' The disk is full: free some space and try again.' : ' Check the folder exists and is writable.'}`,
      );
    }
    return { file: target, rows };
  }

  async importCsv({ file }: RequestArgs<'labels:importCsv'>) {
    const store = this.current();
    const target = resolve(store.dir, file);
    let text: string;
    try {
      text = await readFile(target, 'utf8');
    } catch {
      throw new DeskfitError('NOT_FOUND', `Cannot read ${target}. Check the path of the labels CSV.`);
    }
    const result = store.importCsv(text);
    this.changed('edit', result.edit.description);
    return result;
  }

  /** Keeps part of a selection too big for one edit request (see stagedSelections.ts). */
  stageIds({ selectionId, itemIds }: RequestArgs<'items:stageIds'>): { staged: number } {
    return { staged: this.staged.stage(this.current().dir, selectionId, itemIds) };
  }

  /** The items an edit applies to: its own ids, after those staged for `selectionId` if it names one. */
  editTargets(itemIds: number[], selectionId: string | undefined): number[] {
    if (selectionId === undefined) return itemIds;
    const staged = this.staged.take(this.current().dir, selectionId);
    for (const id of itemIds) staged.push(id);
    return staged;
  }

  /** Runs one store edit and tells every window what changed. */
  edit(apply: (store: ProjectStoreApi) => EditResult | null, reason = 'edit'): EditResult | null {
    const result = apply(this.current());
    if (result) this.changed(reason, result.description);
    return result;
  }

  async dispose(): Promise<void> {
    await this.cancelRunningImport();
    this.stopThumbnails();
    await this.refresher.idle().catch(() => undefined);
    this.refresher.dispose();
    this.store?.close();
    this.store = undefined;
  }

  private async cancelRunningImport(): Promise<void> {
    if (!this.running) return;
    this.running.controller.abort();
    await this.running.done;
  }

  private async adopt(store: ProjectStoreApi, reason: string): Promise<ProjectSummary> {
    if (this.store && this.store !== store) {
      await this.cancelRunningImport();
      this.stopThumbnails();
      this.store.close();
    }
    this.store = store;
    this.staged.clear();
    await touchRecent(store.dir, store.name());
    this.changed(reason);
    void this.rebuildMissingThumbnails(store);
    return this.summary()!;
  }

  /** Resolves when the background thumbnail check of the open project has finished (for tests). */
  async thumbnailsIdle(): Promise<void> {
    await this.thumbnailCheck;
  }

  private thumbnailCheck: Promise<void> = Promise.resolve();

  private stopThumbnails(): void {
    if (!this.thumbnails) return;
    this.thumbnails.stopped = true;
    this.thumbnails.queue.dispose();
    this.thumbnails = undefined;
  }

  /**
   * The thumbnail cache survives restarts; if it was deleted or damaged, the missing thumbnails are
   * made again in the background (bounded concurrency, progress events, stopped on close).
   */
  private rebuildMissingThumbnails(store: ProjectStoreApi): Promise<void> {
    this.stopThumbnails();
    const queue = new ThumbnailQueue({
      cacheDir: store.cacheDir,
      concurrency: 2,
      onProgress: (p) => this.events.emit('thumbnails:progress', { done: p.done, total: p.total }),
    });
    const run = { queue, stopped: false };
    this.thumbnails = run;
    this.thumbnailCheck = (async () => {
      const cached = await cachedThumbnailHashes(store.cacheDir);
      const queued = new Set<string>();
      const sources = store.thumbnailSources();
      const chunk = 5000;
      for (let start = 0; start < sources.length && !run.stopped; start += chunk) {
        const missing: { hash: string; file: string }[] = [];
        for (const { id, hash } of sources.slice(start, start + chunk)) {
          if (cached.has(hash) || queued.has(hash)) continue;
          const file = store.itemFile(id);
          if (!file) continue;
          queued.add(hash);
          missing.push({ hash, file });
        }
        queue.add(missing);
        // A chunk at a time, so requests from the windows (thumbnails, pages) go first.
        await new Promise((resolveTurn) => setImmediate(resolveTurn));
      }
      if (!run.stopped) await queue.whenIdle();
    })().catch(() => {
      // A closed project or a vanished cache folder ends the check; thumbnails are also made on demand.
    });
    return this.thumbnailCheck;
  }

  private changed(reason: string, description?: string): void {
    const store = this.store;
    if (!store) return;
    this.events.emit('project:changed', {
      dir: store.dir,
      reason,
      ...(description ? { description } : {}),
      stats: store.stats(),
    });
  }

  private async runImport(
    store: ProjectStoreApi,
    importId: string,
    options: RequestArgs<'dataset:import'>,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const { plan, preview, seconds } = await buildImportPlan(options, {
        cacheDir: store.cacheDir,
        signal,
        onProgress: (p) => this.events.emit('dataset:importProgress', { importId, ...p }),
      });
      if (signal.aborted)
        throw new DeskfitError('CANCELLED', 'The import was cancelled. Nothing was written.');
      this.events.emit('dataset:importProgress', {
        importId,
        phase: 'writing',
        done: 0,
        total: plan.items.length,
      });
      const applied = store.applyImport(plan);
      this.events.emit('dataset:importProgress', {
        importId,
        phase: 'writing',
        done: plan.items.length,
        total: plan.items.length,
      });
      const summary = importSummary(store.dir, plan, preview.problems, applied, seconds);
      this.events.emit('dataset:importDone', { importId, summary });
      this.changed('import');
    } catch (err) {
      const error =
        signal.aborted && !(err instanceof DeskfitError && err.code !== 'CANCELLED')
          ? { code: 'CANCELLED', message: 'The import was cancelled. Nothing was written.' }
          : toErrorShape(err);
      this.events.emit('dataset:importFailed', { importId, error });
    }
  }
}

/** The import summary the UI and `deskfit import --json` show: usable items and every refused file. */
export function importSummary(
  project: string,
  plan: ImportPlan,
  nameProblems: FileProblem[],
  applied: { added: number; updated: number; missing: number },
  seconds: number,
): ImportSummary {
  const byClass: Record<string, number> = {};
  const bySplit = { train: 0, valid: 0, test: 0 };
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  for (const item of plan.items) {
    if (item.problem) {
      problems.push({ path: item.path, reason: item.problem.reason, kind: item.problem.kind });
      seen.add(item.path);
      continue;
    }
    bySplit[item.split] += 1;
    for (const label of item.labels) byClass[label] = (byClass[label] ?? 0) + 1;
  }
  for (const problem of nameProblems) if (!seen.has(problem.path)) problems.push(problem);
  return {
    project,
    layout: plan.layout,
    items: plan.items.length - seen.size,
    byClass,
    bySplit,
    problems,
    added: applied.added,
    updated: applied.updated,
    missing: applied.missing,
    seconds,
  };
}
