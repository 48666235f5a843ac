// Schema 8: each case's troubleshooting checklist progress (steps done or not applicable, of its
// policy's steps), kept beside the case like its clocks so the queue shows it as a column and
// filters "checklist incomplete" over 100,000 cases in SQL. Worked out with the clocks: the
// cases' clocks are marked not yet worked out, so the store refreshes every case once at start.
import type { Migration } from './migration';

export const migration008: Migration = {
  version: 8,
  name: 'checklist progress',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN checklist_settled INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE cases ADD COLUMN checklist_total   INTEGER NOT NULL DEFAULT 0;
      UPDATE cases SET clocks_at = NULL;
    `);
  },
};
