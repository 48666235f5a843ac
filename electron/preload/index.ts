// The preload: the one narrow bridge from the sandboxed page to the app. It exposes exactly the
// contract's channels, as `window.casedesk`, each a call to the main process; `ipcRenderer`
// itself is never exposed.
import { contextBridge, ipcRenderer } from 'electron';
// Only the dependency-free names: a sandboxed preload can load `electron` and nothing else.
import { CASE_LINK_EVENT, CASE_LINK_READY, CHANNEL_NAMES as CHANNELS, CORE_EVENT, STREAM_KEY_CHANNEL } from '../../shared/ipc/channels';

type Answer = { ok: true; value: unknown } | { ok: false; error: string; kind?: string };

const api = Object.fromEntries(
  CHANNELS.map((channel) => [
    channel,
    async (input: unknown) => {
      const answer = (await ipcRenderer.invoke(channel, input)) as Answer;
      if (!answer.ok) throw new Error(answer.error);
      return answer.value;
    },
  ]),
);

contextBridge.exposeInMainWorld('casedesk', {
  ...api,
  onCaseLink(open: (id: string) => void) {
    const listener = (_event: unknown, id: unknown) => {
      if (typeof id === 'string') open(id);
    };
    ipcRenderer.on(CASE_LINK_EVENT, listener);
    ipcRenderer.send(CASE_LINK_READY);
    return () => ipcRenderer.removeListener(CASE_LINK_EVENT, listener);
  },
  /** This run's key to the byte streams (casedesk-stream:), for the app's own page only. */
  streamKey: () => ipcRenderer.invoke(STREAM_KEY_CHANNEL) as Promise<string | null>,
  /** The core's events (shared/ipc/events.ts), as the main process forwards them. */
  onEvent(listener: (event: unknown) => void) {
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(CORE_EVENT, forward);
    return () => ipcRenderer.removeListener(CORE_EVENT, forward);
  },
});
