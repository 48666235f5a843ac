// Screenshots in the desktop app, with a fake desktopCapturer (Electron cannot run here): the
// screens and windows listed with small pictures, the one chosen captured at full size as PNG,
// through the IPC handlers' sender check; a window gone or captured empty refused in words; and
// the browser host's core naming paste and drop instead.
import { describe, expect, it, vi } from 'vitest';
import { CasedeskApiCore } from '../../../electron/core/api/casedesk-api';
import { CaseStore } from '../../../electron/core/store/case-store';
import { onePixelPng } from '../../support/sample-files';
import { tempDbPath } from '../../support/temp-db';

vi.mock('electron', () => ({})); // only types are used; the real module cannot load under Node

const { registerIpc } = await import('../../../electron/main/ipc');
const { screenCaptureHandlers } = await import('../../../electron/main/screen-capture');

const APP_PAGE = 'file:///opt/casedesk/resources/app.asar/out/renderer/index.html';

function picture(png: Buffer, size = { width: 1, height: 1 }) {
  return { toDataURL: () => `data:image/png;base64,${png.toString('base64')}`, toPNG: () => png, isEmpty: () => png.length === 0, getSize: () => size };
}

function fakeCapturer() {
  const asked: { types: string[]; thumbnailSize: { width: number; height: number } }[] = [];
  const desktopCapturer = {
    getSources: async (options: { types: string[]; thumbnailSize: { width: number; height: number } }) => {
      asked.push(options);
      return [
        { id: 'screen:0:0', name: 'Entire screen', thumbnail: picture(onePixelPng, { width: 2560, height: 1440 }) },
        { id: 'window:42:0', name: 'Terminal — mailq', thumbnail: picture(onePixelPng) },
        { id: 'window:7:0', name: 'Minimised', thumbnail: picture(Buffer.alloc(0)) },
      ];
    },
  };
  return { desktopCapturer: desktopCapturer as never, asked };
}

function ipcWith(capturer: ReturnType<typeof fakeCapturer>) {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  registerIpc(
    { handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, handler) } as never,
    new CasedeskApiCore(CaseStore.open(tempDbPath(), { create: true })),
    [APP_PAGE],
    () => undefined,
    screenCaptureHandlers({ desktopCapturer: capturer.desktopCapturer, fullSize: () => ({ width: 2560, height: 1440 }) }),
  );
  const top = { senderFrame: { url: APP_PAGE, parent: null } };
  return { call: (channel: string, input: unknown, from: unknown = top) => handlers.get(channel)!(from, input) };
}

describe('screenshots in the desktop app', () => {
  it('lists screens and windows with small pictures, and captures the one chosen at full size as PNG', async () => {
    const capturer = fakeCapturer();
    const { call } = ipcWith(capturer);
    expect(await call('screen:sources', {})).toEqual({
      ok: true,
      value: [
        { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: `data:image/png;base64,${onePixelPng.toString('base64')}` },
        { id: 'window:42:0', name: 'Terminal — mailq', kind: 'window', thumbnail: expect.stringMatching(/^data:image\/png;base64,/) },
        { id: 'window:7:0', name: 'Minimised', kind: 'window', thumbnail: expect.any(String) },
      ],
    });
    expect(capturer.asked[0]).toMatchObject({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 200 } });
    expect(await call('screen:capture', { id: 'screen:0:0' })).toEqual({ ok: true, value: { png: onePixelPng.toString('base64'), width: 2560, height: 1440 } });
    expect(capturer.asked[1]!.thumbnailSize).toEqual({ width: 2560, height: 1440 });
  });

  it('refuses a window that is gone, one captured empty, and a page that is not the app’s', async () => {
    const { call } = ipcWith(fakeCapturer());
    expect(await call('screen:capture', { id: 'window:99:0' })).toEqual({ ok: false, error: 'that screen or window is gone: choose again', kind: 'request' });
    expect(await call('screen:capture', { id: 'window:7:0' })).toMatchObject({ ok: false, error: expect.stringContaining('nothing could be captured of "Minimised"') });
    expect(await call('screen:capture', {})).toMatchObject({ ok: false, error: 'which screen or window to capture' });
    expect(await call('screen:sources', {}, { senderFrame: { url: 'https://evil.example/', parent: null } })).toMatchObject({ ok: false, error: 'refused: this page may not use Casedesk' });
  });

  it('is refused by the core itself (the browser host), which names paste and drop instead', async () => {
    const core = new CasedeskApiCore(CaseStore.open(tempDbPath(), { create: true }));
    expect(await core.call('screen:sources', {})).toEqual({
      ok: false,
      error: 'taking a screenshot needs the desktop app: here, paste one (Ctrl+V) or drop the picture on the case',
      kind: 'request',
    });
  });
});
