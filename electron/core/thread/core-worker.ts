// The core's side of its worker thread: opens the local store, runs the sync and answers the
// contract's calls, so that reading 100,000 cases, a sync or a long job never holds up the window
// or the browser host's server. Events go to the host as they happen; what only the host can do
// (keep the token in the OS keychain, show a native notification) is asked of it by message.
import type { MessagePort } from 'node:worker_threads';
import { CasedeskApiCore } from '../api/casedesk-api';
import { CaseStore } from '../store/case-store';
import { FileStore } from '../files/file-store';
import { filesFolderOf } from '../files/files-folder';
import { memoryVault, SyncService, type TokenVault } from '../sync/sync-service';
import { StreamRefused } from '../../../shared/ipc/streams';
import type { CoreConfig, FromCore, ToCore } from './core-messages';

export async function runCoreWorker(port: MessagePort, config: CoreConfig): Promise<void> {
  const post = (message: FromCore, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
  const log = (line: string) => post({ type: 'log', line });
  let store: CaseStore;
  try {
    store = CaseStore.open(config.dbPath, { create: config.create ?? false });
  } catch (err) {
    post({ type: 'failed', message: (err as Error).message });
    return;
  }
  const vault: TokenVault = config.vault.kind === 'memory' ? memoryVault(config.vault.token) : hostVault(config.vault, post);
  const files = new FileStore(filesFolderOf(store, config.filesDir));
  const sync = new SyncService(store, { vault, log, files, intervalMs: config.intervalMs, notifier: { page: (notice) => post({ type: 'page', notice }), silence: (caseId) => post({ type: 'page-silenced', caseId }) },
  });
  const notes: string[] = [];
  if (config.connect) {
    try {
      await sync.connect(config.connect.server, config.connect.token);
    } catch (err) {
      notes.push(`not syncing: ${(err as Error).message}; Casedesk works locally and you can connect from the page`);
    }
  }
  sync.start();
  const core = new CasedeskApiCore(store, sync, { log, files, filesFixed: config.filesDir !== undefined, ...(config.logSearchWorker ? { logSearchWorker: config.logSearchWorker } : {}), alerts: {} });
  core.onEvent((event) => post({ type: 'event', event }));
  const streams = new StreamEnds(core, post);
  port.on('message', (message: ToCore) => {
    if (message.type === 'call') {
      void core.call(message.channel, message.input).then((answer) => post({ type: 'answer', id: message.id, answer }));
    } else if (message.type === 'resumed') {
      core.resumed();
    } else if (message.type !== 'close') {
      streams.take(message);
    } else {
      core.close();
      // A sync in flight finishes its transaction before the database closes.
      void sync
        .close()
        .catch((err: unknown) => log(`the sync did not stop cleanly: ${(err as Error).message}`))
        .finally(() => {
          store.close();
          post({ type: 'closed' });
          port.close();
        });
    }
  });
  post({ type: 'ready', caseCount: store.caseCount(), notes });
}

/** The core's ends of the byte streams in flight, by id. */
class StreamEnds {
  private readonly downloads = new Map<number, AsyncIterator<Uint8Array>>();
  private readonly uploads = new Map<number, { chunks: Uint8Array[]; ended: boolean; aborted: boolean; wake: (() => void) | null }>();

  constructor(
    private readonly core: CasedeskApiCore,
    private readonly post: (message: FromCore, transfer?: ArrayBuffer[]) => void,
  ) {}

  take(message: Exclude<ToCore, { type: 'call' } | { type: 'resumed' } | { type: 'close' }>): void {
    switch (message.type) {
      case 'download':
        this.downloads.set(message.id, this.core.download(message.stream, message.input)[Symbol.asyncIterator]());
        break;
      case 'pull':
        void this.pull(message.id);
        break;
      case 'cancel': {
        void this.downloads.get(message.id)?.return?.();
        this.downloads.delete(message.id);
        const upload = this.uploads.get(message.id);
        if (upload) {
          upload.aborted = true;
          upload.wake?.();
        }
        break;
      }
      case 'upload':
        this.upload(message.id, message.stream, message.input);
        break;
      case 'chunk':
      case 'end': {
        const upload = this.uploads.get(message.id);
        if (!upload) break;
        if (message.type === 'chunk') upload.chunks.push(message.bytes);
        else upload.ended = true;
        upload.wake?.();
        break;
      }
    }
  }

  private async pull(id: number): Promise<void> {
    const iterator = this.downloads.get(id);
    if (!iterator) return this.post({ type: 'stream-failed', id, error: 'this download is over', kind: 'request' });
    try {
      const next = await iterator.next();
      if (next.done) {
        this.downloads.delete(id);
        this.post({ type: 'end', id });
      } else {
        // A chunk of its own buffer is transferred; a view into a larger one is copied first.
        const bytes = next.value.byteOffset === 0 && next.value.byteLength === next.value.buffer.byteLength ? next.value : next.value.slice();
        this.post({ type: 'chunk', id, bytes }, [bytes.buffer as ArrayBuffer]);
      }
    } catch (err) {
      this.downloads.delete(id);
      this.post({ type: 'stream-failed', id, error: (err as Error).message, kind: err instanceof StreamRefused ? err.kind : 'internal' });
    }
  }

  private upload(id: number, stream: string, input: unknown): void {
    const state = { chunks: [] as Uint8Array[], ended: false, aborted: false, wake: null as (() => void) | null };
    this.uploads.set(id, state);
    const post = this.post;
    async function* body(): AsyncGenerator<Uint8Array> {
      for (;;) {
        if (state.aborted) throw new StreamRefused('the upload was cut off before its end: nothing was kept', 'request');
        if (state.chunks.length > 0) {
          yield state.chunks.shift()!;
          continue;
        }
        if (state.ended) return;
        await new Promise<void>((wake) => {
          state.wake = wake;
          post({ type: 'want', id });
        });
        state.wake = null;
      }
    }
    void this.core.upload(stream, input, body()).then((answer) => {
      this.uploads.delete(id);
      this.post({ type: 'answer', id, answer });
    });
  }
}

/** The token kept by the host (the OS keychain): handed over at start, saved and cleared by message. */
function hostVault(config: { token: string | null; secure: boolean }, post: (message: FromCore) => void): TokenVault {
  let token = config.token;
  return {
    secure: config.secure,
    load: () => token,
    save(next) {
      token = next;
      post({ type: 'vault', action: 'save', token: next });
    },
    clear() {
      token = null;
      post({ type: 'vault', action: 'clear' });
    },
  };
}
