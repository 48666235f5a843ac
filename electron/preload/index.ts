// The preload: the one narrow bridge from the sandboxed page to the app. Only what is exposed here
// exists for the renderer, as `window.casedesk`; `ipcRenderer` itself is never exposed.
import { contextBridge } from 'electron';

const api = {
  /** Where the UI runs: the desktop shell (here) or the browser host. */
  host: 'desktop' as const,
};

contextBridge.exposeInMainWorld('casedesk', api);

export type CasedeskBridge = typeof api;
