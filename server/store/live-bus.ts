// How messages of the live channel get from the process that made a change to every process with
// listeners: in one process directly, or — with several server processes on one PostgreSQL
// database — by LISTEN on one channel and NOTIFY, so a change made through any process reaches the
// desktops of all.
import pg from 'pg';

export interface LiveMessage {
  type: 'changed' | 'page';
  /** For `page`: the users (by name) it is for. */
  users?: string[];
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
