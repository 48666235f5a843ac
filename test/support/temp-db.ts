// Fresh database paths in a temporary folder, for tests that need real SQLite files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDbPath(name = 'cases.db'): string {
  return join(mkdtempSync(join(tmpdir(), 'casedesk-db-')), name);
}

/**
 * Where a test server keeps file bytes: beside its SQLite file (the server's own default), or for
 * a PostgreSQL database a temporary folder named by the database — the same for every server
 * process on it, as they share one in production — never the repository's folder.
 */
export function serverFilesFor(location: { sqlite?: string; postgres?: string }): string | undefined {
  if (!location.postgres) return undefined;
  return join(tmpdir(), 'casedesk-test-server-files', new URL(location.postgres).pathname.replace(/\W/g, '') || 'postgres');
}
