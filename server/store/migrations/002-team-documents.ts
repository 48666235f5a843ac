// Server schema 2: the documents the whole team shares (the product catalogue), one row each, with
// its revision, who put it in use and when, and the version it was last stamped with (a pull sends
// the ones changed since). Every statement may run again (see 001-initial.ts).
import type { Kysely, Migration } from 'kysely';

export const migration002: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('team_documents')
      .ifNotExists()
      .addColumn('subject', 'text', (c) => c.primaryKey())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'bigint')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('team_documents_version').ifNotExists().on('team_documents').column('version').execute();
  },
};
