// `casedesk server …`: run the central store (`--db PATH`, SQLite; or `--postgres URL`), manage
// its users (`server user add NAME --role R`, printing the new token alone on its last line) and
// load an existing tracker's export into it (`server import FILE`, all or nothing).
import { existsSync } from 'node:fs';
import { readCasesFile } from '../../core/cases-file';
import { loadPolicyFile } from '../../core/policy-file';
import { ServerStoreError } from '../../../server/store/open-server-store';
import { ServerStore } from '../../../server/store/server-store';
import { startCentralServer } from '../../../server/start-server';
import { CliError, type CliIo } from '../cli-io';
import { parsePort } from '../options';
import { printable } from '../../../shared/validation/control-characters';

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

/** The location options again, for a command to suggest (a PostgreSQL URL's password is not repeated). */
function locationArgs(options: ServerLocationOptions): string {
  return options.db ? `--db ${options.db}` : '--postgres URL';
}

/**
 * Run `work` on the server's store, closing it whatever happens; the store's refusals (no such
 * user, a clashing policy…) become the command's error message.
 */
async function withServerStore<T>(options: ServerLocationOptions, work: (store: ServerStore) => Promise<T>): Promise<T> {
  let store: ServerStore;
  try {
    store = await ServerStore.open(location(options));
  } catch (err) {
    if (err instanceof ServerStoreError) throw new CliError(err.message);
    throw err;
  }
  try {
    return await work(store);
  } catch (err) {
    if (err instanceof ServerStoreError) throw new CliError(err.message);
    throw err;
  } finally {
    await store.close();
  }
}

export async function serverCommand(
  options: ServerLocationOptions & { port?: string; host?: string; trustProxy?: string; publicUrl?: string; files?: string; maxFileSize?: string },
  io: CliIo,
): Promise<void> {
  const port = parsePort(options.port, 0);
  const maxFileBytes = options.maxFileSize === undefined ? undefined : parseSize(options.maxFileSize, '--max-file-size');
  if (options.publicUrl !== undefined && !/^https?:\/\/[^/]+/i.test(options.publicUrl)) {
    throw new CliError(`--public-url: "${options.publicUrl}" is not an http:// or https:// address`, 2);
  }
  const where = location(options);
  if (where.sqlite && !existsSync(where.sqlite)) io.err(`Creating ${where.sqlite}.\n`);
  let server;
  try {
    server = await startCentralServer({
      ...where,
      port,
      host: options.host ?? '127.0.0.1',
      trustProxy: options.trustProxy,
      publicUrl: options.publicUrl,
      ...(options.files ? { files: options.files } : {}),
      ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
      log: (line) => io.err(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof ServerStoreError) throw new CliError(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${port} is in use: choose another with --port`);
    throw err;
  }
  const staff = (await server.store.users()).filter((u) => !u.system && !u.revoked);
  io.err(`Casedesk server on ${server.store.where} (${server.store.dialect}), files in ${server.filesRoot}. Ctrl+C stops it.\n`);
  const addUser = (role: string) => `casedesk server user add NAME --role ${role} ${locationArgs(options)}`;
  if (staff.length === 0) io.err(`Add users with: ${addUser('engineer|on-call|manager|admin')}\n`);
  else if (!staff.some((u) => u.role === 'on-call')) {
    io.err(`Nobody is on call (no user with the on-call role who is not revoked): a Severity-1 case opened online pages nobody (the customer is asked to phone). Add one with: ${addUser('on-call')}\n`);
  }
  io.out(`${server.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function userAddCommand(name: string, options: ServerLocationOptions & { role: string }, io: CliIo): Promise<void> {
  await withServerStore(options, async (store) => {
    const { user, token } = await store.addUser(name, options.role);
    io.err(`Added ${user.name} (${user.role}). Their token, shown this once — give it to them to sign in:\n`);
    io.out(`${token}\n`);
  });
}

/**
 * `casedesk server import FILE`: an admin loads an existing tracker's export (casedesk.cases/1) into
 * the central store — validated first, then all or nothing in one transaction — under the policy
 * given, else the server's policy in force. Desktops get the cases on their next sync.
 */
export async function serverImportCommand(file: string, options: ServerLocationOptions & { policy?: string }, io: CliIo): Promise<void> {
  location(options); // usage first
  // Everything that can be checked before the database is touched is checked first.
  const given = options.policy !== undefined ? loadPolicyFile(options.policy) : null;
  const parsed = readCasesFile(file, { forImport: true });
  await withServerStore(options, async (store) => {
    const policy = given ?? (await store.policyInForce());
    const total = parsed.file.cases.length;
    let shown = 0;
    const result = await store.importCases(parsed, policy, {
      source: file,
      onProgress: (done) => {
        if (done - shown < 10_000 || done === total) return;
        shown = done;
        io.err(`importing: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} cases\n`);
      },
    });
    const versions = result.imported === 0 ? '' : `; versions ${result.firstVersion}–${result.lastVersion}`;
    io.out(`imported ${result.imported} case${result.imported === 1 ? '' : 's'} into ${store.where} (policy ${policy.id} v${policy.version}${versions})\n`);
  });
}

/** `casedesk server policy use FILE`: the policy the cases opened on the server (the online form) are logged under. */
export async function serverPolicyUseCommand(file: string, options: ServerLocationOptions, io: CliIo): Promise<void> {
  location(options);
  const policy = loadPolicyFile(file);
  await withServerStore(options, async (store) => {
    await store.usePolicy(policy);
    io.out(`cases opened on ${store.where} are now logged under policy ${policy.id} v${policy.version}\n`);
  });
}

/** `casedesk server user token NAME`: a new token for a user; the old one stops working at once. */
export async function userTokenCommand(name: string, options: ServerLocationOptions, io: CliIo): Promise<void> {
  await withServerStore(options, async (store) => {
    const { user, token } = await store.newToken(name);
    io.err(`New token for ${user.name} (${user.role}); the old one no longer works. Shown this once:\n`);
    io.out(`${token}\n`);
  });
}

/** `casedesk server user revoke NAME`: the user's token stops working; their work stays theirs. */
export async function userRevokeCommand(name: string, options: ServerLocationOptions, io: CliIo): Promise<void> {
  await withServerStore(options, async (store) => {
    const user = await store.revokeUser(name);
    io.out(`${user.name} can no longer sign in or sync (a connected desktop is cut off within 15 seconds); what they did stays theirs. To let them in again: casedesk server user token "${user.name}" ${locationArgs(options)}\n`);
  });
}

/** `casedesk server user list`: every user and their role, and "revoked" for a revoked one. */
export async function userListCommand(options: ServerLocationOptions, io: CliIo): Promise<void> {
  await withServerStore(options, async (store) => {
    const users = await store.users();
    if (users.length === 0) io.err('no users yet: casedesk server user add NAME --role ROLE\n');
    for (const u of users) io.out(`${printable(u.name)}\t${u.role}${u.revoked ? '\trevoked' : u.system ? "\tCasedesk's own" : ''}\n`);
  });
}

const UNITS: Record<string, number> = { '': 1, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** A size such as 4GB, 500MB or 1048576 (bytes), in bytes; a clear error otherwise. */
export function parseSize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?B?)\s*$/i.exec(text);
  const unit = match?.[2]?.toUpperCase() ?? '';
  const bytes = match ? Math.floor(Number(match[1]) * (UNITS[unit] ?? UNITS[`${unit}B`]!)) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new CliError(`${option}: "${text}" is not a size (for example 4GB, 500MB or a number of bytes)`, 2);
  return bytes;
}
