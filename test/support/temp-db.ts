// Fresh database paths in a temporary folder, for tests that need real SQLite files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDbPath(name = 'cases.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'casedesk-db-')), name);
}
