// Benchmark of the alert scheduler on the desktop, over 100,000 cases in a store, all reported in
// the five days before the planning instant (so most of their clocks still run and have alerts to
// come): planning every case from cold (the scheduler's start: a read of
// the cases' stored clocks, each planned), planning one case again after it changed (median and
// p95 of 1,000 cases), and the CPU the running scheduler takes while idle for a minute of real
// time, ten seconds after its start (its timers, its one-minute heartbeat and the alerts that
// come due in that minute).
// Goals (issue 14): cold < 2 s, one case < 5 ms, idle < 1% of a core. Usage: npm run bench:alerts [-- COUNT]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCases } from './support/generate-cases.mjs';
import { loadTs } from './support/load-ts.mjs';

const count = Number(process.argv[2] ?? 100_000);
const root = fileURLToPath(new URL('..', import.meta.url));
// The cases are first reported in the five days before the planning instant.
const AT = '2011-07-01T12:00:00-04:00';
const file = `${root}bench/data/cases-${count}-recent-to-${AT.slice(0, 10)}.json`;
mkdirSync(`${root}bench/data`, { recursive: true });
if (!existsSync(file)) {
  // The cases as they stand at the planning instant: what the generator dates after it has not happened yet.
  writeCases(file, count, 42, { loggedBetween: [Date.parse(AT) - 5 * 86_400_000, Date.parse(AT)] });
  const cases = JSON.parse(readFileSync(file, 'utf8'));
  for (const c of cases.cases) c.events = (c.events ?? []).filter((e) => Date.parse(e.at) <= Date.parse(AT));
  writeFileSync(file, JSON.stringify(cases));
}
const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-alerts-'));
const db = join(work, 'cases.db');
const { CaseStore, storeAlertSource, AlertScheduler, parseCasesFile, defaultPolicy } = await loadTs('alerts', {
  'electron/core/store/case-store': ['CaseStore'],
  'electron/core/store/case-alerts': ['storeAlertSource'],
  'shared/alerts/alert-scheduler': ['AlertScheduler'],
  'shared/cases/case-format': ['parseCasesFile'],
  'shared/policy/load-policy': ['defaultPolicy'],
});
const now = Date.parse(AT);
// Imported on the planning instant's clock, so the stored clocks are those of that instant.
const store = CaseStore.open(db, { create: true, clock: { now: () => now } });
store.importCases(parseCasesFile(JSON.parse(readFileSync(file, 'utf8'))), defaultPolicy());
const source = storeAlertSource(store);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];

try {
  // Cold: the scheduler's start, three times (the first warms SQLite's cache and the JIT too).
  const cold = [];
  let planned = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const scheduler = new AlertScheduler({
      clock: { now: () => now, monotonic: () => performance.now(), zone: () => 'America/New_York' },
      timers: { set: () => 0, clear: () => undefined },
      source,
      raise: () => undefined,
    });
    scheduler.start();
    cold.push(performance.now() - started);
    planned = [...source.planAll(now)].length;
    scheduler.stop();
  }
  // One case again, as after a change: 1,000 cases spread over the store.
  const one = [];
  for (let i = 0; i < 1000; i++) {
    const id = `C-${String(100000 + Math.floor((i * count) / 1000))}`;
    const started = performance.now();
    source.planCase(id, now);
    one.push(performance.now() - started);
  }
  // Idle: a real scheduler on real timers for a minute, its clock running on from the planning
  // instant with every alert to come in its index (those of the minute raised), its CPU measured
  // by the process.
  const idleMs = Number(process.env.CASEDESK_BENCH_IDLE_MS ?? 60_000);
  const cpuOver = async (ms) => {
    const before = process.cpuUsage();
    const wall = performance.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const used = process.cpuUsage(before);
    return ((used.user + used.system) / 1000 / (performance.now() - wall)) * 100;
  };
  // The baseline: this same process over the same time with no scheduler running.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const basePct = await cpuOver(idleMs);
  const t0 = performance.now();
  let raisedIdle = 0;
  const idle = new AlertScheduler({
    clock: { now: () => now + (performance.now() - t0), monotonic: () => performance.now(), zone: () => Intl.DateTimeFormat().resolvedOptions().timeZone },
    timers: { set: (f, ms) => setTimeout(f, ms), clear: (h) => clearTimeout(h) },
    source,
    raise: () => raisedIdle++,
  });
  idle.start();
  // Let the start's garbage be collected first: the figure is the running scheduler's, not its start's.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const idlePct = await cpuOver(idleMs);
  idle.stop();

  console.log(`alert scheduler, ${count.toLocaleString('en-US')} cases in the store, planned at ${AT} (${planned.toLocaleString('en-US')} alerts to come)`);
  console.log(`  plan everything, cold      ${median(cold).toFixed(0).padStart(6)} ms median of 3 (${cold.map((x) => x.toFixed(0)).join(', ')})   goal < 2000 ms: ${median(cold) < 2000 ? 'ok' : 'OVER'}`);
  console.log(`  plan one case again        ${median(one).toFixed(2).padStart(6)} ms median, p95 ${p95(one).toFixed(2)} ms of 1,000   goal < 5 ms: ${p95(one) < 5 ? 'ok' : 'OVER'}`);
  console.log(`  idle CPU over ${(idleMs / 1000).toFixed(0)} s         ${idlePct.toFixed(2).padStart(6)} % of a core (${raisedIdle} alert(s) raised meanwhile; the process without it: ${basePct.toFixed(2)} %)   goal < 1%: ${idlePct < 1 ? 'ok' : 'OVER'}`);
} finally {
  store.close();
  rmSync(work, { recursive: true, force: true });
}
