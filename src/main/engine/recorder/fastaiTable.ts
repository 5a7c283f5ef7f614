/**
 * The per-epoch table fastai prints after each epoch (epoch, train_loss, valid_loss, metrics…, time), as
 * rows the CLI, the run record and the UI's results table share. Time is formatted as fastai's
 * `format_time` does: whole seconds, mm:ss, or h:mm:ss from an hour up.
 */

/** Column names that metrics may not use. */
export const fastaiTableColumns = ['epoch', 'train_loss', 'valid_loss', 'time'] as const;

export interface FastaiTableRow {
  epoch: number;
  train_loss: number;
  /** null when the fit had no validation set (fastai prints `#na#`). */
  valid_loss: number | null;
  time: string;
  /** Metrics by fastai name (`accuracy`, `error_rate`, …), in the order they were recorded. */
  [metric: string]: number | string | null;
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** 75.9 → "01:15"; 3725 → "1:02:05". Negative or non-finite times read as 0. */
export function formatTime(seconds: number): string {
  const t = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(t / 3600);
  const m = Math.floor(t / 60) % 60;
  const s = t % 60;
  return h !== 0 ? `${h}:${twoDigits(m)}:${twoDigits(s)}` : `${twoDigits(m)}:${twoDigits(s)}`;
}
