// A fresh PostgreSQL database per test, on the cluster `.ci/run` starts (scripts/ensure-postgres.sh).
// CASEDESK_TEST_POSTGRES names a database the `casedesk` role can connect to and create others from.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.CASEDESK_TEST_POSTGRES ?? 'postgres://casedesk:casedesk@127.0.0.1:5432/postgres';

const created: string[] = [];

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} (${(err as Error).message}): run scripts/ensure-postgres.sh, as .ci/run does`, { cause: err });
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Create an empty database; its URL. Dropped by dropTestDatabases. */
export async function createTestDatabase(): Promise<string> {
  const name = `casedesk_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drop the databases this file created. A server closed a moment ago may still be letting go of
 * its connections, and an autovacuum worker (which this role may not end) can hold one: wait for
 * them, a little; a database that still cannot be dropped is left behind, not a failed suite.
 */
export async function dropTestDatabases(): Promise<void> {
  const names = created.splice(0);
  await admin(async (c) => {
    for (const name of names) {
      for (let attempt = 1; attempt <= 10; attempt++) {
        const sessions = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name}${(sessions.rows[0] as { n: number }).n > 0 && attempt > 5 ? ' WITH (FORCE)' : ''}`);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
  });
}
