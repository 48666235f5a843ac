// The Electron main process with the `electron` module faked (the binary cannot run here): it
// takes the single-instance lock, opens one secure window, denies what a page must not do, wires
// the IPC contract, and opens followed case links.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../support/run-casedesk';
import { CHANNELS } from '../../../shared/ipc/contract';
import { casePageOf } from '../../../shared/oncall/case-pages';
import { applyMutation } from '../../../electron/core/store/apply-mutation';
import { newCase, SyncWorld } from '../../support/sync-world';
import { tempDbPath } from '../../support/temp-db';

type Listener = (...args: any[]) => unknown;

function fakeElectron(lock = true) {
  const appEvents = new Map<string, Listener>();
  const ipcEvents = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  const notifications: { options: { title: string; body: string; actions?: unknown }; listeners: Map<string, Listener>; closed: boolean }[] = [];
  const trays: { menu: { label?: string }[]; tooltip: string }[] = [];
  const powerEvents = new Map<string, Listener>();
  const userData = mkdtempSync(join(tmpdir(), 'casedesk-electron-'));
  class FakeWindow {
    events = new Map<string, Listener>();
    contentsEvents = new Map<string, Listener>();
    openHandler: Listener | null = null;
    sent: [string, unknown][] = [];
    loaded: string | null = null;
    constructor(readonly options: any) {
      windows.push(this);
    }
    webContents = {
      setWindowOpenHandler: (h: Listener) => (this.openHandler = h),
      on: (event: string, h: Listener) => this.contentsEvents.set(event, h),
      isLoading: () => false,
      send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
    };
    once(event: string, h: Listener) {
      this.events.set(event, h);
    }
    setOverlayIcon() {}
    on(event: string, h: Listener) {
      this.events.set(event, h);
    }
    loadFile(path: string) {
      this.loaded = path;
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 10, width: 1200, height: 800 };
    }
    static getAllWindows() {
      return windows;
    }
  }
  const fake = {
    app: {
      requestSingleInstanceLock: () => lock,
      quit: vi.fn(),
      whenReady: () => Promise.resolve(),
      getPath: () => userData,
      // Run from the sources: the core's thread is the built command line's (CASEDESK_CORE_WORKER).
      isPackaged: false,
      setAsDefaultProtocolClient: vi.fn(),
      setAppUserModelId: vi.fn(),
      setBadgeCount: vi.fn(),
      isReady: () => true,
      on: (event: string, h: Listener) => appEvents.set(event, h),
    },
    BrowserWindow: FakeWindow,
    ipcMain: { handle: vi.fn(), on: (channel: string, h: Listener) => ipcEvents.set(channel, h) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        permission: null as Listener | null,
        headers: null as Listener | null,
        setPermissionRequestHandler(h: Listener) {
          this.permission = h;
        },
        permissionCheck: null as Listener | null,
        setPermissionCheckHandler(h: Listener) {
          this.permissionCheck = h;
        },
        webRequest: {
          onHeadersReceived: (h: Listener) => (fake.session.defaultSession.headers = h),
        },
      },
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => Buffer.from(text).reverse(),
      decryptString: (data: Buffer) => Buffer.from(data).reverse().toString(),
    },
    Notification: class {
      listeners = new Map<string, Listener>();
      closed = false;
      constructor(readonly options: { title: string; body: string; actions?: unknown }) {}
      on(event: string, h: Listener) {
        this.listeners.set(event, h);
      }
      show() {
        notifications.push(this);
      }
      close() {
        this.closed = true;
        this.listeners.get('close')?.();
      }
    },
    Tray: class {
      constructor(readonly image: unknown) {
        trays.push(this);
      }
      menu: { label?: string }[] = [];
      tooltip = '';
      setToolTip(t: string) {
        this.tooltip = t;
      }
      setContextMenu(m: { label?: string }[]) {
        this.menu = m;
      }
      setImage() {}
      on() {}
      destroy() {}
    },
    Menu: { buildFromTemplate: (template: unknown[]) => template },
    nativeImage: { createFromBitmap: (pixels: Buffer, size: unknown) => ({ pixels, size }) },
    powerMonitor: { on: (event: string, h: Listener) => powerEvents.set(event, h) },
    desktopCapturer: { getSources: vi.fn(async () => []) },
  };
  return { fake, appEvents, ipcEvents, windows, notifications, trays, powerEvents };
}

