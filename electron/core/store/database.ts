// Opens the desktop's SQLite file: the one place that sets its pragmas and runs its migrations.
// WAL for readers alongside the writer, synchronous=FULL so a committed change survives a power
// cut, foreign keys on, and a refusal to touch a database written by a newer Casedesk.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import type { Migration } from './migrations/migration';

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface OpenOptions {
  /** Create the file when it does not exist (default: refuse, naming the path). */
  create?: boolean;
  readonly?: boolean;
  /** Migrate only up to this version (tests of a migration). */
  targetVersion?: number;
  /** Read-only: accept an older schema as it is (a backup about to be restored and migrated). */
  allowOlder?: boolean;
  migrations?: readonly Migration[];
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (!options.create && path !== ':memory:' && !existsSync(path)) {
    throw new StoreError(`no database at ${path} (use casedesk import to create one)`);
  }
  let db: Database;
  try {
    db = new BetterSqlite3(path, { readonly: options.readonly ?? false, fileMustExist: !options.create });
  } catch (err) {
    throw new StoreError(`cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = checkReadable(db, path);
    if (!options.readonly) {
      enableWal(db);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrate(db, options.migrations ?? MIGRATIONS, options.targetVersion ?? SCHEMA_VERSION);
    } else if (version === 0) {
      throw new StoreError(`${path} is not a Casedesk database (it is empty)`);
    } else if (version < SCHEMA_VERSION && !options.allowOlder) {
      throw new StoreError(`${path} has schema ${version}; open it once read-write (any casedesk command that changes it) to upgrade it to ${SCHEMA_VERSION}`);
    }
    return db;
  } catch (err) {
    db.close();
    throw asStoreError(err, path);
  }
}

/** How long a statement waits for another process's write to finish before saying the file is busy. */
const BUSY_TIMEOUT_MS = 5000;

const isBusy = (err: unknown) => /^SQLITE_(BUSY|LOCKED)/.test((err as { code?: string }).code ?? '');

/**
 * Turn on WAL (kept by the file from then on). Switching a new file needs it to itself; while
 * another process is writing to the file in its old mode (its first migration, two processes
 * opening a new database at once), SQLite refuses the switch at once rather than wait — so this
 * waits and tries again, as long as a statement would.
 */
function enableWal(db: Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
      pause(10 + Math.random() * 40);
    }
  }
}

/** Block this thread for `ms` (openDatabase is synchronous, as better-sqlite3 is). */
function pause(ms: number): void {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    // A thread that may not block (none of Casedesk's): try again at once.
  }
}

/** SQLite's busy and read-only failures, in words a person can act on. */
function asStoreError(err: unknown, path: string): unknown {
  const code = (err as { code?: string }).code ?? '';
  if (isBusy(err)) {
    return new StoreError(`${path} is busy: another Casedesk is writing to it. Try again in a moment.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`${path} cannot be written here (${(err as Error).message}); check the file and folder permissions`);
  }
  return err;
}

function checkReadable(db: Database, path: string): number {
  let version: number;
  let tables: number;
  try {
    // Both in one snapshot: another process's first migration committing between the two looks
    // would show tables without a schema version.
    ({ version, tables } = db.transaction(() => ({
      version: schemaVersion(db),
      tables: (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n,
    }))());
  } catch (err) {
    if (isBusy(err)) throw err;
    throw new StoreError(`${path} is not a Casedesk database (${(err as Error).message})`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `${path} was written by a newer Casedesk (schema ${version}); this version knows schema ${SCHEMA_VERSION} at most. Update Casedesk to open it.`,
    );
  }
  if (version === 0 && tables > 0) {
    throw new StoreError(`${path} is an SQLite database, but not a Casedesk one`);
  }
  return version;
}

/**
 * Apply the migrations above the current version, each with its version bump in one transaction.
 * The version is read again inside the (immediate, so exclusive-for-writers) transaction: two
 * processes opening a new database at once do not both migrate it.
 */
export function migrate(db: Database, migrations: readonly Migration[], target: number): void {
  for (const m of migrations) {
    if (m.version <= schemaVersion(db) || m.version > target) continue;
    db.transaction(() => {
      if (m.version <= schemaVersion(db)) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
