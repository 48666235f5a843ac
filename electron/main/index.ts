// The Electron main process: a thin shell that opens the window with the secure settings and
// denies everything a page should not do. Everything else lives in the plain-Node core.
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { join } from 'node:path';
import { CasedeskApiCore } from '../core/api/casedesk-api';
import { isSafeExternalUrl } from '../core/external-url';
import { CaseStore } from '../core/store/case-store';
import { registerIpc } from './ipc';
import { CONTENT_SECURITY_POLICY, secureWindowOptions } from './window-options';

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    const store = CaseStore.open(join(app.getPath('userData'), 'casedesk.db'), { create: true });
    const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
    registerIpc(ipcMain, new CasedeskApiCore(store), devUrl ? [new URL(devUrl).origin] : ['file://'], (line) => console.error(line));
    app.on('will-quit', () => store.close());
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
