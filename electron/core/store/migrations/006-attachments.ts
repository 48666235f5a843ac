// Schema 6: a case's files are named by their content's SHA-256 in its `attachment` and
// `attachment-removed` events (the bytes live beside the database, electron/core/files/). An
// index on that hash answers "does anything still refer to these bytes?" without reading every
// event.
import type { Migration } from './migration';

export const migration006: Migration = {
  version: 6,
  name: 'attachments by content hash',
  up(db) {
    db.exec(`
      CREATE INDEX events_by_file ON events (json_extract(data, '$.sha256'))
        WHERE type IN ('attachment', 'attachment-removed');
    `);
  },
};
