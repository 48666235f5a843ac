// Keeping a desktop in sync: sync at once, then again whenever the server pokes (live channel),
// whenever changes wait in the outbox (checked every few seconds), when the live channel
// reconnects, and on a timer — so a lost poke delays a change, never loses it. Failures are
// reported and retried with a growing pause; nothing is lost meanwhile (see sync-client.ts).
import type { CaseStore } from '../store/case-store';
import { readLiveEvents } from './live-events';
import { nextRetryAt, readyCount } from '../store/outbox';
import { syncOnce, type SyncOptions, type SyncReport } from './sync-client';

export interface WatchHandlers {
  signal: AbortSignal;
  onReport(report: SyncReport): void;
  onError(err: Error): void;
  /** A Severity-1 page for this user (on-call). */
  onPage?(page: Record<string, unknown> & { number?: string; summary?: string }): void;
  /** Online (live channel connected) or not. */
  onConnection?(online: boolean): void;
  /** Sync at least this often (default 30 s). */
  intervalMs?: number;
  /**
   * Look for waiting changes this often (default 2 s: another process may write the database).
   * null: never — the one who writes pokes instead (see `onPoke`), and the watch sleeps until the
   * next timed sync or the next change due to go again after a server fault, whichever is first.
   */
  outboxPollMs?: number | null;
  /** Receives the function that makes the watch sync at once (a change was made here). */
  onPoke?(poke: () => void): void;
}

export async function watchSync(store: CaseStore, options: SyncOptions, handlers: WatchHandlers): Promise<void> {
  const { signal } = handlers;
  const intervalMs = handlers.intervalMs ?? 30_000;
  const pollMs = handlers.outboxPollMs === undefined ? 2_000 : handlers.outboxPollMs;
  let wanted = true;
  let wake: (() => void) | null = null;
  const poke = () => {
    wanted = true;
    wake?.();
  };
  handlers.onPoke?.(poke);
  const live = keepLive(options, handlers, poke);
  let lastSync = 0;
  let backoff = 1_000;
  try {
    while (!signal.aborted) {
      const now = Date.now();
      if (wanted || now - lastSync >= intervalMs || readyCount(store, store.clock.now()) > 0) {
        wanted = false;
        try {
          handlers.onReport(await syncOnce(store, { ...options, holdBackedOff: true }));
          lastSync = Date.now();
          backoff = 1_000;
        } catch (err) {
          handlers.onError(err as Error);
          wanted = true;
          await sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 30_000);
          continue;
        }
      }
      // Stopped, or poked, while that sync ran: leave, or go again at once.
      if (signal.aborted) break;
      if (wanted) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const retryAt = pollMs === null ? nextRetryAt(store) : null;
        const wait = pollMs ?? Math.min(lastSync + intervalMs - Date.now(), retryAt === null ? Infinity : retryAt - store.clock.now());
        const timer = setTimeout(done, Math.max(0, wait));
        wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      wake = null;
    }
  } finally {
    await live;
  }
}

/** Hold the live channel open, reconnecting after a pause; every (re)connect asks for a sync. */
async function keepLive(options: SyncOptions, handlers: WatchHandlers, poke: () => void): Promise<void> {
  const url = `${options.server.replace(/\/+$/, '')}/api/live`;
  while (!handlers.signal.aborted) {
    try {
      for await (const message of readLiveEvents(url, options.token, handlers.signal, options.fetch)) {
        if (message.event === 'hello') {
          handlers.onConnection?.(true);
          poke();
        } else if (message.event === 'changed') poke();
        // This user's access was revoked (or their token renewed): a sync now says so in the header.
        else if (message.event === 'signed-out') poke();
        else if (message.event === 'page') handlers.onPage?.(message.data);
      }
    } catch {
      // Dropped or refused: the timer keeps syncing; try the channel again shortly.
    }
    if (handlers.signal.aborted) break;
    handlers.onConnection?.(false);
    await sleep(2_000, handlers.signal);
  }
}

/** Wait `ms`, or less if the signal aborts; leaves no listener behind either way. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
