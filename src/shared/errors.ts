/**
 * Errors cross every boundary (IPC, WebSocket, trainer process) as plain data: `{code, message, details?}`.
 * `DeskfitError` is the throwable form; `toErrorShape` turns anything thrown into the plain form.
 */
import { z } from 'zod';

export const errorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNKNOWN_JOB_KIND',
  'CANCELLED',
  'TRAINER_CRASHED',
  'BACKEND_UNAVAILABLE',
  'NO_PROJECT',
  'PROJECT_CLOSED',
  'NOT_A_PROJECT',
  'PROJECT_EXISTS',
  'PROJECT_LOCKED',
  'SCHEMA_TOO_NEW',
  'CONFLICT',
  'DISK_FULL',
  'WRITE_FAILED',
  'DISCONNECTED',
  'BAD_REPLY',
  'BAD_RESULT',
  'NO_MODEL',
  'DIVERGED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const ErrorShapeSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorShape = z.infer<typeof ErrorShapeSchema>;

export class DeskfitError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: ErrorCode | (string & {}), message: string, details?: unknown) {
    super(message);
    this.name = 'DeskfitError';
    this.code = code;
    this.details = details;
  }

  static from(shape: ErrorShape): DeskfitError {
    return new DeskfitError(shape.code, shape.message, shape.details);
  }

  toShape(): ErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof DeskfitError) return err.toShape();
  const parsed = ErrorShapeSchema.safeParse(err);
  if (parsed.success && !(err instanceof Error)) return parsed.data;
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message || err.name };
  return { code: 'INTERNAL', message: String(err) };
}

/** Turns zod issues into one readable sentence naming each bad field, plus machine-readable details. */
export function describeZodError(
  what: string,
  error: z.ZodError,
): { message: string; details: { path: string; message: string }[] } {
  const details = error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const list = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  return { message: `Invalid ${what}: ${list}`, details };
}
