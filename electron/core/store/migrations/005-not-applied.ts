// Schema 5: a change the server could not apply (a fault on its side, not the policy's rules)
// stays pending in the outbox with the failure, how often it was tried and when it goes again
// (back-off); a case the server refused to create is kept whole in `refused_cases` when it is
// taken out of the queue, so its content can be exported or restored.
import type { Migration } from './migration';

export const migration005: Migration = {
  version: 5,
  name: 'changes not applied, refused cases kept',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0; -- pushes the server could not apply
      ALTER TABLE outbox ADD COLUMN retry_at INTEGER;                     -- not sent before (epoch ms)

      CREATE TABLE refused_cases (
        case_id    TEXT    PRIMARY KEY,
        number     TEXT    NOT NULL,
        record     TEXT    NOT NULL, -- the case as casedesk.cases/1 has it, events included
        policy_id  TEXT    NOT NULL,
        policy_version INTEGER NOT NULL,
        reason     TEXT    NOT NULL,
        refused_at INTEGER NOT NULL,
        restored_at INTEGER             -- taken back into the queue (a new case, by restoreRefusedCase)
      ) STRICT;
    `);
  },
};
