// The part of `electron` a sandboxed preload may use, declared without Node: Electron's own types
// bring in all of Node's globals, which the sandbox does not have. tsconfig.preload.json maps the
// module `electron` to this file, so a preload that reaches for `process`, `require` or `Buffer`
// fails to compile. (The bundle still imports the real `electron`.)
declare module 'electron' {
  interface IpcRendererEvent {
    readonly sender: unknown;
  }
  type Listener = (event: IpcRendererEvent, ...args: unknown[]) => void;
  export const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    send(channel: string, ...args: unknown[]): void;
    on(channel: string, listener: Listener): unknown;
    removeListener(channel: string, listener: Listener): unknown;
  };
  export const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };
}