const started: ReturnType<typeof fakeElectron>[] = [];

async function startMain(lock = true) {
  vi.resetModules();
  vi.stubEnv('CASEDESK_CORE_WORKER', join(repoRoot, 'out/cli/casedesk.mjs'));
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  const electron = fakeElectron(lock);
  started.push(electron);
  vi.doMock('electron', () => electron.fake);
  await import('../../../electron/main/index');
  await new Promise((r) => setTimeout(r, 0)); // let whenReady() run
  return electron;
}

beforeEach(() => vi.doUnmock('electron'));
// Each main process started its core's thread: quit it, as the app does.
afterEach(async () => {
  for (const electron of started.splice(0)) {
    const quit = electron.appEvents.get('will-quit');
    if (!quit) continue;
    quit({ preventDefault: () => undefined });
    await vi.waitFor(() => expect(electron.fake.app.quit).toHaveBeenCalled(), { timeout: 20_000 });
  }
  vi.unstubAllEnvs();
});

describe('the main process', () => {
  it('quits when another Casedesk already runs', async () => {
    const { fake, windows } = await startMain(false);
    expect(fake.app.quit).toHaveBeenCalled();
    expect(windows).toHaveLength(0);
  });

  it('opens one window with the secure settings, and registers the casedesk:// scheme', async () => {
    const { fake, windows } = await startMain();
    expect(windows).toHaveLength(1);
    expect(windows[0]!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(windows[0]!.loaded).toMatch(/out\/renderer\/index\.html$|renderer\/index\.html$/);
    expect(fake.app.setAsDefaultProtocolClient).toHaveBeenCalledWith('casedesk');
    expect(fake.ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual([...CHANNELS, 'stream:key'].sort());
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'casedesk-stream', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    expect(fake.protocol.handle).toHaveBeenCalledWith('casedesk-stream', expect.any(Function));
  });

  it('denies permissions, navigation and new windows; https links go to the system browser', async () => {
    const { fake, windows } = await startMain();
    const permission = vi.fn();
    fake.session.defaultSession.permission!({}, 'media', permission);
    expect(permission).toHaveBeenCalledWith(false);
    for (const asked of ['media', 'notifications', 'geolocation', 'clipboard-read']) expect(fake.session.defaultSession.permissionCheck!({}, asked, 'file:///', {})).toBe(false);
    const event = { preventDefault: vi.fn() };
    windows[0]!.contentsEvents.get('will-navigate')!(event, 'file:///etc/passwd');
    expect(event.preventDefault).toHaveBeenCalled();
    // "Open in mail": a checked mailto: link goes to the mail program; one that adds a recipient does not.
    const mail = { preventDefault: vi.fn() };
    windows[0]!.contentsEvents.get('will-navigate')!(mail, 'mailto:bo%40acme.test?subject=Case%209RW-1');
    expect(mail.preventDefault).toHaveBeenCalled();
    windows[0]!.contentsEvents.get('will-navigate')!({ preventDefault: vi.fn() }, 'mailto:bo%40acme.test?bcc=eve%40evil.test');
    expect(windows[0]!.openHandler!({ url: 'https://www.xecuritas.com/support' })).toEqual({ action: 'deny' });
    expect(windows[0]!.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal.mock.calls).toEqual([['mailto:bo%40acme.test?subject=Case%209RW-1'], ['https://www.xecuritas.com/support']]);
  });

  it('sends its content security policy with every response', async () => {
    const { fake } = await startMain();
    const callback = vi.fn();
    fake.session.defaultSession.headers!({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders;
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy'][0]).toContain("script-src 'self'");
  });

  it('opens the case of a link followed while it runs, once the page listens', async () => {
    const { appEvents, ipcEvents, windows } = await startMain();
    appEvents.get('second-instance')!({}, ['/opt/casedesk/casedesk', 'casedesk://case/C-1001']);
    expect(windows[0]!.sent).toEqual([]); // the page does not listen yet: the link waits
    ipcEvents.get('case:links-ready')!({ senderFrame: { url: 'https://evil.example/', parent: null } });
    expect(windows[0]!.sent).toEqual([]); // only the app's own page may say so
    ipcEvents.get('case:links-ready')!({ senderFrame: { url: pathToFileURL(windows[0]!.loaded!).href, parent: null } });
    const openUrl = { preventDefault: vi.fn() };
    appEvents.get('open-url')!(openUrl, 'casedesk://case/7KQ-12');
    appEvents.get('second-instance')!({}, ['/opt/casedesk/casedesk', 'https://not-a-case']);
    expect(windows[0]!.sent).toEqual([
      ['case:open-link', 'C-1001'],
      ['case:open-link', '7KQ-12'],
    ]);
    expect(openUrl.preventDefault).toHaveBeenCalled();
  });

  it("runs the core in its own thread: calls are answered from it, and its events reach the window", async () => {
    const { fake, windows } = await startMain();
    const handler = (channel: string) => fake.ipcMain.handle.mock.calls.find((c) => c[0] === channel)![1] as (event: unknown, input: unknown) => Promise<unknown>;
    const page = { senderFrame: { url: pathToFileURL(windows[0]!.loaded!).href, parent: null } };
    const created = (await handler('case:create')(page, { severity: 2, channel: 'phone', company: 'Acme', summary: 'mail stuck', engineer: 'Ann', details: {} })) as any;
    expect(created).toMatchObject({ ok: true, value: { id: expect.any(String), number: expect.any(String) } });
    await vi.waitFor(() => expect(windows[0]!.sent).toContainEqual(['core:event', { type: 'cases-changed', caseIds: [created.value.id] }]));
    expect(await handler('queue:counts')(page, {})).toMatchObject({ ok: true, value: { all: 1 } });
    // A failure of the core itself travels as an answer, as over the browser host.
    expect(await handler('case:get')(page, { idOrNumber: '' })).toMatchObject({ ok: false, kind: 'request' });
    // Files go by casedesk-stream:, with a key only the app's own page is given.
    const key = (await handler('stream:key')(page, undefined)) as string;
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await handler('stream:key')({ senderFrame: { url: 'https://evil.example/', parent: null } }, undefined)).toBeNull();
    const stream = fake.protocol.handle.mock.calls[0]![1] as (request: Request) => Promise<Response>;
    const url = 'casedesk-stream://app/cases%3Aexport?input=%7B%7D';
    expect((await stream(new Request(url))).status).toBe(401);
    const exported = await stream(new Request(url, { headers: { Authorization: `Bearer ${key}` } }));
    expect(JSON.parse(await exported.text()).cases.map((c: { id: string }) => c.id)).toEqual([created.value.id]);
  });

  it("pops up an alert of a case nearing its due instant; a click opens the case, also once the window was closed; the tray counts it", async () => {
    const { fake, windows, notifications, trays, ipcEvents, powerEvents } = await startMain();
    expect(fake.app.setAppUserModelId).toHaveBeenCalledWith('com.xecuritas.casedesk');
    const handler = (channel: string) => fake.ipcMain.handle.mock.calls.find((c) => c[0] === channel)![1] as (event: unknown, input: unknown) => Promise<unknown>;
    const page = { senderFrame: { url: pathToFileURL(windows[0]!.loaded!).href, parent: null } };
    // A Severity-1 reported 44 min 57 s ago: its response is reminded 15 min before it is due, in 3 s.
    const loggedAt = new Date(Date.now() - 45 * 60_000 + 3_000).toISOString();
    const created = (await handler('case:create')(page, { severity: 1, channel: 'phone', loggedAt, company: 'Contoso Bank', summary: 'all mail bouncing', details: {} })) as any;
    expect(created.ok).toBe(true);
    await vi.waitFor(() => expect(notifications.map((n) => n.options.title)).toEqual([`Response due in 15 min — ${created.value.number} Contoso Bank, Severity-1`]), { timeout: 15_000, interval: 100 });
    await vi.waitFor(() => expect(trays[0]!.tooltip).toBe('Casedesk — 1 case at risk'), { timeout: 5_000 });
    expect(fake.app.setBadgeCount).toHaveBeenLastCalledWith(1);
    ipcEvents.get('case:links-ready')!(page);
    notifications[0]!.listeners.get('click')!();
    expect(windows[0]!.sent).toContainEqual(['case:open-link', created.value.id]);
    // The window closed, Casedesk stays in the tray; a click opens a window on the case.
    windows[0]!.events.get('closed')!();
    notifications[0]!.listeners.get('click')!();
    expect(windows).toHaveLength(2);
    expect(powerEvents.has('resume')).toBe(true);
  });

  it("pops up a Severity-1 page whose Acknowledge button acknowledges it at the server; a page acknowledged elsewhere is taken away", async () => {
    const world = await SyncWorld.start({ sqlite: tempDbPath('central.db') }, new Date().toISOString());
    try {
      const mo = world.desktop('Mo', 'manager');
      newCase(mo, 'C-1', { summary: 'all mail bouncing' }, 1);
      newCase(mo, 'C-2', { summary: 'no mail at all' }, 1);
      await world.sync(mo);
      const { token } = await world.server.store.addUser('Olu', 'on-call');
      const { fake, windows, notifications } = await startMain();
      const handler = (channel: string) => fake.ipcMain.handle.mock.calls.find((c) => c[0] === channel)![1] as (event: unknown, input: unknown) => Promise<any>;
      const page = { senderFrame: { url: pathToFileURL(windows[0]!.loaded!).href, parent: null } };
      expect(await handler('sync:connect')(page, { server: world.server.url, token })).toMatchObject({ ok: true, value: { user: 'Olu' } });
      await vi.waitFor(async () => expect((await handler('sync:status')(page, {})).value.online).toBe(true), { timeout: 10_000, interval: 100 });
      await world.page('C-1', ['Olu']);
      await world.page('C-2', ['Olu']);
      await vi.waitFor(() => expect(notifications.map((n) => n.options.title)).toEqual([expect.stringMatching(/^Severity 1: case \S+$/), expect.stringMatching(/^Severity 1: case \S+$/)]), { timeout: 10_000, interval: 100 });
      expect(notifications[0]!.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }]);
      notifications[0]!.listeners.get('action')!({}, 0);
      const serverPage = async (id: string) => casePageOf((await world.server.store.snapshots(world.server.store.db, [id]))[0]!.record);
      await vi.waitFor(async () => expect((await serverPage('C-1'))?.acknowledged?.by).toBe('Olu'), { timeout: 10_000, interval: 100 });
      // C-2 is acknowledged by Mo on his desktop: the sync brings it here and the notification goes.
      await world.sync(mo);
      applyMutation(mo, 'acknowledgePage', { caseId: 'C-2', at: new Date().toISOString(), author: 'Mo' });
      await world.sync(mo);
      await vi.waitFor(() => expect(notifications[1]!.closed).toBe(true), { timeout: 10_000, interval: 100 });
      expect((await handler('sync:status')(page, {})).value.pages).toEqual([]);
    } finally {
      await world.close();
    }
  });

  it('lets a sync in flight finish before the database closes on quit', async () => {
    const { fake, appEvents } = await startMain();
    const event = { preventDefault: vi.fn() };
    appEvents.get('will-quit')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled(), { timeout: 10_000 }); // the core's thread closes its database first: slower on a busy machine
    const again = { preventDefault: vi.fn() };
    appEvents.get('will-quit')!(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('remembers the window size and position when it closes', async () => {
    const { fake, windows } = await startMain();
    windows[0]!.events.get('close')!();
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(join(fake.app.getPath(), 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 10, width: 1200, height: 800, maximized: false });
  });
});
