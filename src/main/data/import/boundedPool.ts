/**
 * Runs async work over a list with at most `limit` tasks in flight, stopping at the first error or
 * as soon as the signal aborts (rejecting at once with CANCELLED; tasks already running finish in
 * the background and their results are dropped).
 */
import { cancelledError } from './cancel';

export function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let active = 0;
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onAbort = (): void => finish(cancelledError());
    const launch = (): void => {
      if (settled) return;
      if (next >= items.length && active === 0) return finish();
      while (active < Math.max(1, limit) && next < items.length) {
        const index = next++;
        active += 1;
        task(items[index] as T, index).then(
          () => {
            active -= 1;
            launch();
          },
          (err: unknown) => finish(err ?? new Error('task failed')),
        );
      }
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    launch();
  });
}
