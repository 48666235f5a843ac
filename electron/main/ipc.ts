// The IPC side of the contract: one handler per channel, each refusing a sender that is not the
// app's own top-level page (convention 2) before the core validates the arguments. Answers travel
// as { ok, value } or { ok: false, error, kind } (shared/ipc/events.ts), the same as over the
// browser host's HTTP, so the page sees the core's own message, not Electron's wrapping.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../shared/ipc/contract';
import type { Answer } from '../../shared/ipc/events';
import type { CoreApi } from '../core/api/casedesk-api';

export type IpcAnswer = Answer;

/**
 * Whether an IPC call comes from the app's own page, in its top frame. `appPages` are the page's
 * exact addresses: the `file:` URL of the built index.html, or the dev server's origin.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appPages: readonly string[]): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // sub-frames never talk to the core
  try {
    const url = new URL(frame.url);
    if (url.protocol === 'file:') return appPages.includes(`file://${url.pathname}`);
    return appPages.includes(url.origin);
  } catch {
    return false;
  }
}

/**
 * `hosted`: channels the main process answers itself instead of the core (what needs Electron:
 * screenshots), behind the same sender check.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  core: CoreApi,
  appPages: readonly string[],
  log: (line: string) => void = () => undefined,
  hosted: Partial<Record<string, (input: unknown) => Promise<IpcAnswer>>> = {},
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<IpcAnswer> => {
      if (!isTrustedSender(event, appPages)) {
        log(`refused ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return { ok: false, error: 'refused: this page may not use Casedesk', kind: 'request' };
      }
      const own = hosted[channel];
      return own ? own(input) : core.call(channel, input);
    });
  }
}
