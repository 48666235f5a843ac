// Schema 2: the sync outbox. Every change is a named mutation written here in the same
// transaction as its effect, ready to be pushed to the central store.
import type { Migration } from './migration';

export const migration002: Migration = {
  version: 2,
  name: 'sync outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        seq         INTEGER PRIMARY KEY,
        mutation_id TEXT    NOT NULL UNIQUE,
        name        TEXT    NOT NULL,
        case_id     TEXT,
        args        TEXT    NOT NULL,
        created_at  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
