// A desktop's view of the live channel, for tests: one connection to a server's /api/live, read as
// it arrives (with the desktop's own reader), every event kept.
import { expect } from 'vitest';
import { readLiveEvents, type LiveEvent } from '../../electron/core/sync/live-events';
import type { CentralServer } from '../../server/start-server';

export interface Listener {
  events: LiveEvent[];
  /** The server ended the stream (not this side's close). */
  readonly ended: boolean;
  waitFor(match: (e: LiveEvent) => boolean, timeoutMs?: number): Promise<LiveEvent>;
  close(): Promise<void>;
}

export function listen(server: CentralServer, token: string): Listener {
  const controller = new AbortController();
  const events: LiveEvent[] = [];
  let ended = false;
  const reading = (async () => {
    try {
      for await (const event of readLiveEvents(`${server.url}/api/live`, token, controller.signal)) events.push(event);
      ended = !controller.signal.aborted;
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    }
  })();
  return {
    events,
    get ended() {
      return ended;
    },
    async waitFor(match, timeoutMs = 5000) {
      await expect.poll(() => events.some(match), { timeout: timeoutMs, interval: 20 }).toBe(true);
      return events.find(match)!;
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}
