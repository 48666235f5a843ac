// `casedesk web --db PATH [--port N] [--server URL]`: the browser host. Serves the UI and its API
// on 127.0.0.1 and prints the address to open — with this run's key in its fragment — alone on
// its own line. With --server (token in CASEDESK_TOKEN) it syncs with the team's server.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CasedeskApiCore } from '../../core/api/casedesk-api';
import { memoryVault, SyncService } from '../../core/sync/sync-service';
import { startWebHost } from '../../core/host/web-host';
import { CliError, type CliIo } from '../cli-io';
import { parsePort } from '../options';
import { openStore } from '../store-access';

export async function webCommand(options: { db?: string; port?: string; server?: string }, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = parsePort(options.port, 0);
  const rendererDir = fileURLToPath(new URL('../renderer', io.workerScript ?? import.meta.url));
  if (!existsSync(`${rendererDir}/index.html`)) throw new CliError(`the UI is not built (${rendererDir} is missing): run npm run build`);
  const store = openStore(options.db, { create: true, now: io.now });
  const log = (line: string) => io.err(`${line}\n`);
  // No OS keychain here: the token (CASEDESK_TOKEN, or typed in the page) is kept in memory only.
  const sync = new SyncService(store, { vault: memoryVault(env.CASEDESK_TOKEN ?? null), log });
  if (options.server) {
    if (!env.CASEDESK_TOKEN) throw new CliError('--server needs your token in the CASEDESK_TOKEN environment variable', 2);
    try {
      await sync.connect(options.server, env.CASEDESK_TOKEN);
    } catch (err) {
      log(`not syncing: ${(err as Error).message}; Casedesk works locally and you can connect from the page`);
    }
  }
  sync.start();
  let host;
  try {
    host = await startWebHost({ api: new CasedeskApiCore(store, sync), rendererDir, port, log });
  } catch (err) {
    await sync.close();
    store.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: choose another with --port, or leave it out to take a free one`);
    throw err;
  }
  io.err(`Casedesk is serving ${options.db} (${store.caseCount()} cases). Open this address in a browser; Ctrl+C stops it.\n`);
  io.out(`${host.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      void host.close().then(async () => {
        await sync.close();
        store.close();
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
