/**
 * One way to stop long data work: every loop calls `throwIfCancelled`, so a cancelled import or scan
 * ends with the same DeskfitError the service and the CLI already understand.
 */
import { DeskfitError } from '../../../shared/errors';

export function cancelledError(): DeskfitError {
  return new DeskfitError('CANCELLED', 'The import was cancelled. Nothing was written.');
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
