// The steps the CLI commands share, through the same service requests the app sends: open or create a
// project, import a folder with progress, run a job to its end (Ctrl-C cancels it cleanly).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventPayload, RequestInput } from '../../shared/contract';
import type { ImportOptions, ImportSummary } from '../../shared/dataset';
import type { ErrorShape } from '../../shared/errors';
import type { Service } from '../service/service';
import { printJson, progressBar } from './output';

export interface Output {
  json: boolean;
  tty: boolean;
}

export function defaultProjectDir(folder: string): string {
  return `${resolve(folder).replace(/[\\/]+$/, '')}.deskfit`;
}

export function isProjectDir(dir: string): boolean {
  return existsSync(join(resolve(dir), 'project.sqlite'));
}

export async function openOrCreateProject(
  service: Service,
  projectDir: string,
): Promise<ErrorShape | undefined> {
  const reply = await service.dispatch(isProjectDir(projectDir) ? 'projects:open' : 'projects:create', {
    dir: resolve(projectDir),
  });
  return reply.ok ? undefined : reply.error;
}

/** Imports a folder into the open project, printing progress; resolves with the summary or the error. */
export async function importFolder(
  service: Service,
  options: ImportOptions,
  out: Output,
): Promise<{ summary?: ImportSummary; error?: ErrorShape }> {
  const outcome = new Promise<{ summary?: ImportSummary; error?: ErrorShape }>((resolvePromise) => {
    const offs = [
      service.events.on('dataset:importProgress', (p) => {
        if (out.json) printJson({ phase: p.phase, done: p.done, total: p.total });
        else if (out.tty) progressBar(p.phase.padEnd(10), p.done, p.total);
      }),
      service.events.on('dataset:importDone', ({ summary }) => finish({ summary })),
      service.events.on('dataset:importFailed', ({ error }) => finish({ error })),
    ];
    const finish = (value: { summary?: ImportSummary; error?: ErrorShape }) => {
      for (const off of offs) off();
      resolvePromise(value);
    };
  });
  const started = await service.dispatch('dataset:import', options);
  if (!started.ok) return { error: started.error };
  const { importId } = started.value as { importId: string };
  const onSigint = () => void service.dispatch('dataset:cancelImport', { importId });
  process.once('SIGINT', onSigint);
  const result = await outcome;
  process.off('SIGINT', onSigint);
  if (out.tty) process.stdout.write('\n');
  return result;
}

/**
 * A folder or a project: a project is opened; a folder is imported into `<folder>.deskfit` first
 * (created if needed, re-imported otherwise, which adds new files and keeps every label).
 */
export async function projectForTarget(
  service: Service,
  target: string,
  out: Output,
): Promise<ErrorShape | undefined> {
  if (isProjectDir(target)) return openOrCreateProject(service, target);
  const opened = await openOrCreateProject(service, defaultProjectDir(target));
  if (opened) return opened;
  const { error } = await importFolder(service, { folder: resolve(target) }, out);
  return error;
}

/** Starts a job and waits for its end; Ctrl-C asks the trainer to stop within a batch. */
export async function runJobToEnd(
  service: Service,
  spec: RequestInput<'jobs:start'>,
  onProgress: (p: EventPayload<'jobs:progress'>) => void,
): Promise<{ result?: unknown; error?: ErrorShape }> {
  let jobId = '';
  const outcome = new Promise<{ result?: unknown; error?: ErrorShape }>((resolvePromise) => {
    service.events.on('jobs:progress', (p) => {
      if (p.jobId === jobId) onProgress(p);
    });
    service.events.on('jobs:done', (d) => {
      if (d.jobId === jobId) resolvePromise({ result: d.result });
    });
    service.events.on('jobs:failed', (f) => {
      if (f.jobId === jobId) resolvePromise({ error: f.error });
    });
  });
  const reply = await service.dispatch('jobs:start', spec);
  if (!reply.ok) return { error: reply.error };
  jobId = (reply.value as { jobId: string }).jobId;
  const onSigint = () => void service.dispatch('jobs:cancel', { jobId });
  process.on('SIGINT', onSigint);
  const result = await outcome;
  process.off('SIGINT', onSigint);
  return result;
}
