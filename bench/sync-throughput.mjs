// Benchmark: the central server's throughput with CLIENTS desktops (default 20) pushing at once,
// on SQLite and on PostgreSQL, in mutations applied per second (total applied / wall time from
// the first push sent to the last push answered).
//
// Each desktop is its own SQLite file, synced by the real sync client (this process); the server
// runs in its own process (`casedesk server`). All desktops share SHARED cases (default 200): notes
// (half), logged contacts (a quarter) and field edits (a quarter, which the server checks for
// concurrent edits) spread over them. Two phases:
//   burst  — every desktop has CHANGES (default 200) changes waiting and all sync at once: one
//            push of CHANGES mutations each;
//   steady — every desktop makes 10 changes and syncs, CHANGES / 10 times over, all at once: each
//            desktop's p99 push time over its pushes is printed.
//
// Usage: npm run bench:sync-throughput [-- CLIENTS [CHANGES]]
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs } from './support/load-ts.mjs';
import { benchBackends } from './support/postgres.mjs';
import { busyShare, cpuSeconds, isoNow, machineCpu, ms, onCleanup, percentile, requireCli, runBench, startServer, workDir } from './support/sync-bench.mjs';

const CLIENTS = Number(process.argv[2] ?? 20);
const CHANGES = Number(process.argv[3] ?? 200);
const SHARED = 200;
const STEADY_BATCH = 10;

