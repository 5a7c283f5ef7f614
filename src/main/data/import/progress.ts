/**
 * Import progress, throttled: a folder of 100k files must not send 100k events over IPC. At most one
 * event per interval (10 per second by default), and the last event of each phase always goes out.
 */

export type PlanPhase = 'scanning' | 'checking' | 'thumbnails';

export interface PlanProgress {
  phase: PlanPhase;
  done: number;
  /** 0 while scanning: the total is not known until the walk ends. */
  total: number;
  file?: string;
}

export type ProgressReporter = (progress: PlanProgress, final?: boolean) => void;

export function throttleProgress(
  onProgress: ((p: PlanProgress) => void) | undefined,
  intervalMs = 100,
  now: () => number = () => performance.now(),
): ProgressReporter {
  if (!onProgress) return () => {};
  let last = -Infinity;
  return (progress, final = false) => {
    const t = now();
    if (!final && t - last < intervalMs) return;
    last = t;
    onProgress(progress);
  };
}
