// Schema 4: what the sync with the central store needs. Each event knows the change that wrote it
// and whether the server has confirmed it (`pending`: made here, not yet confirmed — the only
// events a sync may take back, when the server orders or refuses the change differently); each
// case knows its last change (for undo), the server version its confirmed state came from and
// the fields two desktops edited at once (shared/cases/field-conflicts.ts);
// the outbox keeps every change with the server's verdict (pending, applied, rejected and why).
import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  name: 'sync',
  up(db) {
    db.exec(`
      DROP TRIGGER events_no_update;
      DROP TRIGGER events_no_delete;

      ALTER TABLE events ADD COLUMN mutation TEXT;                     -- NULL: came with an import
      ALTER TABLE events ADD COLUMN pending INTEGER NOT NULL DEFAULT 1; -- 0: confirmed by the server
      UPDATE events SET mutation = CASE WHEN instr(id, '.') > 0 THEN NULL
                                        ELSE (SELECT name FROM outbox WHERE outbox.mutation_id = events.id) END;

      ALTER TABLE cases ADD COLUMN last_change_id TEXT;
      ALTER TABLE cases ADD COLUMN last_change_name TEXT;
      ALTER TABLE cases ADD COLUMN server_version INTEGER NOT NULL DEFAULT 0; -- 0: never confirmed
      ALTER TABLE cases ADD COLUMN conflicts TEXT NOT NULL DEFAULT '[]';      -- fields edited on two desktops at once
      UPDATE cases SET (last_change_id, last_change_name) =
        (SELECT mutation_id, name FROM outbox WHERE outbox.case_id = cases.id ORDER BY seq DESC LIMIT 1);

      ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'rejected'));
      ALTER TABLE outbox ADD COLUMN error TEXT;
      ALTER TABLE outbox ADD COLUMN settled_at INTEGER;
      CREATE INDEX outbox_state ON outbox (state, seq);
      CREATE INDEX outbox_case ON outbox (case_id, seq);

      -- Confirmed history is append-only; an unconfirmed event may be taken back by a sync only.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
        SELECT RAISE(ABORT, 'events are append-only');
      END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events WHEN OLD.pending = 0 BEGIN
        SELECT RAISE(ABORT, 'events are append-only');
      END;
    `);
  },
};
