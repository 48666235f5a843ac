// Server schema 3: how far each of the server's schedulers has done its work (the automatic
// events recorded up to an instant), so a server stopped overnight records on its next start what
// came meanwhile. Every statement may run again (see 001-initial.ts).
import type { Kysely, Migration } from 'kysely';

export const migration003: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('scheduler_marks')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('done_up_to', 'bigint', (c) => c.notNull())
      .execute();
  },
};
