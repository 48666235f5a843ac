// Schema 9: indexes that let the queue answer a view, a filter or a sort over 100,000 cases
// without reading every case. One per sortable column (the sort the page query names with
// INDEXED BY, so the first page is the first rows of the index), one for "checklist incomplete"
// sorted by progress, one covering the columns the views and filters test (the counts read it, not
// the cases), and one finding the cases whose clocks are not worked out yet.
import type { Migration } from './migration';

export const migration009: Migration = {
  version: 9,
  name: 'queue indexes',
  up(db) {
    db.exec(`
      CREATE INDEX cases_clocks_unset ON cases (seq) WHERE clocks_at IS NULL;
      CREATE INDEX cases_queue_filters ON cases (current_severity, effective_status, checklist_settled, checklist_total, missing_count,
        engineer, resp_final, resp_breach_at, res_final, res_breach_at, res_paused);
      CREATE INDEX cases_by_severity ON cases (current_severity);
      CREATE INDEX cases_by_company ON cases (company COLLATE NOCASE);
      CREATE INDEX cases_by_summary ON cases (summary COLLATE NOCASE);
      CREATE INDEX cases_by_engineer ON cases (engineer COLLATE NOCASE);
      CREATE INDEX cases_by_response ON cases (resp_breach_at);
      CREATE INDEX cases_by_resolution ON cases (res_breach_at);
      CREATE INDEX cases_by_missing ON cases (missing_count);
      CREATE INDEX cases_by_checklist ON cases (checklist_settled * 1.0 / max(checklist_total, 1));
      CREATE INDEX cases_by_last_activity ON cases (last_activity_at);
      CREATE INDEX cases_checklist_incomplete ON cases (checklist_settled * 1.0 / max(checklist_total, 1))
        WHERE effective_status <> 'closed' AND checklist_settled < checklist_total;
    `);
  },
};
