// Diagnostic: where a push's time goes on the server, step by step, on SQLite and PostgreSQL. The
// central store runs in this process (no HTTP); each step of applying a pushed mutation is timed
// by wrapping the store's own methods: the verdict lookups (mutation id seen before?), taking the
// version (the row lock on sync_state), reading the case (snapshot: case, events, field history),
// recording the policy a new case comes with, writing the decision (case row, events, field
// history; the free-number lookup within it), BEGIN + COMMIT (the transaction's own cost: on
// SQLite the WAL flush of synchronous=FULL); the rest is the rules themselves (parsing the
// mutation, SLA evaluation) and the mutation row.
//
// Two workloads: N importCase pushes (what a desktop's first push of imported cases does) and N
// notes on 50 cases (the everyday change). Usage: node bench/sync-push-profile.mjs [N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCases } from './support/generate-cases.mjs';
import { loadTs } from './support/load-ts.mjs';
import { benchBackends } from './support/postgres.mjs';
import { isoNow, onCleanup, runBench } from './support/sync-bench.mjs';

const N = Number(process.argv[2] ?? 2000);
const STEPS = ['applyOne', 'verdict', 'bump', 'caseState', 'recordPolicy', 'writeDecision', 'freeNumber'];

await runBench(async () => {
  const work = mkdtempSync(join(tmpdir(), 'casedesk-bench-profile-'));
  onCleanup(() => rmSync(work, { recursive: true, force: true }));
  const { ServerStore, defaultPolicy } = await loadTs('sync-push-profile', {
    'server/store/server-store': ['ServerStore'],
    'shared/policy/load-policy': ['defaultPolicy'],
  });
  const policy = defaultPolicy();
  console.log(`server push path, per mutation (in process, no HTTP; batches of 500 as a desktop pushes them)`);
  for (const backend of await benchBackends((suffix) => join(work, `central${suffix}.db`), 'profile')) {
    const central = await backend.fresh();
    onCleanup(central.drop);
    const store = await ServerStore.open(central.location);
    const { user } = await store.addUser('Ann', 'engineer');
    const spent = { commit: { ms: 0, n: 0 } };
    // BEGIN + COMMIT: a transaction's whole time less the time inside its callback.
    const transaction = store.db.transaction.bind(store.db);
    store.db.transaction = () => {
      const builder = transaction();
      return {
        setIsolationLevel: (level) => builder.setIsolationLevel(level),
        execute: async (work) => {
          let inside = 0;
          const t0 = performance.now();
          try {
            return await builder.execute(async (trx) => {
              const t1 = performance.now();
              try {
                return await work(trx);
              } finally {
                inside += performance.now() - t1;
              }
            });
          } finally {
            spent.commit.ms += performance.now() - t0 - inside;
            spent.commit.n++;
          }
        },
      };
    };
    for (const step of STEPS) {
      const original = store[step];
      store[step] = async function (...args) {
        const t0 = performance.now();
        try {
          return await original.apply(this, args);
        } finally {
          spent[step].ms += performance.now() - t0;
          spent[step].n++;
        }
      };
    }
    const measure = async (name, items) => {
      for (const step of [...STEPS, 'commit']) spent[step] = { ms: 0, n: 0 };
      const t0 = performance.now();
      for (let i = 0; i < items.length; i += 500) await store.push(user, 'desk-1', items.slice(i, i + 500));
      const total = performance.now() - t0;
      const per = (step) => spent[step].ms / items.length;
      const shown = [...STEPS.slice(1), 'commit'];
      const inside = shown.filter((s) => s !== 'freeNumber').reduce((sum, s) => sum + per(s), 0);
      console.log(`\n${backend.name}: ${items.length} ${name}: ${(total / items.length).toFixed(2)} ms each, ${Math.round(items.length / (total / 1000))} mutations/s`);
      for (const step of shown) {
        if (spent[step].n === 0) continue;
        console.log(`  ${(step === 'commit' ? 'BEGIN+COMMIT' : step).padEnd(14)} ${per(step).toFixed(3).padStart(7)} ms  ${String(Math.round((100 * per(step)) / (total / items.length))).padStart(3)}%  (${spent[step].n} calls)`);
      }
      const rest = per('applyOne') - inside;
      console.log(`  ${'rest'.padEnd(14)} ${rest.toFixed(3).padStart(7)} ms  ${String(Math.round((100 * rest) / (total / items.length))).padStart(3)}%  (the rules, the mutation row)`);
    };
    const cases = generateCases(N, 5).cases;
    await measure(
      'importCase',
      cases.map((record, i) => ({ mutationId: `import-${i}`, name: 'importCase', args: { record }, madeAt: Date.now(), number: `ABC-${i + 1}`, policy })),
    );
    const loggedAt = isoNow(-3_600_000);
    await measure(
      'createCase',
      Array.from({ length: 50 }, (_, i) => ({
        mutationId: `create-${i}`,
        name: 'createCase',
        args: { id: `N-${i}`, severity: 2, type: 'problem', channel: 'phone', loggedAt, author: 'Ann', fields: { company: 'Contoso' } },
        madeAt: Date.now(),
        number: `NEW-${i}`,
        policy,
      })),
    );
    await measure(
      'addNote',
      Array.from({ length: N }, (_, i) => ({ mutationId: `note-${i}`, name: 'addNote', args: { caseId: `N-${i % 50}`, at: isoNow(), author: 'Ann', text: `note ${i}` }, madeAt: Date.now() })),
    );
    await store.close();
    await central.drop();
  }
});
