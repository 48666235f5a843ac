// Schema 1: cases with every field the support policy requires, their append-only event log, the
// policy snapshots cases were logged under, and the desktop's own settings.
import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  name: 'cases and events',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- The policy documents cases were logged under, by id and version, never rewritten.
      CREATE TABLE policies (
        id          TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        document    TEXT    NOT NULL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (id, version)
      ) STRICT;

      CREATE TABLE cases (
        seq              INTEGER PRIMARY KEY,
        id               TEXT    NOT NULL UNIQUE,
        number           TEXT    NOT NULL UNIQUE,
        severity         INTEGER NOT NULL,           -- at first report; later changes are events
        type             TEXT    NOT NULL CHECK (type IN ('problem', 'feature-request')),
        channel          TEXT,
        logged_at        INTEGER NOT NULL,           -- first report, epoch ms
        logged_at_text   TEXT    NOT NULL,           -- as recorded, with its offset
        company          TEXT,
        contract_id      TEXT,
        summary          TEXT,
        engineer         TEXT,
        contact_name     TEXT,
        contact_email    TEXT,
        contact_phone    TEXT,
        product          TEXT,
        software_version TEXT,
        hardware         TEXT,
        os               TEXT,
        symptoms         TEXT,
        nature           TEXT,
        reproduction     TEXT,
        workarounds      TEXT,
        recommendation   TEXT,
        status           TEXT    NOT NULL,           -- the last recorded status
        current_severity INTEGER NOT NULL,
        extra            TEXT    NOT NULL DEFAULT '{}', -- fields this version does not know, kept as given
        policy_id        TEXT    NOT NULL,
        policy_version   INTEGER NOT NULL,
        origin           TEXT    NOT NULL CHECK (origin IN ('import', 'local')),
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        FOREIGN KEY (policy_id, policy_version) REFERENCES policies (id, version)
      ) STRICT;
      CREATE INDEX cases_logged_at ON cases (logged_at);

      CREATE TABLE events (
        seq         INTEGER PRIMARY KEY,
        case_seq    INTEGER NOT NULL REFERENCES cases (seq),
        idx         INTEGER NOT NULL,                -- position in the case's event list
        id          TEXT    NOT NULL UNIQUE,
        at          INTEGER NOT NULL,
        at_text     TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        author      TEXT,
        reason      TEXT,
        data        TEXT    NOT NULL DEFAULT '{}',   -- every other field of the event
        recorded_at INTEGER NOT NULL,
        UNIQUE (case_seq, idx)
      ) STRICT;

      -- The log is append-only.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN
        SELECT RAISE(ABORT, 'events are append-only');
      END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN
        SELECT RAISE(ABORT, 'events are append-only');
      END;
    `);
  },
};
