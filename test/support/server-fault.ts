// A real fault in the central store's own database, for tests: a trigger that fails inserts of
// cases with "disk I/O error", as a failing disk would, on SQLite and PostgreSQL alike.
import { sql } from 'kysely';
import type { SyncWorld } from './sync-world';

/** Make the server's database fail every insert of a case (only of `caseId`, when given) with "disk I/O error". */
export async function breakCaseInserts(world: SyncWorld, caseId?: string): Promise<void> {
  const db = world.server.store.db;
  if (world.server.store.dialect === 'sqlite') {
    const when = caseId ? sql` WHEN NEW.id = ${sql.lit(caseId)}` : sql``;
    await sql`CREATE TRIGGER fault BEFORE INSERT ON cases${when} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`.execute(db);
  } else {
    const test = caseId ? sql.raw(`IF NEW.id = '${caseId}' THEN RAISE EXCEPTION 'disk I/O error'; END IF;`) : sql.raw(`RAISE EXCEPTION 'disk I/O error';`);
    await sql`CREATE OR REPLACE FUNCTION fault() RETURNS trigger AS $$ BEGIN ${test} RETURN NEW; END $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER fault BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION fault()`.execute(db);
  }
}

/** Take the fault away again. */
export async function heal(world: SyncWorld): Promise<void> {
  const db = world.server.store.db;
  if (world.server.store.dialect === 'sqlite') await sql`DROP TRIGGER fault`.execute(db);
  else await sql`DROP TRIGGER fault ON cases`.execute(db);
}

