// Server schema 4: pages sent to people rather than roles. Each step of a Severity-1 case's page
// (the engineer on call, the secondary, management) is kept with the names it went to, so a desktop
// that connects later is given the pages still waiting for its user's answer; the answer itself is
// on the case (a `page-acknowledged` event). The table of role pages before it (`pages`) is no
// longer written. Every statement may run again (see 001-initial.ts).
import type { Kysely, Migration } from 'kysely';

export const migration004: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('case_pages')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('recipients', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_pages_created').ifNotExists().on('case_pages').column('created_at').execute();
  },
};
