// What the app and the service report about themselves: versions, and the doctor's backend report.
import type { StateCreator } from 'zustand';
import type { AppInfo, DoctorReport } from '../../../shared/contract';
import type { ErrorShape } from '../../../shared/errors';
import type { DeskfitState } from './types';

export interface AppState {
  info: AppInfo | null;
  doctor: DoctorReport | null;
  loading: boolean;
  error: ErrorShape | null;
}

export interface AppSlice {
  app: AppState;
  appLoadStarted(): void;
  appLoaded(info: AppInfo, doctor: DoctorReport): void;
  appLoadFailed(error: ErrorShape): void;
}

export const initialApp: AppState = { info: null, doctor: null, loading: false, error: null };

export const createAppSlice: StateCreator<DeskfitState, [], [], AppSlice> = (set) => ({
  app: initialApp,
  appLoadStarted: () => set((s) => ({ app: { ...s.app, loading: true, error: null } })),
  appLoaded: (info, doctor) => set({ app: { info, doctor, loading: false, error: null } }),
  // Keep what was loaded before: a failed refresh should not blank the page.
  appLoadFailed: (error) => set((s) => ({ app: { ...s.app, loading: false, error } })),
});
