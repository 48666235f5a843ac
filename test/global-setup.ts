// Once per test run: builds the command line and the UI, so the CLI and browser tests run the
// sources under test (CASEDESK_SKIP_BUILD=1 skips it, for a quick rerun of tests that use
// neither), and makes sure the PostgreSQL the server's suites run against is up — starting it
// with scripts/ensure-postgres.sh (as .ci/run does) when it is not and this user may. At the end,
// it removes the temporary folders the run made.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { POSTGRES_URL } from './support/postgres';

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensurePostgres(): Promise<void> {
  if ((await reachable()) === null) return;
  if (process.getuid?.() === 0 && !process.env.CASEDESK_TEST_POSTGRES) {
    execFileSync('bash', ['scripts/ensure-postgres.sh'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const problem = await reachable();
  if (problem !== null) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (${problem}). The server's tests run against it: ` +
        'run `sudo bash scripts/ensure-postgres.sh` (installs and starts it on 127.0.0.1), or set CASEDESK_TEST_POSTGRES to a database URL whose role may CREATE DATABASE.',
    );
  }
}

/** The temporary folders tests make (test/support/temp-db.ts, run-casedesk.ts, the e2e profiles…). */
const TEMP_PREFIX = /^casedesk-/;

/** Remove the temporary folders this run made, so repeated runs do not fill the disk. */
function removeTemporaries(since: number): void {
  for (const name of readdirSync(tmpdir())) {
    if (!TEMP_PREFIX.test(name)) continue;
    const path = join(tmpdir(), name);
    try {
      if (statSync(path).birthtimeMs >= since) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

export default async function setup(): Promise<() => void> {
  const started = Date.now();
  await ensurePostgres();
  const teardown = () => removeTemporaries(started);
  if (process.env.CASEDESK_SKIP_BUILD === '1') return teardown;
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  return teardown;
}
