/**
 * The sandboxed preload: exposes `window.api` (the contract's `Api`) and nothing else. No raw
 * ipcRenderer reaches the page; only channels named in the contract pass; errors come back as plain
 * `{code, message, details?}` objects (contextBridge drops custom fields of thrown Errors).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { apiGlobalName, eventChannels, eventIpcChannel, requestChannels } from '../shared/channels';

const requestSet = new Set<string>(requestChannels);
const eventSet = new Set<string>(eventChannels);

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; details?: unknown };
}

const api = {
  async invoke(channel: string, input: unknown): Promise<unknown> {
    if (!requestSet.has(channel)) {
      throw { code: 'UNKNOWN_CHANNEL', message: `Unknown request channel ${JSON.stringify(channel)}.` };
    }
    const reply = (await ipcRenderer.invoke(channel, input)) as Envelope;
    if (reply.ok) return reply.value;
    throw reply.error ?? { code: 'INTERNAL', message: 'The app returned no reply.' };
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!eventSet.has(event))
      throw { code: 'UNKNOWN_CHANNEL', message: `Unknown event ${JSON.stringify(event)}.` };
    const handler = (_event: IpcRendererEvent, message: { channel: string; payload: unknown }) => {
      if (message.channel === event) listener(message.payload);
    };
    ipcRenderer.on(eventIpcChannel, handler);
    return () => {
      ipcRenderer.removeListener(eventIpcChannel, handler);
    };
  },
  /** The path of a dropped file or folder: a sandboxed page cannot learn it by itself. */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld(apiGlobalName, api);
