// A fresh PostgreSQL database per benchmark run (CREATE DATABASE … / DROP DATABASE … WITH (FORCE)),
// on the cluster the tests use. When PostgreSQL is not reachable, the benches say so and skip it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.CASEDESK_BENCH_POSTGRES ?? process.env.CASEDESK_TEST_POSTGRES ?? 'postgres://casedesk:casedesk@127.0.0.1:5432/postgres';

export const shownUrl = (url) => url.replace(/:[^:@/]*@/, ':***@');

async function admin(work) {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers; null when it does, else why not. */
export async function postgresProblem() {
  try {
    await admin((c) => c.query('SELECT 1'));
    return null;
  } catch (err) {
    return err.message || err.code || String(err);
  }
}

/** Create an empty database; returns { url, drop() }. */
export async function freshPostgres(label) {
  const name = `casedesk_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/**
 * The backends a bench runs on: always SQLite; PostgreSQL when reachable, else a line saying why
 * it was skipped. Each backend's `fresh()` gives { location, args, drop() }: `args` are the CLI's
 * `--db PATH` or `--postgres URL`.
 */
export async function benchBackends(sqlitePath, label) {
  const backends = [
    {
      name: 'SQLite',
      fresh: async (suffix = '') => {
        const file = sqlitePath(suffix);
        return { location: { sqlite: file }, args: ['--db', file], drop: async () => {} };
      },
    },
  ];
  const problem = await postgresProblem();
  if (problem) {
    console.log(`PostgreSQL: skipped (not reachable at ${shownUrl(POSTGRES_URL)}: ${problem})`);
  } else {
    backends.push({
      name: 'PostgreSQL',
      fresh: async (suffix = '') => {
        const db = await freshPostgres(`${label}${suffix}`);
        return { location: { postgres: db.url }, args: ['--postgres', db.url], drop: db.drop };
      },
    });
  }
  return backends;
}
