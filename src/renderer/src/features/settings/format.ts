// Words and numbers for the Settings page, kept pure so tests can check them exactly.
import type { BackendCandidate, SelftestResult } from '../../../../shared/contract';

export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  const size = Math.abs(loss);
  if (size >= 100) return loss.toFixed(1);
  if (size === 0) return '0';
  if (size >= 0.001) return loss.toPrecision(3);
  return loss.toExponential(2);
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  return perSecond >= 10 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1);
}

/** One sentence on a finished self-test, starting "Self-test passed" only when the loss fell. */
export function describeSelftestResult(result: SelftestResult): string {
  const steps = result.losses.length;
  const span = `from ${formatLoss(result.firstLoss)} to ${formatLoss(result.lastLoss)} in ${steps} steps`;
  if (result.fell) {
    return `Self-test passed on ${result.backend}: loss fell ${span} (${formatRate(result.imagesPerSecond)} images/s).`;
  }
  return (
    `Self-test finished but the loss did not fall: it went ${span} on ${result.backend}. ` +
    `Run it again; if this repeats, the ${result.backend} backend may be computing gradients wrongly — ` +
    'please report it with the output of `deskfit doctor`.'
  );
}

export type CandidateStatus = 'ok' | 'not used' | 'failed';

/**
 * `candidates` are in the order deskfit tries them: the live one is ok, one that loaded but lost to an
 * earlier one is "not used", and so is every one after the live one (never tried, whatever its flag).
 */
export function candidateStatus(
  candidates: readonly BackendCandidate[],
  index: number,
  liveBackend: string,
): CandidateStatus {
  const candidate = candidates[index];
  if (candidate === undefined) throw new RangeError(`No backend candidate at ${index}`);
  if (candidate.name === liveBackend) return 'ok';
  if (candidate.ok) return 'not used';
  const liveIndex = candidates.findIndex((c) => c.name === liveBackend);
  return liveIndex !== -1 && index > liveIndex ? 'not used' : 'failed';
}

export function describeMode(mode: 'electron' | 'web'): string {
  return mode === 'electron' ? 'Desktop app (Electron)' : 'Web (deskfit serve)';
}
