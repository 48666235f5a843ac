// The Electron main process: a thin shell that opens the window with the secure settings and
// denies everything a page should not do. Everything else lives in the plain-Node core, which
// runs in a worker thread of its own (electron/core/thread): whatever it does, this process —
// and so the window — stays free. The shell keeps what only it can: the OS keychain, native
// notifications, the window, and passes the core's events to the page.
import { app, BrowserWindow, desktopCapturer, ipcMain, Menu, nativeImage, Notification, powerMonitor, protocol, safeStorage, screen, session, shell, Tray } from 'electron';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CASE_LINK_EVENT, CASE_LINK_READY, CORE_EVENT, STREAM_KEY_CHANNEL } from '../../shared/ipc/channels';
import { STREAM_SCHEME, STREAM_SCHEME_PRIVILEGES, streamProtocolHandler } from './stream-protocol';
import type { CoreApi } from '../core/api/casedesk-api';
import { caseIdOfArgv, caseIdOfLink, pageAckOfArgv, pageAckOfLink } from '../core/case-link';
import { loadWindowState, saveWindowState } from '../core/window-state';
import { isSafeExternalUrl } from '../core/external-url';
import { CoreThread } from '../core/thread/core-thread';
import { APP_ID } from './app-id';
import { nativeNotifications } from './notifications';
import { alertTray, type AlertsSummary } from './tray';
import { keychainVault } from './token-vault';
import { isTrustedSender, registerIpc } from './ipc';
import { CONTENT_SECURITY_POLICY, secureWindowOptions } from './window-options';
import { screenCaptureHandlers } from './screen-capture';

let mainWindow: BrowserWindow | null = null;
/** This run's key, carried by the Acknowledge links of its Windows toasts: no other link acknowledges a page. */
const ackKey = randomBytes(24).toString('base64url');
/** Acknowledge a page (once the core is up); the page's case opens when it cannot be. */
let acknowledgePage: (caseId: string) => void = () => undefined;

/** A case link, or a toast's Acknowledge link (acknowledged when it carries this run's key, else only opened). */
function followLink(url: string | null, argv?: readonly string[]): void {
  const ack = argv ? pageAckOfArgv(argv, ackKey) : url ? pageAckOfLink(url, ackKey) : null;
  if (ack?.acknowledge) acknowledgePage(ack.caseId);
  else if (ack) openLink(ack.caseId);
  else openLink(argv ? caseIdOfArgv(argv) : url ? caseIdOfLink(url) : null);
}

/**
 * The core thread's entry, built beside this file (electron.vite.config.ts). Run from the
 * sources (development, tests), CASEDESK_CORE_WORKER may name another build of it — the command
 * line's bundle serves too.
 */
function coreWorkerScript(): string {
  const given = !app.isPackaged ? process.env.CASEDESK_CORE_WORKER : undefined;
  return given ?? join(import.meta.dirname, 'core-worker.js');
}
// (Started by a toast's Acknowledge of an earlier run: its key is not this run's, so the case opens.)
let pendingLink: string | null = caseIdOfArgv(process.argv) ?? pageAckOfArgv(process.argv, ackKey)?.caseId ?? null;
/** Whether the page listens for case links yet (it says so once it does). */
let pageListens = false;

