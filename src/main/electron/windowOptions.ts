/**
 * The main window's options, as a pure function so a unit test can check every security setting
 * without starting Electron (Electron's security checklist: isolation, sandbox, no Node in pages).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export const appScheme = 'app';
export const appHost = 'deskfit';
export const appOrigin = `${appScheme}://${appHost}`;
export const appStartUrl = `${appOrigin}/index.html`;

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'deskfit',
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Only the app's own pages (or the dev server, in development) may call the service. */
export function isTrustedSenderUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${appScheme}:` && parsed.host === appHost) return true;
  if (devServerUrl) {
    try {
      return parsed.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** Navigation away from the app is never allowed; links to the web open in the user's browser. */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  return isTrustedSenderUrl(url, devServerUrl);
}

export function isExternalHttpLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}
