// Starting and stopping the central server: its store, its live channel (local, or over
// PostgreSQL LISTEN/NOTIFY when several processes share one database) and its HTTP app.
import type { FastifyInstance } from 'fastify';
import { buildServerApp } from './http/server-app';
import { LiveChannel } from './http/live-channel';
import { localBus, postgresBus } from './store/live-bus';
import type { StoreLocation } from './store/open-server-store';
import { ServerStore, type ServerClock } from './store/server-store';
import { sweepFiles, SWEEP_EVERY_MS, type SweepResult } from './files/file-sweep';
import { DEFAULT_MAX_FILE_BYTES, ServerFiles } from './files/server-files';
import { resolve } from 'node:path';
import { AutomaticRecorder, type RecorderHost } from './alerts/automatic-recorder';
import { PageEscalator } from './alerts/page-escalator';

export interface CentralServer {
  url: string;
  /** Where the case files' bytes are. */
  filesRoot: string;
  /** Sweep the file folder now (the server does hourly): bytes no case holds go after the grace period. */
  sweepFiles(at?: { now: number; graceMs?: number }): Promise<SweepResult>;
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
  /** Where the case files' bytes live (default serverFilesFolder), and the largest file taken (default 4 GiB). */
  files?: string;
  maxFileBytes?: number;
  /**
   * The scheduler that records escalations and auto-closes (alerts/automatic-recorder.ts): on the
   * system's clock, unless a host is given; `false` turns it off. Off by default when `clock` is
   * given (a test's fixed clock is not one a scheduler can wait on).
   */
  automatic?: { host?: RecorderHost } | false;
  /** The clock and timers Severity-1 pages escalate on (default: the system's timers on the server's clock). */
  pages?: { host?: RecorderHost };
}

/** The system's clock and timers, for the server's scheduler. */
const systemRecorderHost: RecorderHost = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  zone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
  set(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Where the server keeps file bytes unless told: beside its SQLite database, or — on PostgreSQL,
 * whose server processes share one folder — casedesk-files in the folder it is started from.
 */
export function serverFilesFolder(options: { sqlite?: string; files?: string }): string {
  return resolve(options.files ?? (options.sqlite ? `${options.sqlite}.files` : 'casedesk-files'));
}

export async function startCentralServer(options: StartServerOptions): Promise<CentralServer> {
  const store = await ServerStore.open({ sqlite: options.sqlite, postgres: options.postgres, log: options.log }, options.clock);
  let live: LiveChannel | undefined;
  try {
    const bus = options.postgres ? await postgresBus(options.postgres, options.log) : localBus();
    const clock = options.clock ?? { now: () => Date.now() };
    live = new LiveChannel(bus, { record: (page) => store.recordPage(page), waitingFor: (name, since) => store.pagesWaitingFor(name, since) }, () => clock.now(), options.heartbeatMs);
    const files = new ServerFiles(serverFilesFolder(options), options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    // Severity-1 pages, escalated when unanswered; a page opened through another process is followed too.
    const pagesHost = options.pages?.host ?? { ...systemRecorderHost, now: () => clock.now() };
    const paging = live;
    const escalator = new PageEscalator({ store, host: pagesHost, page: (page) => paging.page(page), changed: (version) => paging.changed(version), log: options.log });
    bus.subscribe((message) => {
      const caseId = message.type === 'page' ? message.data.caseId : undefined;
      if (typeof caseId === 'string') void escalator.follow(caseId).catch((err: Error) => options.log?.(`pages: case ${caseId}: ${err.message}`));
    });
    void escalator.start().catch((err: Error) => options.log?.(`pages: the escalator did not start: ${err.message}`));
    const app = await buildServerApp({ store, live, pager: escalator, log: options.log, trustProxy: options.trustProxy, publicUrl: options.publicUrl, files });
    // The bytes no case holds any more go after a grace period (file-sweep.ts), swept hourly.
    const sweep = (at: { now: number; graceMs?: number } = { now: clock.now() }) => sweepFiles(files, store, at);
    const sweeper = setInterval(() => void sweep().catch((err: Error) => options.log?.(`file sweep failed: ${err.message}`)), SWEEP_EVERY_MS);
    sweeper.unref();
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    // What the policy does by itself, recorded with every desktop closed; a change through any
    // process (the bus) brings its index up to date.
    const automatic = options.automatic ?? (options.clock ? false : {});
    const opened = live;
    const recorder = automatic ? new AutomaticRecorder({ store, host: automatic.host ?? systemRecorderHost, changed: (version) => opened.changed(version), log: options.log }) : null;
    if (recorder) {
      bus.subscribe((message) => message.type === 'changed' && recorder.changed());
      void recorder.start().catch((err: Error) => options.log?.(`the automatic recorder did not start: ${err.message}`));
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${shownHost}:${port}`,
      filesRoot: files.root,
      sweepFiles: sweep,
      port,
      store,
      live: opened,
      app,
      async close() {
        clearInterval(sweeper);
        await recorder?.stop();
        escalator.stop();
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
