// The renderer's view of what the preload exposes. Typed from the contract, never `unknown`.
import type { Api } from '../shared/contract';

/** What only the desktop app can do, beyond the contract. */
export interface DesktopExtras {
  /** The real path of a file or folder dropped on the page (Electron's webUtils). */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    /** Present only inside the Electron app; in a browser the renderer talks WebSocket instead. */
    api?: Api & DesktopExtras;
  }
}
export {};
