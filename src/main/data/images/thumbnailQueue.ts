/**
 * Makes many thumbnails in the background (after an import, or when a cache was cleared) without
 * flooding sharp: a bounded number at a time, deduplicated by hash, with throttled `{done, total}`
 * progress, `cancel()` to drop what is pending and `dispose()` to stop for good. A bad file is
 * counted as failed and reported to `onError`, never thrown.
 */
import { availableParallelism } from 'node:os';
import { ensureThumbnail } from './thumbnails';

export interface ThumbnailJob {
  hash: string;
  file: string;
}

export interface ThumbnailQueueProgress {
  done: number;
  total: number;
}

export interface ThumbnailQueueOptions {
  cacheDir: string;
  /** Thumbnails made at once (default: the number of cores). */
  concurrency?: number;
  onProgress?: (progress: ThumbnailQueueProgress) => void;
  onError?: (job: ThumbnailJob, error: unknown) => void;
  /** Minimum time between progress events (default 100 ms); the last one always goes out. */
  progressIntervalMs?: number;
}

export class ThumbnailQueue {
  private readonly pending: ThumbnailJob[] = [];
  private readonly known = new Set<string>();
  private running = 0;
  private done = 0;
  private total = 0;
  private failed = 0;
  private disposed = false;
  private lastProgress = -Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;

  constructor(private readonly options: ThumbnailQueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  }

  /** Queues jobs; a hash already queued or running is skipped. Ignored after `dispose()`. */
  add(jobs: Iterable<ThumbnailJob>): void {
    if (this.disposed) return;
    if (this.running === 0 && this.pending.length === 0) {
      this.done = 0;
      this.total = 0;
      this.failed = 0;
    }
    for (const job of jobs) {
      if (this.known.has(job.hash)) continue;
      this.known.add(job.hash);
      this.pending.push(job);
      this.total += 1;
    }
    this.report(false);
    this.pump();
  }

  get stats(): { done: number; total: number; failed: number; pending: number; running: number } {
    return {
      done: this.done,
      total: this.total,
      failed: this.failed,
      pending: this.pending.length,
      running: this.running,
    };
  }

  /** Resolves when nothing is pending or running. */
  whenIdle(): Promise<void> {
    if (this.running === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every pending job; thumbnails being made finish (each is one short decode). */
  cancel(): void {
    for (const job of this.pending) this.known.delete(job.hash);
    this.total -= this.pending.length;
    this.pending.length = 0;
    this.report(true);
    this.settleIfIdle();
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private pump(): void {
    while (!this.disposed && this.running < this.concurrency && this.pending.length > 0) {
      const job = this.pending.shift();
      if (!job) break;
      this.running += 1;
      ensureThumbnail(this.options.cacheDir, job.hash, job.file)
        .catch((err: unknown) => {
          this.failed += 1;
          this.options.onError?.(job, err);
        })
        .finally(() => {
          this.running -= 1;
          this.done += 1;
          this.known.delete(job.hash);
          this.report(this.pending.length === 0 && this.running === 0);
          this.pump();
          this.settleIfIdle();
        });
    }
  }

  private report(final: boolean): void {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    const now = performance.now();
    if (!final && now - this.lastProgress < (this.options.progressIntervalMs ?? 100)) return;
    this.lastProgress = now;
    onProgress({ done: this.done, total: this.total });
  }

  private settleIfIdle(): void {
    if (this.running !== 0 || this.pending.length !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
