// The core's side of its worker thread: opens the local store, runs the sync and answers the
// contract's calls, so that reading 100,000 cases, a sync or a long job never holds up the window
// or the browser host's server. Events go to the host as they happen; what only the host can do
// (keep the token in the OS keychain, show a native notification) is asked of it by message.
import type { MessagePort } from 'node:worker_threads';
import { CasedeskApiCore } from '../api/casedesk-api';
import { CaseStore } from '../store/case-store';
import { memoryVault, SyncService, type TokenVault } from '../sync/sync-service';
import type { CoreConfig, FromCore, ToCore } from './core-messages';

export async function runCoreWorker(port: MessagePort, config: CoreConfig): Promise<void> {
  const post = (message: FromCore) => port.postMessage(message);
  const log = (line: string) => post({ type: 'log', line });
  let store: CaseStore;
  try {
    store = CaseStore.open(config.dbPath, { create: config.create ?? false });
  } catch (err) {
    post({ type: 'failed', message: (err as Error).message });
    return;
  }
  const vault: TokenVault = config.vault.kind === 'memory' ? memoryVault(config.vault.token) : hostVault(config.vault, post);
  const sync = new SyncService(store, { vault, log, intervalMs: config.intervalMs, notifier: { page: (notice) => post({ type: 'page', notice }) } });
  const notes: string[] = [];
  if (config.connect) {
    try {
      await sync.connect(config.connect.server, config.connect.token);
    } catch (err) {
      notes.push(`not syncing: ${(err as Error).message}; Casedesk works locally and you can connect from the page`);
    }
  }
  sync.start();
  const core = new CasedeskApiCore(store, sync, { log });
  core.onEvent((event) => post({ type: 'event', event }));
  port.on('message', (message: ToCore) => {
    if (message.type === 'call') {
      void core.call(message.channel, message.input).then((answer) => post({ type: 'answer', id: message.id, answer }));
    } else if (message.type === 'close') {
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
