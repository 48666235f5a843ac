// The IPC handlers with a fake ipcMain and fake senders: the app's own top frame is answered,
// a wrong origin and a sub-frame are refused, and bad arguments get the core's message.
import { vi, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import { CasedeskApiCore } from '../../../electron/core/api/casedesk-api';
import { CaseStore } from '../../../electron/core/store/case-store';
import { tempDbPath } from '../../support/temp-db';

vi.mock('electron', () => ({})); // only types are used; the real module cannot load under Node

const { registerIpc } = await import('../../../electron/main/ipc');

type Handler = (event: unknown, input: unknown) => unknown;
const APP_PAGE = 'file:///opt/casedesk/resources/app.asar/out/renderer/index.html';

function setUp() {
  const handlers = new Map<string, Handler>();
  const fakeIpcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) };
  const store = CaseStore.open(tempDbPath(), { create: true });
  const logged: string[] = [];
  registerIpc(fakeIpcMain as never, new CasedeskApiCore(store), [APP_PAGE], (line) => logged.push(line));
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });
  return { handlers, frame, logged };
}

describe('the IPC handlers', () => {
  it('handle every channel of the contract', () => {
    expect([...setUp().handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it("answer the app's own page in its top frame", async () => {
    const { handlers, frame } = setUp();
    expect(await handlers.get('queue:counts')!(frame(`${APP_PAGE}#case`), {})).toEqual({
      ok: true,
      value: { open: 0, mine: 0, sev1: 0, 'breaching-soon': 0, 'awaiting-customer': 0, 'missing-info': 0, 'checklist-incomplete': 0, all: 0 },
    });
  });

  it('refuse another origin, another local file and a sub-frame', async () => {
    const { handlers, frame, logged } = setUp();
    expect(await handlers.get('queue:counts')!(frame('https://evil.example/'), {})).toEqual({ ok: false, error: 'refused: this page may not use Casedesk', kind: 'request' });
    expect(await handlers.get('queue:counts')!(frame('file:///tmp/downloaded.html'), {})).toMatchObject({ ok: false });
    expect(await handlers.get('queue:counts')!(frame(APP_PAGE, { url: APP_PAGE }), {})).toMatchObject({ ok: false });
    expect(logged[0]).toBe('refused queue:counts from https://evil.example/');
  });

  it('pass on what is wrong with the arguments', async () => {
    const { handlers, frame } = setUp();
    expect(await handlers.get('queue:page')!(frame(APP_PAGE), { limit: -1 })).toEqual({
      ok: false,
      error: expect.stringMatching(/^queue:page: limit: /),
      kind: 'request',
    });
  });
});
