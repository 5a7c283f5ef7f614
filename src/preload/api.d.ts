// The renderer's view of what the preload exposes. Typed from the contract, never `unknown`.
import type { Api } from '../shared/contract';

declare global {
  interface Window {
    /** Present only inside the Electron app; in a browser the renderer talks WebSocket instead. */
    api?: Api;
  }
}
export {};
