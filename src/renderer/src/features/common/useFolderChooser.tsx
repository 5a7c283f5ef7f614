// Asks the user for a folder: the native dialog in the desktop app (`fs:pickFolder`), else (a browser,
// which cannot see the service's disk) the folder picker dialog that browses through `fs:list`.
import { useCallback, useState, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { FolderPickerDialog } from './FolderPickerDialog';

interface PickRequest {
  purpose: string;
  initialDir: string | undefined;
  resolve(path: string | null): void;
}

export interface FolderChooser {
  /** Resolves with the chosen folder, or null when the user cancelled. */
  choose(purpose: string, initialDir?: string): Promise<string | null>;
  /** Render this somewhere in the page: the picker dialog while it is open. */
  dialog: ReactNode;
}

export function useFolderChooser(): FolderChooser {
  const api = useApi();
  const [request, setRequest] = useState<PickRequest | null>(null);

  const choose = useCallback(
    async (purpose: string, initialDir?: string): Promise<string | null> => {
      try {
        const picked = await api.invoke('fs:pickFolder', {});
        if (picked.supported) return picked.path;
      } catch {
        // No native dialog on this side: browse the service's folders instead.
      }
      return new Promise<string | null>((resolve) => setRequest({ purpose, initialDir, resolve }));
    },
    [api],
  );

  const dialog =
    request === null ? null : (
      <FolderPickerDialog
        purpose={request.purpose}
        initialDir={request.initialDir}
        onChoose={(path) => {
          setRequest(null);
          request.resolve(path);
        }}
        onCancel={() => {
          setRequest(null);
          request.resolve(null);
        }}
      />
    );

  return { choose, dialog };
}
