// Whether the keyboard help overlay is open: a one-bit store shared by the `?` key, the status bar's
// button and the overlay itself. UI chrome only, so it lives beside the shell, not in the app store.
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();

function set(next: boolean): void {
  if (next === open) return;
  open = next;
  for (const listener of [...listeners]) listener();
}

export const openKeyboardHelp = (): void => set(true);
export const closeKeyboardHelp = (): void => set(false);
export const toggleKeyboardHelp = (): void => set(!open);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useKeyboardHelpOpen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => open,
    () => false,
  );
}
