/**
 * Progress for batch jobs at most ten times a second (the last step always), so a fast model on
 * small images does not flood the process boundary; and a yield between batches, so a cancel
 * message from the service is seen within one batch.
 */
import type { JobContext, StepProgress } from '../../jobs/types';

export function throttledProgress(ctx: JobContext, minIntervalMs = 100): (update: StepProgress) => void {
  let last = -Infinity;
  return (update) => {
    const now = performance.now();
    const final = update.total !== undefined && update.step >= update.total;
    if (!final && now - last < minIntervalMs) return;
    last = now;
    ctx.progress(update);
  };
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
