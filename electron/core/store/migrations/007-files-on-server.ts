// Schema 7: the files this desktop knows the central store holds (it sent them, or took them from
// there), so a sync asks the server only about the others — a desktop with ten thousand files
// asks about the few that are new.
import type { Migration } from './migration';

export const migration007: Migration = {
  version: 7,
  name: 'files known on the server',
  up(db) {
    db.exec(`
      CREATE TABLE files_on_server (
        sha256 TEXT PRIMARY KEY
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