/** Bring the window forward (opening it again if it was closed to the tray). */
function showWindow(): void {
  if (!app.isReady()) return;
  if (!mainWindow) {
    mainWindow = createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

/** Bring the window forward and open the linked case in it (once the page listens). */
function openLink(id: string | null): void {
  if (!id) return;
  if (!mainWindow || !pageListens) {
    pendingLink = id;
    if (!mainWindow) showWindow();
    return;
  }
  showWindow();
  mainWindow.webContents.send(CASE_LINK_EVENT, id);
}

function createWindow(): BrowserWindow {
  const statePath = join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(statePath, screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow({
    ...secureWindowOptions(join(import.meta.dirname, '../preload/index.cjs')),
    ...(saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : {}),
  });
  if (saved?.maximized) window.maximize();
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds();
    saveWindowState(statePath, { x, y, width, height, maximized: window.isMaximized() });
  });
  // A reload starts a page that does not listen yet.
  window.webContents.on('did-start-loading', () => (pageListens = false));
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // The page never navigates away; a link the OS may open (https, a checked mailto:) goes there.
  window.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  });
  window.once('ready-to-show', () => window.show());
  // Closed, Casedesk stays in the tray: alerts still come, and a click on one opens a new window.
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    pageListens = false;
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAsDefaultProtocolClient('casedesk');
  // Windows shows (and lets a click come back from) notifications of this id only.
  app.setAppUserModelId(APP_ID);
  // A case link while Casedesk runs: Windows and Linux start a second instance with it…
  app.on('second-instance', (_event, argv) => followLink(null, argv));
  // …macOS hands it to the running one.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    followLink(url);
  });
  protocol.registerSchemesAsPrivileged([{ scheme: STREAM_SCHEME, privileges: STREAM_SCHEME_PRIVILEGES }]);
  void app.whenReady().then(() => {
    // Casedesk uses no permission (camera, geolocation, notifications from the page…): asked or
    // merely checked, the answer is no.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
    const appPages = devUrl ? [new URL(devUrl).origin] : [pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href];
    const log = (line: string) => console.error(line);
    // The core (store, sync) in its thread; the sync's token is kept by the OS keychain here, and
    // its pages and alerts become native notifications.
    const vault = keychainVault(safeStorage, join(app.getPath('userData'), 'sync-token.bin'), log);
    const notifications = nativeNotifications(Notification, (caseId) => openLink(caseId), process.platform, { acknowledge: (caseId) => acknowledgePage(caseId), key: ackKey });
    const starting = CoreThread.start(
      coreWorkerScript(),
      {
        dbPath: join(app.getPath('userData'), 'casedesk.db'),
        create: true,
        vault: { kind: 'host', token: vault.load(), secure: vault.secure },
        // Built beside the core's thread (electron.vite.config.ts).
        logSearchWorker: join(import.meta.dirname, 'log-search-worker.js'),
      },
      {
        saveToken: (token) => vault.save(token),
        clearToken: () => vault.clear(),
        page: (notice) => notifications.page(notice),
        silencePage: (caseId) => notifications.silence(caseId),
        log,
      },
    );
    // Acknowledged from a notification: recorded on the case and sent; refused (already answered,
    // the case not here yet), the case opens and says why there.
    acknowledgePage = (caseId) =>
      void starting
        .then((thread) => thread.call('page:ack', { caseId }))
        .then((answer) => {
          if (answer.ok) return;
          log(`the page of case ${caseId} was not acknowledged: ${answer.error}`);
          openLink(caseId);
        });
    // The tray: the cases at risk, a mute, and Casedesk still running with its window closed.
    const setAlerts = (input: { muteFor: number }) =>
      void starting.then((thread) => thread.call('alerts:set', input)).then((answer) => answer.ok && tray.update(answer.value as AlertsSummary));
    const tray = alertTray(
      {
        createTray: (image) => new Tray(image),
        buildMenu: (template) => Menu.buildFromTemplate(template),
        image: (pixels, size) => nativeImage.createFromBitmap(pixels, { width: size, height: size }),
        badge: (count, image) => {
          app.setBadgeCount(count);
          if (process.platform === 'win32') mainWindow?.setOverlayIcon(image, count > 0 ? `${count} at risk` : '');
        },
      },
      { open: showWindow, mute: (ms) => setAlerts({ muteFor: ms }), unmute: () => setAlerts({ muteFor: 0 }), quit: () => app.quit() },
      (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    );
    starting.then(
      (core) => {
        core.onEvent((event) => {
          mainWindow?.webContents.send(CORE_EVENT, event);
          if (event.type === 'alert') notifications.alert(event.notice);
          else if (event.type === 'alerts-status') tray.update(event.summary);
        });
        void core.call('alerts:get', {}).then((answer) => answer.ok && tray.update(answer.value as AlertsSummary));
        // Asleep, no timer fired: the alerts catch up on waking.
        powerMonitor.on('resume', () => core.resumed());
      },
      (err: unknown) => log(`Casedesk could not open its database: ${(err as Error).message}`),
    );
    // The window opens at once; its first calls wait for the core to have opened the database.
    const core: CoreApi = {
      call: (channel, input) =>
        starting.then(
          (thread) => thread.call(channel, input),
          (err: unknown) => ({ ok: false, error: `Casedesk could not open its database: ${(err as Error).message}`, kind: 'internal' }),
        ),
      onEvent: () => () => undefined,
      async *download(stream, input) {
        yield* (await starting).download(stream, input);
      },
      upload: (stream, input, body) =>
        starting.then(
          (thread) => thread.upload(stream, input, body),
          (err: unknown) => ({ ok: false, error: `Casedesk could not open its database: ${(err as Error).message}`, kind: 'internal' }),
        ),
    };
    // Files to and from the core go as streams of their own, outside IPC's messages.
    const streamKey = randomBytes(24).toString('base64url');
    protocol.handle(STREAM_SCHEME, streamProtocolHandler(core, streamKey));
    ipcMain.handle(STREAM_KEY_CHANNEL, (event) => (isTrustedSender(event, appPages) ? streamKey : null));
    // Screenshots at the size of the largest display, in device pixels.
    const fullSize = () => {
      const largest = screen.getAllDisplays().reduce((a, b) => (a.size.width * a.scaleFactor * a.size.height > b.size.width * b.scaleFactor * b.size.height ? a : b));
      return { width: Math.round(largest.size.width * largest.scaleFactor), height: Math.round(largest.size.height * largest.scaleFactor) };
    };
    registerIpc(ipcMain, core, appPages, log, screenCaptureHandlers({ desktopCapturer, fullSize }));
    ipcMain.on(CASE_LINK_READY, (event) => {
      if (!isTrustedSender(event, appPages)) return;
      pageListens = true;
      const link = pendingLink;
      pendingLink = null;
      openLink(link);
    });
    // A sync in flight finishes its transaction before the database closes.
    let closing = false;
    app.on('will-quit', (event) => {
      if (closing) return;
      closing = true;
      event.preventDefault();
      void starting
        .then((thread) => thread.close())
        .catch(() => undefined)
        .finally(() => app.quit());
    });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });
  // With its window closed Casedesk keeps running in the tray (Quit is in the tray's menu).
  app.on('window-all-closed', () => undefined);
}
