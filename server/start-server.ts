// Starting and stopping the central server: its store, its live channel (local, or over
// PostgreSQL LISTEN/NOTIFY when several processes share one database) and its HTTP app.
import type { FastifyInstance } from 'fastify';
import { buildServerApp } from './http/server-app';
import { LiveChannel } from './http/live-channel';
import { localBus, postgresBus } from './store/live-bus';
import type { StoreLocation } from './store/open-server-store';
import { ServerStore, type ServerClock } from './store/server-store';

export interface CentralServer {
  url: string;
  port: number;
  store: ServerStore;
  live: LiveChannel;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartServerOptions extends StoreLocation {
  port?: number;
  host?: string;
  clock?: ServerClock;
  log?: (line: string) => void;
  /** See ServerAppOptions: proxies to believe, and the address customers open. */
  trustProxy?: string;
  publicUrl?: string;
  /** How often live streams get a keep-alive and their tokens are checked (default HEARTBEAT_MS). */
  heartbeatMs?: number;
}

export async function startCentralServer(options: StartServerOptions): Promise<CentralServer> {
  const store = await ServerStore.open({ sqlite: options.sqlite, postgres: options.postgres, log: options.log }, options.clock);
  let live: LiveChannel | undefined;
  try {
    const bus = options.postgres ? await postgresBus(options.postgres, options.log) : localBus();
    const clock = options.clock ?? { now: () => Date.now() };
    live = new LiveChannel(bus, { record: (roles, data) => store.recordPage(roles, data), since: (role, since) => store.pagesSince(role, since) }, () => clock.now(), options.heartbeatMs);
    const app = await buildServerApp({ store, live, log: options.log, trustProxy: options.trustProxy, publicUrl: options.publicUrl });
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    const opened = live;
    return {
      url: `http://${shownHost}:${port}`,
      port,
      store,
      live: opened,
      app,
      async close() {
        await opened.close();
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    await live?.close();
    await store.close();
    throw err;
  }
}
