/**
 * The job-running half of a trainer process, independent of how messages arrive: the forked child,
 * the Electron utility process and the inline test transport all feed it the same messages.
 */
import { DeskfitError, describeZodError, toErrorShape } from '../../shared/errors';
import { initBackend } from '../engine/backend';
import { ParentMessageSchema, type ChildMessage } from './protocol';
import { runJob } from './registry';
import { JobCancelled } from './types';

export interface TrainerRuntime {
  handle(raw: unknown): void;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  /** Signals every running job to stop (the inline transport's stand-in for a kill). */
  abortAll(): void;
}

export function createTrainerRuntime(post: (message: ChildMessage) => void): TrainerRuntime {
  const running = new Map<string, { controller: AbortController; finished: Promise<void> }>();

  function start(jobId: string, spec: Parameters<typeof runJob>[0], context: unknown): void {
    const controller = new AbortController();
    const finished = (async () => {
      try {
        await initBackend();
        const result = await runJob(
          spec,
          { signal: controller.signal, progress: (update) => post({ type: 'progress', jobId, ...update }) },
          context,
        );
        post({ type: 'done', jobId, result });
      } catch (err) {
        const error =
          err instanceof JobCancelled || controller.signal.aborted
            ? { code: 'CANCELLED', message: `${spec.kind} was cancelled.` }
            : toErrorShape(err);
        post({ type: 'failed', jobId, error });
      } finally {
        running.delete(jobId);
      }
    })();
    running.set(jobId, { controller, finished });
  }

  return {
    handle(raw) {
      const parsed = ParentMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const { message } = describeZodError('trainer message', parsed.error);
        const jobId = typeof raw === 'object' && raw && 'jobId' in raw ? String(raw.jobId) : '';
        post({ type: 'failed', jobId, error: new DeskfitError('BAD_REQUEST', message).toShape() });
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'run':
          start(message.jobId, message.spec, message.context);
          break;
        case 'cancel':
          running.get(message.jobId)?.controller.abort();
          break;
        case 'doctor':
          void initBackend().then(
            (report) => post({ type: 'doctor', report }),
            (err) => post({ type: 'failed', jobId: '', error: toErrorShape(err) }),
          );
          break;
      }
    },
    abortAll() {
      for (const job of running.values()) job.controller.abort();
    },
    async idle() {
      await Promise.all([...running.values()].map((job) => job.finished));
    },
  };
}
