/**
 * Starts, tracks and stops jobs. Each job gets its own trainer process, so a crash, a leak or a hung
 * native backend cannot outlive its job. Cancel is cooperative first (the job checks every step), then
 * a timed kill. Every outcome reaches the UI as exactly one `jobs:done` or `jobs:failed` event.
 */
import { randomUUID } from 'node:crypto';
import type { DoctorReport, JobInfo, JobProgress, JobSpec } from '../../shared/contract';
import { DeskfitError, type ErrorShape } from '../../shared/errors';
import type { EventHub } from '../service/eventHub';
import { ChildMessageSchema, type ExitInfo, type SpawnTrainer, type TrainerTransport } from './protocol';

export interface JobManagerOptions {
  spawnTrainer: SpawnTrainer;
  events: EventHub;
  /** How long a cancelled job may take to stop by itself before its process is killed. */
  cancelGraceMs?: number;
  /** How long the doctor may take (first start of a native backend can be slow). */
  doctorTimeoutMs?: number;
}

interface RunningJob {
  info: JobInfo;
  transport: TrainerTransport;
  cancelTimer?: ReturnType<typeof setTimeout>;
  settled: boolean;
}

function describeExit(kind: string, exit: ExitInfo): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${String(exit.code)}`;
  const lastWords = exit.output?.trim().split('\n').slice(-3).join(' | ');
  return `The trainer process ${how} while running ${kind}.${lastWords ? ` Its last output: ${lastWords}` : ''}`;
}

export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly finished: JobInfo[] = [];
  private doctorReport: Promise<DoctorReport> | undefined;
  private readonly cancelGraceMs: number;
  private readonly doctorTimeoutMs: number;

  constructor(private readonly options: JobManagerOptions) {
    this.cancelGraceMs = options.cancelGraceMs ?? 5_000;
    this.doctorTimeoutMs = options.doctorTimeoutMs ?? 60_000;
  }

  /** Starts a job in a new trainer process; `context` is what the service resolved for it. */
  start(spec: JobSpec, context?: unknown): { jobId: string } {
    const jobId = randomUUID();
    const transport = this.options.spawnTrainer();
    const job: RunningJob = {
      info: { jobId, kind: spec.kind, state: 'running', startedAt: Date.now() },
      transport,
      settled: false,
    };
    this.jobs.set(jobId, job);
    transport.onMessage((raw) => this.onChildMessage(job, raw));
    transport.onExit((exit) => {
      if (job.settled) return;
      const cancelled = job.cancelTimer !== undefined;
      this.settle(job, cancelled ? 'cancelled' : 'failed', {
        error: cancelled
          ? { code: 'CANCELLED', message: `${spec.kind} was cancelled (its process was stopped).` }
          : { code: 'TRAINER_CRASHED', message: describeExit(spec.kind, exit), details: exit },
      });
    });
    transport.send({ type: 'run', jobId, spec, ...(context !== undefined ? { context } : {}) });
    return { jobId };
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.jobs.get(jobId);
    if (!job) {
      if (this.finished.some((info) => info.jobId === jobId)) return { cancelled: false };
      throw new DeskfitError('NOT_FOUND', `No job with id ${jobId}. Refresh the job list and try again.`);
    }
    if (job.cancelTimer === undefined) {
      job.transport.send({ type: 'cancel', jobId });
      job.cancelTimer = setTimeout(() => job.transport.kill(), this.cancelGraceMs);
    }
    return { cancelled: true };
  }

  list(): JobInfo[] {
    return [...this.finished, ...[...this.jobs.values()].map((job) => job.info)];
  }

  /** The backend report as the trainer process sees it (asked once, from a short-lived trainer). */
  doctor(): Promise<DoctorReport> {
    this.doctorReport ??= this.askDoctor().catch((err: unknown) => {
      this.doctorReport = undefined;
      throw err;
    });
    return this.doctorReport;
  }

  /** Kills every trainer process; used on shutdown so nothing is left behind. */
  dispose(): void {
    for (const job of this.jobs.values()) {
      this.settle(job, 'cancelled', {
        error: {
          code: 'CANCELLED',
          message: `${job.info.kind} was stopped because deskfit is shutting down.`,
        },
      });
    }
  }

  private askDoctor(): Promise<DoctorReport> {
    return new Promise((resolve, reject) => {
      const transport = this.options.spawnTrainer();
      let done = false;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        transport.kill();
        outcome();
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new DeskfitError('BACKEND_UNAVAILABLE', 'The backend check took too long.'))),
        this.doctorTimeoutMs,
      );
      transport.onMessage((raw) => {
        const parsed = ChildMessageSchema.safeParse(raw);
        if (parsed.success && parsed.data.type === 'doctor') {
          const report = parsed.data.report;
          finish(() => resolve(report));
        } else if (parsed.success && parsed.data.type === 'failed') {
          const error = parsed.data.error;
          finish(() => reject(DeskfitError.from(error)));
        }
      });
      transport.onExit((exit) =>
        finish(() => reject(new DeskfitError('TRAINER_CRASHED', describeExit('the backend check', exit)))),
      );
      transport.send({ type: 'doctor' });
    });
  }

  private onChildMessage(job: RunningJob, raw: unknown): void {
    if (job.settled) return;
    const parsed = ChildMessageSchema.safeParse(raw);
    if (!parsed.success || ('jobId' in parsed.data && parsed.data.jobId !== job.info.jobId)) return;
    const message = parsed.data;
    const { jobId, kind } = job.info;
    switch (message.type) {
      case 'progress': {
        const progress: JobProgress = {
          jobId,
          kind,
          step: message.step,
          ...(message.total !== undefined ? { total: message.total } : {}),
          ...(message.message !== undefined ? { message: message.message } : {}),
          ...(message.metrics !== undefined ? { metrics: message.metrics } : {}),
        };
        job.info.lastProgress = progress;
        this.options.events.emit('jobs:progress', progress);
        break;
      }
      case 'done':
        this.settle(job, 'done', { result: message.result });
        break;
      case 'failed':
        this.settle(job, message.error.code === 'CANCELLED' ? 'cancelled' : 'failed', {
          error: message.error,
        });
        break;
      case 'doctor':
        break;
    }
  }

  private settle(
    job: RunningJob,
    state: 'done' | 'failed' | 'cancelled',
    outcome: { result?: unknown; error?: ErrorShape },
  ): void {
    if (job.settled) return;
    job.settled = true;
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    job.transport.kill();
    job.info.state = state;
    job.info.endedAt = Date.now();
    if (outcome.error) job.info.error = outcome.error;
    this.jobs.delete(job.info.jobId);
    this.finished.push(job.info);
    if (this.finished.length > 100) this.finished.shift();
    const { jobId, kind } = job.info;
    if (state === 'done') this.options.events.emit('jobs:done', { jobId, kind, result: outcome.result });
    else
      this.options.events.emit('jobs:failed', {
        jobId,
        kind,
        error: outcome.error ?? { code: 'INTERNAL', message: 'Unknown failure.' },
      });
  }
}
