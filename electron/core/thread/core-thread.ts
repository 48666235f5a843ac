// The host's side of the core's worker thread: starts it, forwards each call and hands back its
// answer, and passes on the core's events and requests (token kept by the OS keychain, native
// notifications). The host's own thread — Electron's main process with its window, the browser
// host's HTTP server — stays free whatever the core is doing.
//
// If the core's thread dies (a bug, out of memory), the calls waiting on it are answered with
// that failure and a new thread is started: a window is never left talking to nothing.
import { Worker } from 'node:worker_threads';
import type { Answer, CoreEvent } from '../../../shared/ipc/events';
import type { CoreApi } from '../api/casedesk-api';
import type { PageNotice } from '../sync/sync-service';
import { StreamRefused } from '../../../shared/ipc/streams';
import { CORE_WORKER, type CoreConfig, type FromCore, type ToCore } from './core-messages';

type StreamMessage = Extract<FromCore, { type: 'chunk' | 'end' | 'stream-failed' | 'want' }>;

export interface CoreHost {
  /** Keep the sync token (the OS keychain); and forget it. Only with a `host` vault. */
  saveToken?(token: string): void;
  clearToken?(): void;
  /** A Severity-1 page arrived (a native notification). */
  page?(notice: PageNotice): void;
  /** That page was acknowledged (here or on another desktop): take its notification away. */
  silencePage?(caseId: string): void;
  log?(line: string): void;
}

/** Restarts of a core thread that died, at most, before the host gives up on it. */
const MAX_RESTARTS = 3;

