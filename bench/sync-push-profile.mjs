// Diagnostic: where a push's time goes on the server, on SQLite and PostgreSQL. The central store
// runs in this process (no HTTP); a push is timed whole, and BEGIN + COMMIT (the transaction's own
// cost: on SQLite the WAL flush of synchronous=FULL) apart from the work inside. The server store
// is now modules of plain functions (server/store/push.ts…), which cannot be wrapped from outside:
// for the share of each step (verdicts, version, case state, decision), run this script under
// `node --cpu-prof` and open the profile.
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
    const measure = async (name, items) => {
      spent.commit = { ms: 0, n: 0 };
      const t0 = performance.now();
      for (let i = 0; i < items.length; i += 500) await store.push(user, 'desk-1', items.slice(i, i + 500));
      const total = performance.now() - t0;
      const each = total / items.length;
      const commit = spent.commit.ms / items.length;
      console.log(`\n${backend.name}: ${items.length} ${name}: ${each.toFixed(2)} ms each, ${Math.round(items.length / (total / 1000))} mutations/s`);
      console.log(`  ${'BEGIN+COMMIT'.padEnd(14)} ${commit.toFixed(3).padStart(7)} ms  ${String(Math.round((100 * commit) / each)).padStart(3)}%  (${spent.commit.n} transactions)`);
      console.log(`  ${'inside'.padEnd(14)} ${(each - commit).toFixed(3).padStart(7)} ms  ${String(Math.round((100 * (each - commit)) / each)).padStart(3)}%  (verdicts, version, case state, the rules, the writes)`);
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
