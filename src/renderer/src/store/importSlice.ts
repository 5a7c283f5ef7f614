// The Datasets page's import flow; the transitions live in importReducers (pure, tested alone).
import type { StateCreator } from 'zustand';
import type { CsvOptions, ImportProgress, ImportSummary, ScanPreview } from '../../../shared/dataset';
import type { ErrorShape } from '../../../shared/errors';
import {
  applyImportCancelFailed,
  applyImportCancelling,
  applyImportDone,
  applyImportFailed,
  applyImportProgress,
  applyImportStarted,
  applyImportStartFailed,
  applyImportStarting,
  applyScanFailed,
  applyScanned,
  applyScanStarted,
  idleImport,
  type ImportFlow,
} from './importReducers';
import type { DeskfitState } from './types';

export interface ImportSlice {
  importFlow: ImportFlow;
  scanStarted(folder: string, csv: CsvOptions | null): number;
  scanned(seq: number, preview: ScanPreview): void;
  scanFailed(seq: number, error: ErrorShape): void;
  importStarting(): void;
  importStarted(importId: string): void;
  importStartFailed(error: ErrorShape): void;
  importProgressed(progress: ImportProgress): void;
  importDone(importId: string, summary: ImportSummary): void;
  importFailed(importId: string, error: ErrorShape): void;
  importCancelling(): void;
  importCancelFailed(error: ErrorShape): void;
  importReset(): void;
}

export const createImportSlice: StateCreator<DeskfitState, [], [], ImportSlice> = (set, get) => {
  const update = (fn: (flow: ImportFlow) => ImportFlow) => set((s) => ({ importFlow: fn(s.importFlow) }));
  return {
    importFlow: idleImport,
    scanStarted: (folder, csv) => {
      update((f) => applyScanStarted(f, folder, csv));
      return get().importFlow.scanSeq;
    },
    scanned: (seq, preview) => update((f) => applyScanned(f, seq, preview)),
    scanFailed: (seq, error) => update((f) => applyScanFailed(f, seq, error)),
    importStarting: () => update(applyImportStarting),
    importStarted: (importId) => update((f) => applyImportStarted(f, importId)),
    importStartFailed: (error) => update((f) => applyImportStartFailed(f, error)),
    importProgressed: (progress) => update((f) => applyImportProgress(f, progress)),
    importDone: (importId, summary) => update((f) => applyImportDone(f, importId, summary)),
    importFailed: (importId, error) => update((f) => applyImportFailed(f, importId, error)),
    importCancelling: () => update(applyImportCancelling),
    importCancelFailed: (error) => update((f) => applyImportCancelFailed(f, error)),
    importReset: () => update((f) => ({ ...idleImport, scanSeq: f.scanSeq })),
  };
};
