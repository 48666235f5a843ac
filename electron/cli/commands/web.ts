// `casedesk web --db PATH [--port N]`: the browser host. Serves the UI and its API on 127.0.0.1
// and prints the address to open — with this run's key in its fragment — alone on its own line.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CasedeskApiCore } from '../../core/api/casedesk-api';
import { startWebHost } from '../../core/host/web-host';
import { CliError, type CliIo } from '../cli-io';
import { parsePort } from '../options';
import { openStore } from '../store-access';

export async function webCommand(options: { db?: string; port?: string }, io: CliIo): Promise<void> {
  const port = parsePort(options.port, 0);
  const rendererDir = fileURLToPath(new URL('../renderer', io.workerScript ?? import.meta.url));
  if (!existsSync(`${rendererDir}/index.html`)) throw new CliError(`the UI is not built (${rendererDir} is missing): run npm run build`);
  const store = openStore(options.db, { create: true, now: io.now });
  let host;
  try {
    host = await startWebHost({ api: new CasedeskApiCore(store), rendererDir, port, log: (line) => io.err(`${line}\n`) });
  } catch (err) {
    store.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: choose another with --port, or leave it out to take a free one`);
    throw err;
  }
  io.err(`Casedesk is serving ${options.db} (${store.caseCount()} cases). Open this address in a browser; Ctrl+C stops it.\n`);
  io.out(`${host.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      void host.close().then(() => {
        store.close();
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
