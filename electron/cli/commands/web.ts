// `casedesk web --db PATH [--port N] [--server URL]`: the browser host. Serves the UI and its API
// on 127.0.0.1 and prints the address to open — with this run's key in its fragment — alone on
// its own line. With --server (token in CASEDESK_TOKEN) it syncs with the team's server. The core
// runs in a worker thread of its own (the command's bundle started again), so the host answers
// and streams events while the core works.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from '../../core/host/web-host';
import { CoreThread } from '../../core/thread/core-thread';
import { CliError, type CliIo } from '../cli-io';
import { parsePort } from '../options';
import { dbPath } from '../store-access';

export async function webCommand(options: { db?: string; port?: string; server?: string; files?: string }, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = parsePort(options.port, 0);
  const rendererDir = fileURLToPath(new URL('../renderer', io.workerScript ?? import.meta.url));
  if (!existsSync(`${rendererDir}/index.html`)) throw new CliError(`the UI is not built (${rendererDir} is missing): run npm run build`);
  if (!io.workerScript) throw new CliError('casedesk web runs from the built command line (out/cli/casedesk.mjs)');
  if (options.server && !env.CASEDESK_TOKEN) throw new CliError('--server needs your token in the CASEDESK_TOKEN environment variable', 2);
  const db = dbPath(options.db);
  const log = (line: string) => io.err(`${line}\n`);
  let core: CoreThread;
  try {
    // No OS keychain here: the token (CASEDESK_TOKEN, or typed in the page) is kept in memory only.
    core = await CoreThread.start(
      io.workerScript,
      {
        dbPath: db,
        create: true,
        vault: { kind: 'memory', token: env.CASEDESK_TOKEN ?? null },
        ...(options.files ? { filesDir: resolve(options.files) } : {}),
        logSearchWorker: fileURLToPath(new URL('./log-search-worker.mjs', io.workerScript)),
        ...(options.server ? { connect: { server: options.server, token: env.CASEDESK_TOKEN! } } : {}),
      },
      { log },
    );
  } catch (err) {
    throw new CliError(`${db}: ${(err as Error).message}`);
  }
  for (const note of core.notes) log(note);
  let host;
  try {
    host = await startWebHost({ api: core, rendererDir, port, log });
  } catch (err) {
    await core.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: choose another with --port, or leave it out to take a free one`);
    throw err;
  }
  io.err(`Casedesk is serving ${db} (${core.caseCount} cases). Open this address in a browser; Ctrl+C stops it.\n`);
  io.out(`${host.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      void host.close().then(async () => {
        await core.close();
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
