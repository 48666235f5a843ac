// What the central store's modules share: who a change is by, the clock, the database (or a
// transaction of it) with its caches, and the one version counter every change takes first.
// Also how a database failure is told from a change's own (isTransient).
import type { Kysely, Transaction } from 'kysely';
import type { Policy } from '../../shared/policy/policy-schema';
import type { Dialect } from './open-server-store';
import type { Role, ServerDatabase } from './schema';

export interface ServerUser {
  id: string;
  name: string;
  role: Role;
}

export interface ServerClock {
  now(): number;
}

export type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

/** Policies as this server reads them, kept for the store's life (policies are never rewritten). */
export interface PolicyCaches {
  /** Stored policies, parsed, by `id@version`. */
  readonly stored: Map<string, Policy>;
  /** Pushed policy documents, parsed (by their JSON). */
  readonly parsedDocuments: Map<string, Policy>;
  /** The stored policies' documents as this version reads them, by `id@version`, once read. */
  readonly storedText: Map<string, string>;
}

/** What the store's modules work with: one per ServerStore. */
export interface StoreContext {
  readonly db: Kysely<ServerDatabase>;
  readonly dialect: Dialect;
  readonly clock: ServerClock;
  readonly log?: (line: string) => void;
  readonly policies: PolicyCaches;
}

/** Take the next version (or the next `count`: the last is returned); the row lock it takes orders this change after every earlier one. */
export async function bump(trx: Transaction<ServerDatabase>, count = 1): Promise<number> {
  const row = await trx
    .updateTable('sync_state')
    .set((eb) => ({ version: eb('version', '+', count) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/** The version the last change was stamped with. */
export async function headVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('sync_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** The store's identity, made with its database. */
export async function storedServerId(db: Db): Promise<string> {
  return (await db.selectFrom('sync_state').select('server_id').where('id', '=', 1).executeTakeFirstOrThrow()).server_id;
}

/**
 * A failure of the database rather than of the change: busy or locked, out of space, I/O, a
 * connection lost, a serialisation failure, resources exhausted, an administrator's shutdown.
 * The whole push fails (503) and the desktop sends it again later.
 */
export function isTransient(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|NOMEM|INTERRUPT)/.test(code)) return true;
  // PostgreSQL: 08 connection, 40 transaction rollback, 53 resources, 57 operator intervention, 58 system.
  if (/^(08|40|53|57|58)[0-9A-Z]{3}$/.test(code)) return true;
  return /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND)$/.test(code) || /Connection terminated|connection timeout/i.test((err as Error).message ?? '');
}

/** A unique index refused the row (another process took the value first). */
export function isUniqueViolation(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}