export class CoreThread implements CoreApi {
  private worker!: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: Answer) => void>();
  /** Byte streams in flight: who waits for the next message of each. */
  private readonly streamWaiters = new Map<number, (message: StreamMessage) => void>();
  private readonly listeners = new Set<(event: CoreEvent) => void>();
  private closing: Promise<void> | null = null;
  private restarts = 0;
  /** Cases in the database when the core started, and what it had to say then. */
  caseCount = 0;
  notes: string[] = [];

  private constructor(
    private readonly script: URL | string,
    private readonly config: CoreConfig,
    private readonly host: CoreHost,
  ) {}

  /** Start the core in its thread; resolves once it has opened the database (or rejects with why not). */
  static async start(script: URL | string, config: CoreConfig, host: CoreHost = {}): Promise<CoreThread> {
    const thread = new CoreThread(script, config, host);
    await thread.spawn();
    return thread;
  }

  private spawn(): Promise<void> {
    return new Promise((ready, failed) => {
      let started = false;
      const worker = new Worker(this.script, { workerData: { [CORE_WORKER]: this.config } });
      this.worker = worker;
      worker.on('message', (message: FromCore) => {
        switch (message.type) {
          case 'ready':
            started = true;
            this.caseCount = message.caseCount;
            this.notes = message.notes;
            ready();
            break;
          case 'failed':
            failed(new Error(message.message));
            void worker.terminate();
            break;
          case 'answer':
            this.waiting.get(message.id)?.(message.answer);
            this.waiting.delete(message.id);
            break;
          case 'event':
            for (const listener of this.listeners) {
              try {
                listener(message.event);
              } catch (err) {
                this.host.log?.(`an event listener failed: ${(err as Error).stack ?? String(err)}`);
              }
            }
            break;
          case 'chunk':
          case 'end':
          case 'stream-failed':
          case 'want':
            this.streamWaiters.get(message.id)?.(message);
            break;
          case 'vault':
            if (message.action === 'save') this.host.saveToken?.(message.token);
            else this.host.clearToken?.();
            break;
          case 'page':
            this.host.page?.(message.notice);
            break;
          case 'page-silenced':
            this.host.silencePage?.(message.caseId);
            break;
          case 'log':
            this.host.log?.(message.line);
            break;
          case 'closed':
            break;
        }
      });
      worker.on('error', (err) => {
        this.host.log?.(`the core's thread failed: ${err.stack ?? String(err)}`);
        if (!started) failed(err);
      });
      worker.on('exit', (code) => {
        for (const answer of this.waiting.values()) answer({ ok: false, error: `Casedesk's core stopped (exit code ${code}) before it answered; try again`, kind: 'internal' });
        this.waiting.clear();
        for (const [id, waiter] of this.streamWaiters) waiter({ type: 'stream-failed', id, error: `Casedesk's core stopped (exit code ${code}) during the transfer; try again`, kind: 'internal' });
        this.streamWaiters.clear();
        if (!started || this.closing) return;
        if (this.restarts >= MAX_RESTARTS) {
          this.host.log?.(`the core's thread stopped (exit code ${code}) ${MAX_RESTARTS} times; not starting it again`);
          return;
        }
        this.restarts++;
        this.host.log?.(`the core's thread stopped (exit code ${code}); starting it again`);
        // Connecting again at start is the first run's business only: the token is kept by then.
        this.spawn().catch((err: unknown) => this.host.log?.(`the core could not start again: ${(err as Error).message}`));
      });
    });
  }

  call(channel: string, input: unknown): Promise<Answer> {
    if (this.closing) return Promise.resolve({ ok: false, error: 'Casedesk is closing', kind: 'internal' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      try {
        this.worker.postMessage({ type: 'call', id, channel, input } satisfies ToCore);
      } catch (err) {
        // Not something the structured clone can carry (a function, a symbol): the call is wrong.
        this.waiting.delete(id);
        resolve({ ok: false, error: `${channel}: the request cannot be sent (${(err as Error).message})`, kind: 'request' });
      }
    });
  }

  /** The next message of stream `id` (set before the message that asks for it is sent). */
  private nextOf(id: number): Promise<StreamMessage> {
    return new Promise((resolve) => this.streamWaiters.set(id, resolve));
  }

  async *download(stream: string, input: unknown): AsyncGenerator<Uint8Array> {
    if (this.closing) throw new StreamRefused('Casedesk is closing', 'internal');
    const id = this.nextId++;
    let over = false;
    try {
      this.worker.postMessage({ type: 'download', id, stream, input } satisfies ToCore);
      for (;;) {
        const reply = this.nextOf(id);
        this.worker.postMessage({ type: 'pull', id } satisfies ToCore);
        const message = await reply;
        if (message.type === 'chunk') yield message.bytes;
        else if (message.type === 'end') {
          over = true;
          return;
        } else if (message.type === 'stream-failed') {
          over = true;
          throw new StreamRefused(message.error, message.kind);
        }
      }
    } finally {
      this.streamWaiters.delete(id);
      // The consumer stopped early (a closed page, an error of its own): the core stops too.
      if (!over) this.worker.postMessage({ type: 'cancel', id } satisfies ToCore);
    }
  }

  async upload(stream: string, input: unknown, body: AsyncIterable<Uint8Array>): Promise<Answer> {
    if (this.closing) return { ok: false, error: 'Casedesk is closing', kind: 'internal' };
    const id = this.nextId++;
    let answered = false;
    const answer = new Promise<Answer>((resolve) =>
      this.waiting.set(id, (a) => {
        answered = true;
        // An upload refused half-way (too large) lets the sender stop at once.
        this.streamWaiters.get(id)?.({ type: 'want', id });
        resolve(a);
      }),
    );
    let wanted = this.nextOf(id);
    this.worker.postMessage({ type: 'upload', id, stream, input } satisfies ToCore);
    try {
      for await (const chunk of body) {
        const message = await wanted;
        if (answered || message.type === 'stream-failed') break;
        wanted = this.nextOf(id);
        const bytes = new Uint8Array(chunk); // a copy of its own, transferred
        this.worker.postMessage({ type: 'chunk', id, bytes } satisfies ToCore, [bytes.buffer]);
      }
      if (!answered && (await wanted).type === 'want' && !answered) this.worker.postMessage({ type: 'end', id } satisfies ToCore);
    } catch (err) {
      // The sender's side failed (a request cut off): the core keeps nothing of it.
      if (!answered) this.worker.postMessage({ type: 'cancel', id } satisfies ToCore);
      this.host.log?.(`an upload of ${stream} was cut off: ${(err as Error).message}`);
    } finally {
      this.streamWaiters.delete(id);
    }
    return answer;
  }

  onEvent(listener: (event: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Let a sync in flight finish, close the database and end the thread. */
  /** The computer woke from sleep: the core's alerts catch up. */
  resumed(): void {
    this.worker.postMessage({ type: 'resumed' } satisfies ToCore);
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((done) => {
      const worker = this.worker;
      const timer = setTimeout(() => void worker.terminate(), 15_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      worker.postMessage({ type: 'close' } satisfies ToCore);
    });
    return this.closing;
  }
}