await runBench(async () => {
  requireCli();
  const work = workDir('sync-throughput');
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const { CaseStore, applyMutation, syncOnce, ServerStore } = await loadTs('sync-throughput', {
    'electron/core/store/case-store': ['CaseStore'],
    'electron/core/store/apply-mutation': ['applyMutation'],
    'electron/core/sync/sync-client': ['syncOnce'],
    'server/store/server-store': ['ServerStore'],
  });
  console.log(`server throughput: ${CLIENTS} desktops pushing at once, ${CHANGES} changes each per phase, on ${SHARED} shared cases; server in its own process, desktops in this one`);
  const backends = await benchBackends((suffix) => join(work, `central${suffix}.db`), 'throughput');
  for (const backend of backends) {
    const central = await backend.fresh();
    onCleanup(central.drop);
    const admin = await ServerStore.open(central.location);
    const tokens = [];
    for (let c = 0; c < CLIENTS; c++) tokens.push((await admin.addUser(`engineer ${c + 1}`, 'engineer')).token);
    await admin.close();
    const server = await startServer(central.args);

    const clients = tokens.map((token, c) => {
      const store = CaseStore.open(join(work, `desk-${backend.name}-${c + 1}.db`), { create: true });
      onCleanup(() => store.db.open && store.close());
      const client = { store, pushes: [], lastPushAnswered: 0 };
      const timedFetch = async (url, init) => {
        const t0 = performance.now();
        const response = await fetch(url, init);
        if (!String(url).endsWith('/api/sync/push')) return response;
        const text = await response.text();
        const t1 = performance.now();
        client.pushes.push(t1 - t0);
        client.lastPushAnswered = t1;
        return new Response(text, { status: response.status, headers: response.headers });
      };
      client.sync = () => syncOnce(store, { server: server.url, token, timeoutMs: 120_000, fetch: timedFetch });
      return client;
    });

    // The shared cases, made on the first desktop and pulled by all.
    const loggedAt = isoNow(-3_600_000);
    const ids = Array.from({ length: SHARED }, (_, i) => `T-${i + 1}`);
    for (const id of ids) {
      applyMutation(clients[0].store, 'createCase', { id, severity: 1 + (id.length % 3), type: 'problem', channel: 'phone', loggedAt, author: 'engineer 1', fields: { company: 'Fabrikam', summary: `shared ${id}` } });
    }
    for (const client of clients) await client.sync();

    let made = 0;
    const change = (client, c, k) => {
      const caseId = ids[(c * 37 + k * 13 + made++) % SHARED];
      const author = `engineer ${c + 1}`;
      switch (k % 4) {
        case 0:
        case 1:
          return applyMutation(client.store, 'addNote', { caseId, at: isoNow(), author, text: `note ${k} from desk ${c + 1}` });
        case 2:
          return applyMutation(client.store, 'logContact', { caseId, at: isoNow(), author, channel: 'phone', note: `call ${k}` });
        default:
          return applyMutation(client.store, 'updateCase', { caseId, author, fields: k % 8 === 3 ? { summary: `summary ${k} by desk ${c + 1}` } : { engineer: author } });
      }
    };
    const run = async (name, each) => {
      for (const client of clients) {
        client.pushes = [];
        client.lastPushAnswered = 0;
      }
      const cpu0 = { server: cpuSeconds(server.child.pid), bench: process.cpuUsage(), machine: machineCpu() };
      const t0 = performance.now();
      const reports = await Promise.all(clients.map((client, c) => each(client, c)));
      const t1 = performance.now();
      const wall = Math.max(...clients.map((c) => c.lastPushAnswered)) - t0;
      const serverCpu = cpuSeconds(server.child.pid) - cpu0.server;
      const benchCpu = Object.values(process.cpuUsage(cpu0.bench)).reduce((a, b) => a + b, 0) / 1e6;
      const busy = busyShare(cpu0.machine, machineCpu());
      const pulled = reports.flat().reduce((n, r) => n + r.pulled, 0);
      const applied = reports.flat().reduce((n, r) => n + r.applied, 0);
      const rejected = reports.flat().reduce((n, r) => n + r.rejected.length, 0);
      const pending = clients.reduce((n, c) => n + c.store.sql(`SELECT count(*) FROM outbox WHERE state = 'pending'`, 'pluck').get(), 0);
      if (pending > 0) throw new Error(`${pending} changes still waiting after the ${name} phase`);
      const all = clients.flatMap((c) => c.pushes);
      console.log(
        `  ${name.padEnd(7)} ${String(applied).padStart(5)} applied${rejected ? ` (+${rejected} rejected)` : ''} in ${(wall / 1000).toFixed(2)} s: ${Math.round(applied / (wall / 1000)).toLocaleString('en-US').padStart(6)} mutations/s;` +
          ` ${all.length} pushes, push time p50 ${ms(percentile(all, 50))}, p99 ${ms(percentile(all, 99))}, max ${ms(Math.max(...all))}`,
      );
      const p99s = clients.map((c) => percentile(c.pushes, 99));
      console.log(`          each desktop's p99 push (ms): ${p99s.map((v) => Math.round(v)).join(' ')}`);
      console.log(
        `          the syncs also pulled ${pulled.toLocaleString('en-US')} case snapshots; until the last sync ended (${((t1 - t0) / 1000).toFixed(2)} s) the server process used ${serverCpu.toFixed(1)} s of CPU, the desktops (this process) ${benchCpu.toFixed(1)} s; all cores ${Math.round(busy * 100)}% busy`,
      );
    };

    console.log(`\n${backend.name}`);
    // Burst: CHANGES waiting on every desktop, all pushed at once.
    for (const [c, client] of clients.entries()) for (let k = 0; k < CHANGES; k++) change(client, c, k);
    await run('burst', (client) => client.sync());
    // Steady: small changes and a sync, over and over, on every desktop at once.
    await run('steady', async (client, c) => {
      const reports = [];
      for (let round = 0; round < CHANGES / STEADY_BATCH; round++) {
        for (let k = 0; k < STEADY_BATCH; k++) change(client, c, round * STEADY_BATCH + k);
        reports.push(await client.sync());
      }
      return reports;
    });
    for (const client of clients) client.store.close();
    const serverRun = await server.stop();
    await central.drop();
    console.log(`  server peak RSS ${serverRun.peakMiB.toFixed(0)} MiB`);
  }
});
