// Once per test run: builds the command line and the UI, so the CLI and browser tests run the
// sources under test (CASEDESK_SKIP_BUILD=1 skips it, for a quick rerun of tests that use
// neither), and makes sure the PostgreSQL the server's suites run against is up — starting it
// with scripts/ensure-postgres.sh (as .ci/run does) when it is not and this user may. The run's
// temporary files live in one folder of their own, removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

/**
 * Every temporary file of this run goes in one folder of its own (TMPDIR, which the test workers
 * and the processes they start inherit), removed at the end: repeated runs do not fill the disk,
 * and two runs at once never touch each other's files.
 */
function runTemporaries(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'casedesk-run-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

export default async function setup(): Promise<() => void> {
  const teardown = runTemporaries();
  await ensurePostgres();
  if (process.env.CASEDESK_SKIP_BUILD === '1') return teardown;
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  return teardown;
}
