// Shared output helpers for `deskfit` commands: JSON lines for scripts, plain words for people.
import { InvalidArgumentError } from 'commander';
import type { ErrorShape } from '../../shared/errors';

export function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

export function fraction(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${value}".`);
    }
    return n;
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function fail(error: ErrorShape, json: boolean, exitCode = 1): never {
  if (json) printJson({ error });
  else process.stderr.write(`deskfit: ${error.message}\n`);
  process.exit(exitCode);
}

/** A one-line progress bar on a terminal (redrawn in place). */
export function progressBar(label: string, done: number, total: number, extra = ''): void {
  const width = 30;
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  process.stdout.write(
    `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${extra}\x1b[K`,
  );
}
