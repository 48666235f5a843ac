// Server schema 1: users, desktops, policies, cases, their events, every mutation pushed and
// each field change. Written with Kysely's schema builder, so one migration serves both dialects.
// Every statement may run again: on SQLite, Kysely's migrator runs a migration's statements one
// by one outside a transaction, so a server killed during its first start must be able to finish
// the migration on the next.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';

export const migration001: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sync_state')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      // This store's identity: a desktop synced with one server never mixes in another's cases.
      .addColumn('server_id', 'text', (c) => c.notNull())
      // The policy cases opened on the server (the online form) are logged under, set by an admin
      // (`casedesk server policy use`); NULL: the default policy.
      .addColumn('policy_id', 'text')
      .addColumn('policy_version', 'integer')
      .execute();
    await sql`INSERT INTO sync_state (id, version, server_id) VALUES (1, 0, ${randomUUID()}) ON CONFLICT (id) DO NOTHING`.execute(db);

    await db.schema
      .createTable('users')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('engineer', 'on-call', 'manager', 'admin')`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('clients')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      // The short code its case numbers start with (`7KQ-12`), unique across the team.
      .addColumn('desk_code', 'text', (c) => c.unique())
      .execute();

    await db.schema
      .createTable('policies')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('policies_pk', ['id', 'version'])
      .execute();

    await db.schema
      .createTable('cases')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('number', 'text', (c) => c.notNull().unique())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('policy_version', 'integer', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('last_change_id', 'text')
      .addColumn('last_change_name', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addForeignKeyConstraint('cases_policy', ['policy_id', 'policy_version'], 'policies', ['id', 'version'])
      .execute();
    await db.schema.createIndex('cases_version').ifNotExists().on('cases').column('version').execute();

    await db.schema
      .createTable('events')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('idx', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .addColumn('mutation', 'text')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('events_case_idx', ['case_id', 'idx'])
      .execute();

    await db.schema
      .createTable('mutations')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('args', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('applied', 'rejected')`))
      .addColumn('error', 'text')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('made_at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mutations_case').ifNotExists().on('mutations').column('case_id').execute();

    await db.schema
      .createTable('field_changes')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey()) // UUIDv7: in time order
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('previous', 'text')
      .addColumn('value', 'text')
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('mutation_id', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      // 1: the field had been changed by someone else since the author saw it.
      .addColumn('concurrent', 'integer', (c) => c.notNull().defaultTo(0))
      // The other version the field stays in conflict with after this change (NULL: none).
      .addColumn('conflict_with', 'text')
      .addColumn('conflict_author', 'text')
      .execute();
    // Severity-1 pages sent, so a desktop that connects a little later still gets them.
    await db.schema
      .createTable('pages')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pages_created').ifNotExists().on('pages').column('created_at').execute();

    await db.schema.createIndex('field_changes_case').ifNotExists().on('field_changes').column('case_id').execute();
  },
};
