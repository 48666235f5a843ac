// The live channel (Server-Sent Events on GET /api/live): pokes every connected desktop when
// something changed (`changed`, with the new version: pull now) and pages people by name
// (`page`, a step of a Severity-1 case's page: shared/oncall/case-pages.ts). A poke can be lost — a desktop also pulls on reconnect
// and on a timer — so it carries nothing a desktop needs beyond "pull now".
// Messages reach it through a bus (server/store/live-bus.ts) that carries them between processes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveBus, LiveMessage } from '../store/live-bus';
import type { SentPage } from '../store/pages';
import type { ServerUser } from '../store/server-store';

interface Subscriber {
  user: ServerUser;
  response: ServerResponse;
  /** Whether the stream's token still signs its user in (a revoked or renewed token does not). */
  stillSignedIn?: () => Promise<boolean>;
}

/** How often an idle stream gets a keep-alive line and its token is checked again. */
export const HEARTBEAT_MS = 15_000;

/** Where pages are kept, so a desktop that (re)connects later still gets those waiting for its user. */
export interface PageLog {
  record(page: SentPage): Promise<void>;
  waitingFor(name: string, since: number): Promise<Record<string, unknown>[]>;
}

/** How far back a desktop that connects is told of pages still waiting for its user's answer. */
export const PAGE_REPLAY_MS = 24 * 3_600_000;

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
    // Pages sent while this desktop was away (asleep, offline, restarting) and not yet answered: a
    // lost poke only delays a sync, but a page must still arrive. Desktops tell repeats apart by
    // the case and step.
    if (this.pages) {
      this.pages.waitingFor(user.name, this.now() - PAGE_REPLAY_MS).then(
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

  /** Page people by name: kept (for those who connect later), then sent through every process. */
  async page(page: SentPage): Promise<void> {
    await this.pages?.record(page);
    await this.bus.publish({ type: 'page', users: [...page.to], data: page.data });
  }

  get connections(): number {
    return this.subscribers.size;
  }

  private deliver(message: LiveMessage): void {
    const line = `event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`;
    for (const s of this.subscribers) {
      if (message.users && !message.users.includes(s.user.name)) continue;
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
