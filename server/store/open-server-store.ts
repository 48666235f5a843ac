// Opens the central store on its database: an embedded SQLite file (the default, one team on one
// machine) or PostgreSQL (several server processes, one database). The one place that sets the
// SQLite pragmas and runs the server's migrations; everything above talks to Kysely only.
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely';
import pg from 'pg';
import { migration001 } from './migrations/001-initial';
import { migration002 } from './migrations/002-team-documents';
import { migration003 } from './migrations/003-scheduler-marks';
import { migration004 } from './migrations/004-case-pages';
import type { ServerDatabase } from './schema';

export type Dialect = 'sqlite' | 'postgres';

export interface StoreLocation {
  /** An SQLite file, created when missing. */
  sqlite?: string;
  /** A PostgreSQL connection URL. */
  postgres?: string;
  log?: (line: string) => void;
}

export class ServerStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStoreError';
  }
}

const MIGRATIONS: Record<string, Migration> = { '001-initial': migration001, '002-team-documents': migration002, '003-scheduler-marks': migration003, '004-case-pages': migration004 };

// bigint columns (instants, versions) come back from pg as strings: every one of ours fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

export interface OpenedDatabase {
  db: Kysely<ServerDatabase>;
  dialect: Dialect;
  /** Where it is, for messages (a PostgreSQL URL without its password). */
  where: string;
}

export async function openServerDatabase(location: StoreLocation): Promise<OpenedDatabase> {
  let opened: OpenedDatabase;
  if (location.postgres) {
    const where = redactUrl(location.postgres);
    const pool = new pg.Pool({ connectionString: location.postgres, max: 10, connectionTimeoutMillis: 10_000 });
    // An idle connection dropped by PostgreSQL (restart, failover, idle timeout) is only logged:
    // the pool opens another when it is next needed. Unhandled, it would end the process.
    pool.on('error', (err) => location.log?.(`PostgreSQL: an idle connection failed (${err.message}); it will be replaced`));
    opened = { db: new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres', where };
    try {
      const client = await pool.connect();
      client.release();
    } catch (err) {
      await opened.db.destroy();
      throw new ServerStoreError(`cannot connect to PostgreSQL at ${where}: ${(err as Error).message}`);
    }
  } else if (location.sqlite) {
    let sqlite: Database.Database;
    try {
      sqlite = new Database(location.sqlite);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
    } catch (err) {
      throw new ServerStoreError(`cannot open ${location.sqlite}: ${(err as Error).message}`);
    }
    opened = { db: new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: sqlite }) }), dialect: 'sqlite', where: location.sqlite };
  } else {
    throw new ServerStoreError('no database given: --db PATH (SQLite) or --postgres URL');
  }
  try {
    await migrate(opened.db);
  } catch (err) {
    await opened.db.destroy();
    throw err;
  }
  return opened;
}

async function migrate(db: Kysely<ServerDatabase>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'server_migrations',
    migrationLockTableName: 'server_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const message = (error as Error).message ?? String(error);
    if (/corrupted migrations|previously executed migration .* missing/i.test(message)) {
      throw new ServerStoreError(`this database was written by a newer Casedesk server: ${message}`);
    }
    throw new ServerStoreError(`migrating the database failed${failed ? ` at ${failed.migrationName}` : ''}: ${message}`);
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a PostgreSQL URL that does not parse)';
  }
}
