/**
 * The import flow of the Datasets page as pure state changes: choose a folder, scan (nothing written),
 * start, follow progress, then a summary or an error. Events from the service are matched to the
 * import this window started; one started elsewhere is shown when this window is not busy.
 */
import type { CsvOptions, ImportProgress, ImportSummary, ScanPreview } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';

export type ImportPhase =
  'idle' | 'scanning' | 'preview' | 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export interface ImportFlow {
  phase: ImportPhase;
  folder: string | null;
  /** The CSV choices the last scan was made with (columns, delimiter), if any. */
  csv: CsvOptions | null;
  preview: ScanPreview | null;
  /** Counts scans, so a slow reply to an older scan cannot replace a newer one. */
  scanSeq: number;
  importId: string | null;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: ErrorShape | null;
}

export const idleImport: ImportFlow = {
  phase: 'idle',
  folder: null,
  csv: null,
  preview: null,
  scanSeq: 0,
  importId: null,
  progress: null,
  summary: null,
  error: null,
};

/** True while an import is being started or runs: the flow cannot be restarted meanwhile. */
export function isImportActive(phase: ImportPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'cancelling';
}

function follows(flow: ImportFlow, importId: string): boolean {
  return flow.importId === importId || (flow.phase === 'starting' && flow.importId === null);
}

/** An import this window did not start: worth showing only if the user is not in the middle of one. */
function canAdopt(flow: ImportFlow): boolean {
  return (
    flow.phase === 'idle' || flow.phase === 'done' || flow.phase === 'failed' || flow.phase === 'cancelled'
  );
}

export function applyScanStarted(flow: ImportFlow, folder: string, csv: CsvOptions | null): ImportFlow {
  return {
    ...idleImport,
    phase: 'scanning',
    folder,
    csv,
    // Keep the old preview while re-scanning the same folder with other CSV choices.
    preview: flow.folder === folder ? flow.preview : null,
    scanSeq: flow.scanSeq + 1,
  };
}

export function applyScanned(flow: ImportFlow, seq: number, preview: ScanPreview): ImportFlow {
  if (seq !== flow.scanSeq || flow.phase !== 'scanning') return flow;
  return { ...flow, phase: 'preview', preview, error: null };
}

export function applyScanFailed(flow: ImportFlow, seq: number, error: ErrorShape): ImportFlow {
  if (seq !== flow.scanSeq || flow.phase !== 'scanning') return flow;
  return { ...flow, phase: flow.preview !== null ? 'preview' : 'idle', error };
}

export function applyImportStarting(flow: ImportFlow): ImportFlow {
  return { ...flow, phase: 'starting', importId: null, progress: null, summary: null, error: null };
}

export function applyImportStarted(flow: ImportFlow, importId: string): ImportFlow {
  if (flow.importId === importId) return flow; // events got here first
  if (flow.phase !== 'starting') return flow;
  return { ...flow, phase: 'running', importId };
}

export function applyImportStartFailed(flow: ImportFlow, error: ErrorShape): ImportFlow {
  if (flow.phase !== 'starting') return flow;
  return { ...flow, phase: flow.preview !== null ? 'preview' : 'idle', error };
}

export function applyImportProgress(flow: ImportFlow, progress: ImportProgress): ImportFlow {
  if (follows(flow, progress.importId)) {
    const phase = flow.phase === 'cancelling' ? 'cancelling' : 'running';
    return { ...flow, phase, importId: progress.importId, progress };
  }
  if (!canAdopt(flow)) return flow;
  return { ...idleImport, scanSeq: flow.scanSeq, phase: 'running', importId: progress.importId, progress };
}

export function applyImportDone(flow: ImportFlow, importId: string, summary: ImportSummary): ImportFlow {
  if (!follows(flow, importId) && !canAdopt(flow)) return flow;
  return { ...flow, phase: 'done', importId, summary, error: null };
}

export function applyImportFailed(flow: ImportFlow, importId: string, error: ErrorShape): ImportFlow {
  if (!follows(flow, importId)) return flow;
  const cancelled = error.code === 'CANCELLED';
  return { ...flow, phase: cancelled ? 'cancelled' : 'failed', importId, error: cancelled ? null : error };
}

export function applyImportCancelling(flow: ImportFlow): ImportFlow {
  if (flow.phase !== 'running') return flow;
  return { ...flow, phase: 'cancelling' };
}

export function applyImportCancelFailed(flow: ImportFlow, error: ErrorShape): ImportFlow {
  if (flow.phase !== 'cancelling') return flow;
  return { ...flow, phase: 'running', error };
}
