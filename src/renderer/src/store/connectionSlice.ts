// The state of the link to the service, shown in the status bar. Electron's IPC is always connected.
import type { StateCreator } from 'zustand';
import type { ConnectionStatus } from '../api/wsClient';
import type { DeskfitState } from './types';

export type ConnectionSlice = {
  connection: ConnectionStatus;
  setConnection(status: ConnectionStatus): void;
};

export const initialConnection: ConnectionStatus = { state: 'connecting', failedAttempts: 0 };

export const createConnectionSlice: StateCreator<DeskfitState, [], [], ConnectionSlice> = (set) => ({
  connection: initialConnection,
  setConnection: (connection) => set({ connection }),
});
