/**
 * Binds every contract request to an Electron IPC handler. Each call checks the sending frame
 * against the app's own origin, then goes through the service's one validating door. Replies are
 * plain `{ok, value}` / `{ok: false, error}` envelopes, since IPC would flatten thrown errors.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { requestNames } from '../../shared/contract';
import type { Reply } from '../../shared/wire';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Reply>): void;
  removeHandler(channel: string): void;
}

export interface IpcBindings {
  ipcMain: IpcMainLike;
  dispatch(channel: string, input: unknown): Promise<Reply>;
  isTrustedSender(url: string | undefined): boolean;
}

export function registerIpcHandlers({ ipcMain, dispatch, isTrustedSender }: IpcBindings): () => void {
  for (const channel of requestNames) {
    ipcMain.handle(channel, async (event, input) => {
      const frameUrl = event.senderFrame?.url;
      if (!isTrustedSender(frameUrl)) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: `Refused ${channel}: the request did not come from the deskfit app.`,
          },
        };
      }
      return dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of requestNames) ipcMain.removeHandler(channel);
  };
}
