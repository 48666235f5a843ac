// A TCP proxy on 127.0.0.1 in front of a server that cuts connections part-way: each new
// connection, while cuts are left, may be chosen to die after a random number of bytes in one
// direction (client → server or server → client), by a FIN after the partial bytes or by a reset.
// The choices come from a seeded PRNG, drawn per connection in the order connections open, so a
// failing run repeats with its seed (as far as the clients open connections in the same order).
// After `cuts` cuts (or `heal()`), everything passes untouched.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from '../../bench/support/generate-cases.mjs';

// The same seeded generator the case files are made with.
export { seededRandom };

export type Direction = 'up' | 'down';

export interface Cut {
  connection: number;
  direction: Direction;
  /** Bytes that had passed in that direction on the connection when it was cut. */
  afterBytes: number;
  how: 'end' | 'reset';
}

export interface CuttingProxyOptions {
  /** Where to forward to (a port on 127.0.0.1). */
  targetPort: number;
  seed: number;
  /** How many cuts to make before passing everything. */
  cuts: number;
  /** The chance that a new connection is picked to be cut (while cuts are left); default 1. Offsets count
   *  every byte the connection carries, so a kept-alive connection is cut in a later exchange. */
  probability?: number;
  /** The largest byte offset of a cut; offsets are log-uniform in [0, maxBytes). Default 2 MiB. */
  maxBytes?: number;
}

export interface CuttingProxy {
  url: string;
  port: number;
  seed: number;
  /** The cuts made so far, in order. */
  readonly made: readonly Cut[];
  readonly connections: number;
  /** Stop cutting: from now on every byte passes. */
  heal(): void;
  close(): Promise<void>;
}

interface Plan {
  direction: Direction;
  at: number;
  how: 'end' | 'reset';
}

export async function startCuttingProxy(options: CuttingProxyOptions): Promise<CuttingProxy> {
  const random = seededRandom(options.seed);
  const probability = options.probability ?? 1;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const made: Cut[] = [];
  const open = new Set<Socket>();
  let healed = false;
  let connections = 0;

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    const id = ++connections;
    open.add(client);
    let plan: Plan | null = null;
    if (!healed && made.length < options.cuts && random() < probability) {
      plan = {
        direction: random() < 0.5 ? 'up' : 'down',
        at: Math.floor(Math.exp(random() * Math.log(maxBytes))) - 1,
        how: random() < 0.5 ? 'end' : 'reset',
      };
    }
    const upstream = createConnection({ host: '127.0.0.1', port: options.targetPort });
    open.add(upstream);
    const passed = { up: 0, down: 0 };
    let done = false;

    const finish = () => {
      done = true;
      plan = null;
    };
    const destroyBoth = (how: 'end' | 'reset') => {
      for (const socket of [client, upstream]) {
        if (how === 'reset' && typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
        else socket.destroy();
      }
    };

    const forward = (from: Socket, to: Socket, direction: Direction) => {
      from.on('data', (chunk: Buffer) => {
        if (done) return;
        // Several connections may carry a plan; the cuts made never exceed the bound.
        if (plan && !healed && made.length < options.cuts && plan.direction === direction && passed[direction] + chunk.length > plan.at) {
          const keep = Math.max(0, plan.at - passed[direction]);
          made.push({ connection: id, direction, afterBytes: passed[direction] + keep, how: plan.how });
          const how = plan.how;
          finish();
          if (keep === 0 || how === 'reset') {
            destroyBoth(how);
            return;
          }
          // Deliver the first bytes, then cut: the receiver sees a message that stops part-way.
          to.write(chunk.subarray(0, keep), () => destroyBoth('end'));
          from.destroy();
          setTimeout(() => destroyBoth('end'), 200).unref();
          return;
        }
        passed[direction] += chunk.length;
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      });
      from.on('end', () => {
        if (!done) to.end();
      });
    };

    forward(client, upstream, 'up');
    forward(upstream, client, 'down');
    upstream.once('connect', () => client.resume());
    for (const socket of [client, upstream]) {
      socket.on('error', () => {
        finish();
        destroyBoth('end');
      });
      socket.on('close', () => {
        open.delete(socket);
        finish();
        destroyBoth('end');
      });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seed: options.seed,
    made,
    get connections() {
      return connections;
    },
    heal() {
      healed = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
