// The live channel (Server-Sent Events on GET /api/live): pokes every connected desktop when
// something changed (`changed`, with the new version: pull now) and pages on-call users
// (`page`, a Severity-1 case submitted). A poke can be lost — a desktop also pulls on reconnect
// and on a timer — so it carries nothing a desktop needs beyond "pull now".
//
// With several server processes on one PostgreSQL database, each process LISTENs on one channel
// and publishes with NOTIFY, so a change made through any process reaches the desktops of all.
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import type { Role } from '../store/schema';
import type { ServerUser } from '../store/server-store';

export interface LiveMessage {
  type: 'changed' | 'page';
  /** For `page`: the roles it is for. */
  roles?: Role[];
  data: Record<string, unknown>;
}

/** How messages get from the process that made a change to every process with listeners. */
export interface LiveBus {
  publish(message: LiveMessage): Promise<void>;
  subscribe(deliver: (message: LiveMessage) => void): void;
  close(): Promise<void>;
}

export function localBus(): LiveBus {
  const listeners: ((message: LiveMessage) => void)[] = [];
  return {
    async publish(message) {
      for (const deliver of listeners) deliver(message);
    },
    subscribe(deliver) {
      listeners.push(deliver);
    },
    async close() {},
  };
}

const CHANNEL = 'casedesk_live';

/**
 * A bus over PostgreSQL LISTEN/NOTIFY, on its own connection. A dropped connection is replaced,
 * trying again with a growing pause until it is back: while it is down this process neither hears
 * nor — since its own messages come back through LISTEN — delivers pokes and pages.
 */
export async function postgresBus(url: string, log: (line: string) => void = () => {}): Promise<LiveBus> {
  const listeners: ((message: LiveMessage) => void)[] = [];
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    next.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const message = JSON.parse(n.payload) as LiveMessage;
        for (const deliver of listeners) deliver(message);
      } catch {
        // Not ours; ignore.
      }
    });
    let failed = false;
    const reconnect = (err: Error) => {
      if (failed || closed) return;
      failed = true;
      client = null;
      void next.end().catch(() => undefined);
      log(`live channel: the PostgreSQL connection failed (${err.message}); reconnecting`);
      reconnectLater(1000);
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect(new Error('connection ended')));
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    client = next;
  };
  const reconnectLater = (delay: number) => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => log('live channel: listening again'),
        (err: Error) => {
          log(`live channel: PostgreSQL is still away (${err.message})`);
          reconnectLater(Math.min(delay * 2, 30_000));
        },
      );
    }, delay);
    retry.unref();
  };
  await connect();
  // One connection publishes, so messages leave in the order they were sent (a poke before a page).
  const publisher = new pg.Pool({ connectionString: url, max: 1 });
  publisher.on('error', (err) => log(`live channel: an idle publishing connection failed (${err.message})`));
  return {
    async publish(message) {
      await publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]);
    },
    subscribe(deliver) {
      listeners.push(deliver);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
      await publisher.end().catch(() => {});
    },
  };
}

interface Subscriber {
  user: ServerUser;
  response: ServerResponse;
  /** Whether the stream's token still signs its user in (a revoked or renewed token does not). */
  stillSignedIn?: () => Promise<boolean>;
}

/** How often an idle stream gets a keep-alive line and its token is checked again. */
export const HEARTBEAT_MS = 15_000;

/** Where pages are kept, so a desktop that (re)connects shortly after still gets them. */
export interface PageLog {
  record(roles: Role[], data: Record<string, unknown>): Promise<void>;
  since(role: Role, since: number): Promise<Record<string, unknown>[]>;
}

/** How far back a desktop that connects is told of pages it may have missed. */
export const PAGE_REPLAY_MS = 15 * 60_000;

/** The SSE endpoint's side: the open streams of this process, fed from the bus. */
export class LiveChannel {
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly bus: LiveBus,
    private readonly pages?: PageLog,
    private readonly now: () => number = Date.now,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    bus.subscribe((message) => this.deliver(message));
    // A comment line now and then keeps proxies from closing an idle stream; a stream whose user's
    // access was revoked since it opened is closed (the desktop's reconnect is then refused).
    this.heartbeat = setInterval(() => {
      for (const s of this.subscribers) {
        s.response.write(': keep-alive\n\n');
        void this.whenSignedIn(s, () => undefined);
      }
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  attach(user: ServerUser, request: IncomingMessage, response: ServerResponse, stillSignedIn?: () => Promise<boolean>): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 2000\n\n');
    const subscriber: Subscriber = { user, response, stillSignedIn };
    this.subscribers.add(subscriber);
    const drop = () => this.subscribers.delete(subscriber);
    request.on('close', drop);
    response.on('error', drop);
    response.write(`event: hello\ndata: ${JSON.stringify({ name: user.name, role: user.role })}\n\n`);
    // Pages sent while this desktop was away (asleep, offline, restarting): a lost poke only
    // delays a sync, but a page must still arrive. Desktops tell repeats apart by the case.
    if (this.pages) {
      this.pages.since(user.role, this.now() - PAGE_REPLAY_MS).then(
        (missed) => {
          for (const data of missed) if (this.subscribers.has(subscriber)) response.write(`event: page\ndata: ${JSON.stringify({ ...data, replayed: true })}\n\n`);
        },
        () => undefined,
      );
    }
  }

  /** Something changed: every desktop should pull. Lost on failure by design (desktops also poll). */
  changed(version: number): void {
    void this.bus.publish({ type: 'changed', data: { version } }).catch(() => {});
  }

  async page(roles: Role[], data: Record<string, unknown>): Promise<void> {
    await this.pages?.record(roles, data);
    await this.bus.publish({ type: 'page', roles, data });
  }

  get connections(): number {
    return this.subscribers.size;
  }

  private deliver(message: LiveMessage): void {
    const line = `event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`;
    for (const s of this.subscribers) {
      if (message.roles && !message.roles.includes(s.user.role)) continue;
      // A page names a customer and their trouble: it goes only to a stream whose user is still
      // signed in (a poke says nothing, and waits for no database).
      if (message.type === 'page') void this.whenSignedIn(s, () => s.response.write(line));
      else s.response.write(line);
    }
  }

  /**
   * Run `then` if the stream's user is still signed in; otherwise close the stream, saying why (the
   * desktop's reconnect is then refused). A check that fails (the database away) leaves it open.
   */
  private async whenSignedIn(s: Subscriber, then: () => void): Promise<void> {
    let yes = true;
    try {
      yes = s.stillSignedIn ? await s.stillSignedIn() : true;
    } catch {
      // Checked again at the next keep-alive.
    }
    if (!this.subscribers.has(s)) return;
    if (yes) return then();
    this.subscribers.delete(s);
    s.response.end('event: signed-out\ndata: {}\n\n');
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const s of this.subscribers) s.response.end();
    this.subscribers.clear();
    await this.bus.close();
  }
}
