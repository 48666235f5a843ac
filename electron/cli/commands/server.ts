// `casedesk server …`: run the central store (`--db PATH`, SQLite; or `--postgres URL`) and manage
// its users (`server user add NAME --role R`, printing the new token alone on its last line).
import { existsSync } from 'node:fs';
import { ServerStoreError } from '../../../server/store/open-server-store';
import { ServerStore } from '../../../server/store/server-store';
import { startCentralServer } from '../../../server/start-server';
import { CliError, type CliIo } from '../cli-io';
import { parsePort } from '../options';

export interface ServerLocationOptions {
  db?: string;
  postgres?: string;
}

function location(options: ServerLocationOptions): { sqlite?: string; postgres?: string } {
  if (options.db && options.postgres) throw new CliError('give --db PATH (SQLite) or --postgres URL, not both', 2);
  const postgres = options.postgres ?? undefined;
  if (!options.db && !postgres) throw new CliError('--db PATH (an SQLite file, created when missing) or --postgres URL is required', 2);
  return options.db ? { sqlite: options.db } : { postgres };
}

async function openServerStore(options: ServerLocationOptions): Promise<ServerStore> {
  try {
    return await ServerStore.open(location(options));
  } catch (err) {
    if (err instanceof ServerStoreError) throw new CliError(err.message);
    throw err;
  }
}

export async function serverCommand(options: ServerLocationOptions & { port?: string; host?: string }, io: CliIo): Promise<void> {
  const port = parsePort(options.port, 0);
  const where = location(options);
  if (where.sqlite && !existsSync(where.sqlite)) io.err(`Creating ${where.sqlite}.\n`);
  let server;
  try {
    server = await startCentralServer({ ...where, port, host: options.host ?? '127.0.0.1', log: (line) => io.err(`${line}\n`) });
  } catch (err) {
    if (err instanceof ServerStoreError) throw new CliError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: choose another with --port`);
    throw err;
  }
  const users = await server.store.usersWithRole('admin');
  io.err(`Casedesk server on ${server.store.where} (${server.store.dialect}). Ctrl+C stops it.\n`);
  if (users.length === 0) io.err('Add users with: casedesk server user add NAME --role engineer|on-call|manager|admin ' + (where.sqlite ? `--db ${where.sqlite}` : '--postgres URL') + '\n');
  io.out(`${server.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function userAddCommand(name: string, options: ServerLocationOptions & { role: string }, io: CliIo): Promise<void> {
  const store = await openServerStore(options);
  try {
    const { user, token } = await store.addUser(name, options.role);
    io.err(`Added ${user.name} (${user.role}). Their token, shown this once — give it to them to sign in:\n`);
    io.out(`${token}\n`);
  } catch (err) {
    if (err instanceof ServerStoreError) throw new CliError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}
