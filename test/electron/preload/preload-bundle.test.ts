// The built preload, run as Electron's sandbox runs it: a `require` that knows only `electron`.
// (A preload that needs any other module fails there and the page gets no API at all.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import { repoRoot } from '../../support/run-casedesk';

describe('the built preload', () => {
  const code = readFileSync(join(repoRoot, 'out/preload/index.cjs'), 'utf8');

  it('requires nothing but electron', () => {
    expect([...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))]).toEqual(['electron']);
  });

  it('exposes exactly the contract channels, the case-link and event subscriptions and the stream key, calling the main process', async () => {
    const exposed: Record<string, Record<string, unknown>> = {};
    const invoked: [string, unknown][] = [];
    const listening = new Map<string, (event: unknown, payload: unknown) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => {
          invoked.push([channel, input]);
          if (channel === 'stream:key') return 'k3y';
          return channel === 'queue:counts' ? { ok: true, value: { open: 1 } } : { ok: false, error: 'nope' };
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listening.set(channel, listener),
        removeListener: (channel: string) => listening.delete(channel),
      },
    };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, process: { env: {} } });
    const api = exposed.casedesk!;
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'onCaseLink', 'onEvent', 'streamKey'].sort());
    // The key to the byte streams is asked of the main process, which gives it to the app's page only.
    await expect((api.streamKey as () => Promise<unknown>)()).resolves.toBe('k3y');
    invoked.length = 0;
    await expect((api['queue:counts'] as (i: unknown) => Promise<unknown>)({})).resolves.toEqual({ open: 1 });
    await expect((api['case:get'] as (i: unknown) => Promise<unknown>)({ idOrNumber: 'x' })).rejects.toThrow('nope');
    expect(invoked).toEqual([['queue:counts', {}], ['case:get', { idOrNumber: 'x' }]]);
    // The core's events reach the page's listener until it unsubscribes.
    const heard: unknown[] = [];
    const stop = (api.onEvent as (l: (e: unknown) => void) => () => void)((e) => heard.push(e));
    listening.get('core:event')!({}, { type: 'cases-changed', caseIds: ['C-1'] });
    expect(heard).toEqual([{ type: 'cases-changed', caseIds: ['C-1'] }]);
    stop();
    expect(listening.has('core:event')).toBe(false);
  });
});
