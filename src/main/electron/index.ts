/**
 * The Electron app: a thin shell around the service. It serves the renderer from a custom protocol
 * with a strict CSP, binds the contract to IPC with sender checks, runs training in a utility
 * process, and denies every navigation, new window, webview and permission request.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { eventIpcChannel } from '../../shared/channels';
import { securityHeaders } from '../server/securityHeaders';
import { contentTypeFor, resolveStaticFile } from '../server/staticFiles';
import { isMediaPath, serveMedia } from '../service/media';
import { createService, type Service } from '../service/service';
import { registerIpcHandlers } from './ipcRegistry';
import { utilityTrainer } from './utilityTransport';
import {
  appHost,
  appScheme,
  appStartUrl,
  isAllowedNavigation,
  isExternalHttpLink,
  isTrustedSenderUrl,
  mainWindowOptions,
} from './windowOptions';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
/** Set by `electron-vite dev` only; production always uses the app protocol. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let service: Service | undefined;

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? appStartUrl);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalHttpLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

void app.whenReady().then(() => {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host === appHost && isMediaPath(url.pathname) && service) {
      const media = await serveMedia(service.projects, url.pathname + url.search);
      return media
        ? new Response(new Uint8Array(media.body), {
            headers: {
              ...securityHeaders,
              'Content-Type': media.contentType,
              'Cache-Control': media.cacheControl,
            },
          })
        : new Response('Not found', { status: 404 });
    }
    const file = url.host === appHost ? resolveStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file), {
      headers: { ...securityHeaders, 'Content-Type': contentTypeFor(file) },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const running = createService({
    mode: 'electron',
    pickFolder: async () => {
      const owner = BrowserWindow.getFocusedWindow();
      const options = { title: 'Import a folder of images', properties: ['openDirectory' as const] };
      const picked = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    electronVersion: process.versions.electron,
    spawnTrainer: utilityTrainer(join(here, 'trainer.js')),
  });
  service = running;
  registerIpcHandlers({
    ipcMain,
    dispatch: (channel, input) => running.dispatch(channel, input),
    isTrustedSender: (url) => isTrustedSenderUrl(url, devServerUrl),
  });
  running.events.onAny((channel, payload) => {
    for (const win of BrowserWindow.getAllWindows())
      win.webContents.send(eventIpcChannel, { channel, payload });
  });

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => void service?.dispose());
