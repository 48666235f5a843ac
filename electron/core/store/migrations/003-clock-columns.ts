// Schema 3: each case's clocks as last worked out by the SLA engine, kept beside the case so the
// queue can page, sort and filter 100,000 cases in SQL. Instants do not change until the case
// does; only "breached yet?" depends on the time of the query, and SQL answers that from
// *_breach_at. `refresh_at` is when the stored clocks go stale without any change to the case
// (a pending auto-close, an event dated ahead): the store re-evaluates such cases when it passes.
import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  name: 'clock columns',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN effective_status TEXT NOT NULL DEFAULT 'new';  -- auto-close included
      ALTER TABLE cases ADD COLUMN resp_final     TEXT;     -- met | breached | not-applicable, once stopped
      ALTER TABLE cases ADD COLUMN resp_due_at    INTEGER;
      ALTER TABLE cases ADD COLUMN resp_breach_at INTEGER;
      ALTER TABLE cases ADD COLUMN resp_met_at    INTEGER;
      ALTER TABLE cases ADD COLUMN res_final      TEXT;
      ALTER TABLE cases ADD COLUMN res_paused     INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN res_due_at     INTEGER;
      ALTER TABLE cases ADD COLUMN res_breach_at  INTEGER;
      ALTER TABLE cases ADD COLUMN res_met_at     INTEGER;
      ALTER TABLE cases ADD COLUMN auto_close_at  INTEGER;
      ALTER TABLE cases ADD COLUMN next_breach_at INTEGER;  -- earliest breach of a clock still open
      ALTER TABLE cases ADD COLUMN missing_count  INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN last_activity_at INTEGER;
      ALTER TABLE cases ADD COLUMN clocks_at      INTEGER;  -- when the clocks were worked out; NULL: not yet
      ALTER TABLE cases ADD COLUMN refresh_at     INTEGER;
      CREATE INDEX cases_next_breach ON cases (next_breach_at);
      CREATE INDEX cases_refresh ON cases (refresh_at);
      CREATE INDEX cases_effective_status ON cases (effective_status);
    `);
  },
};
