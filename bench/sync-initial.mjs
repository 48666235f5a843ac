// Benchmark: a NEW desktop's first sync of COUNT cases (default 100,000) from the central server,
// on SQLite and on PostgreSQL. Goal (the product): under 60 s for 100,000 cases.
//
// Per backend: the server is seeded with `casedesk server import` (timed), started as its own
// process (`casedesk server`), and a new desktop runs `casedesk sync` as another process, timed
// until it exits — by then every case is in its database (counted to be sure). Printed: seconds,
// cases/s, the client's and the server's peak RSS. Then the push path is timed on its own: a
// desktop that imported PUSH cases (default 5,000; `--push all` for COUNT) pushes them to a fresh
// server as importCase mutations, one transaction each; printed as mutations/s and the time it
// would take for COUNT.
//
// Usage: npm run bench:sync-initial [-- COUNT] [--push N|all]
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCases, writeCases } from './support/generate-cases.mjs';
import { loadTs } from './support/load-ts.mjs';
import { benchBackends } from './support/postgres.mjs';
import { addUser, onCleanup, requireCli, root, runBench, startServer, timeCasedesk, workDir } from './support/sync-bench.mjs';

const args = process.argv.slice(2);
const pushAt = args.indexOf('--push');
const pushArg = pushAt >= 0 ? args.splice(pushAt, 2)[1] : undefined;
const count = Number(args[0] ?? 100_000);
if (!Number.isInteger(count) || count < 1) throw new Error(`COUNT must be a whole number (not ${args[0]})`);
const pushCount = pushArg === 'all' ? count : Math.min(count, Number(pushArg ?? 5_000));
const GOAL_S = 60;

await runBench(async () => {
  requireCli();
  const file = `${root}bench/data/cases-${count}.json`;
  mkdirSync(`${root}bench/data`, { recursive: true });
  if (!existsSync(file)) writeCases(file, count, 42);
  const work = workDir('sync-initial');
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const { CaseStore, syncOnce, parseCasesFile } = await loadTs('sync-initial', {
    'electron/core/store/case-store': ['CaseStore'],
    'electron/core/sync/sync-client': ['syncOnce'],
    'shared/cases/case-format': ['parseCasesFile'],
  });
  const pushCases = parseCasesFile(generateCases(pushCount, 43));

  console.log(`initial sync of ${count.toLocaleString('en-US')} cases (${(statSync(file).size / 1e6).toFixed(1)} MB file) to a new desktop; server and client each in their own process`);
  const backends = await benchBackends((suffix) => join(work, `central${suffix}.db`), 'initial');
  for (const backend of backends) {
    // ---- Seed with the bulk import, serve, and time a new desktop's first sync --------------------------
    const central = await backend.fresh();
    onCleanup(central.drop);
    const seeded = await timeCasedesk(['server', 'import', file, ...central.args]);
    const token = addUser('Ann', 'engineer', central.args);
    const server = await startServer(central.args);
    const desktop = join(work, `desktop-${backend.name}.db`);
    const synced = await timeCasedesk(['sync', '--db', desktop, '--server', server.url, '--token', token, '--timeout', '120']);
    const serverRun = await server.stop();
    const local = new BetterSqlite3(desktop, { readonly: true });
    const cases = local.prepare('SELECT count(*) FROM cases').pluck().get();
    const events = local.prepare('SELECT count(*) FROM events').pluck().get();
    local.close();
    if (cases !== count) throw new Error(`the new desktop has ${cases} cases, expected ${count}: ${synced.stdout}`);
    const s = synced.ms / 1000;
    console.log(`\n${backend.name}`);
    console.log(`  seed: casedesk server import   ${(seeded.ms / 1000).toFixed(1).padStart(6)} s  ${Math.round(count / (seeded.ms / 1000)).toLocaleString('en-US').padStart(7)} cases/s  peak ${seeded.peakMiB.toFixed(0)} MiB`);
    console.log(
      `  initial sync (casedesk sync)   ${s.toFixed(1).padStart(6)} s  ${Math.round(count / s).toLocaleString('en-US').padStart(7)} cases/s  client peak ${synced.peakMiB.toFixed(0)} MiB, server peak ${serverRun.peakMiB.toFixed(0)} MiB` +
        `  (${cases.toLocaleString('en-US')} cases, ${events.toLocaleString('en-US')} events local)  goal < ${GOAL_S} s: ${s < GOAL_S ? 'ok' : 'OVER'}`,
    );
    await central.drop();

    // ---- The push path: importCase mutations, one transaction each -----------------------------------
    const pushCentral = await backend.fresh('push');
    onCleanup(pushCentral.drop);
    const pushToken = addUser('Ann', 'engineer', pushCentral.args);
    const pushServer = await startServer(pushCentral.args);
    const pusher = CaseStore.open(join(work, `pusher-${backend.name}.db`), { create: true });
    pusher.importCases(pushCases, pusher.currentPolicy);
    const t0 = performance.now();
    let pushedAt = t0;
    const report = await syncOnce(pusher, {
      server: pushServer.url,
      token: pushToken,
      timeoutMs: 120_000,
      onProgress: (line) => {
        if (line.startsWith('pushed')) pushedAt = performance.now();
      },
    });
    pusher.close();
    await pushServer.stop();
    await pushCentral.drop();
    if (report.applied !== pushCount) throw new Error(`pushed ${report.applied} of ${pushCount} importCase mutations: ${JSON.stringify(report.rejected.slice(0, 3))}`);
    const pushS = (pushedAt - t0) / 1000;
    const rate = pushCount / pushS;
    console.log(
      `  seed: push path (${pushCount.toLocaleString('en-US')} importCase)  ${pushS.toFixed(1).padStart(6)} s  ${Math.round(rate).toLocaleString('en-US').padStart(7)} mutations/s` +
        (pushCount < count ? `  → about ${(count / rate / 60).toFixed(1)} min for ${count.toLocaleString('en-US')}` : ''),
    );
  }
});
