// A central server on SQLite killed during its very first start (or during the first
// `casedesk server user add`, which creates the database too) must start again on that file.
//
// BUG: it does not. Kysely's SqliteAdapter says SQLite has no transactional DDL
// (node_modules/kysely/dist/esm/dialect/sqlite/sqlite-adapter.js, supportsTransactionalDdl =
// false), so its Migrator runs server/store/migrations/001-initial.ts statement by statement in
// autocommit mode (migrator.js, #runMigrations). A process that dies part-way — SIGKILL, a crash,
// Ctrl+C before the server installs its handler — leaves some of the tables and no record of
// the migration in server_migrations; every later open runs 001 again and fails for good:
//   casedesk: migrating the database failed at 001-initial: table "sync_state" already exists
// (server/store/open-server-store.ts, migrate()). Seen at process level by SIGKILLing
// `casedesk server --db NEW.db` a few milliseconds after the file appears: 5 in 25 tries broke it.
//
// The reproduction below is deterministic: it runs the server's own migration with Kysely's
// Migrator (the same tables and names as openServerDatabase) and stops it dead before its k-th
// statement — what a kill at that moment leaves, since every earlier statement was committed —
// for every k, then opens the file as the server does.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migration001 } from '../../server/store/migrations/001-initial';
import { ServerStore } from '../../server/store/server-store';
import { tempDbPath } from '../support/temp-db';

class Killed extends Error {}

/** Lets `limit` statements through, then the "process" dies: nothing more reaches the database. */
class DieAfter implements KyselyPlugin {
  statements = 0;
  constructor(private readonly limit: number) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (++this.statements > this.limit) throw new Killed(`killed before statement ${this.statements}`);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The server's first migration on a new file, cut off after `limit` statements; how many it ran. */
async function firstStartKilledAfter(file: string, limit: number): Promise<{ ran: number; finished: boolean }> {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  const die = new DieAfter(limit);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [die] });
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ '001-initial': migration001 }) },
    migrationTableName: 'server_migrations',
    migrationLockTableName: 'server_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  await db.destroy().catch(() => {});
  if (error && !(error instanceof Killed)) throw error;
  return { ran: Math.min(die.statements, limit), finished: !error };
}

describe('the central server on SQLite, killed during its first start', () => {
  it('starts again on the same file, wherever the migration was cut off', async () => {
    const broken: string[] = [];
    for (let limit = 0; limit < 200; limit++) {
      const file = tempDbPath('central.db');
      const { finished } = await firstStartKilledAfter(file, limit);
      if (finished) break; // the whole migration fits in `limit` statements: every cut was tried
      try {
        const store = await ServerStore.open({ sqlite: file });
        expect(await store.head()).toBe(0);
        await store.addUser('Ann', 'admin');
        await store.close();
      } catch (err) {
        broken.push(`killed after ${limit} statements: ${(err as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
