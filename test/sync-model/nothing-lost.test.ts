// "Nothing lost", as a model-based property: several desktops and a central server (SQLite and
// PostgreSQL, one or two server processes) over real HTTP, a network that drops, duplicates,
// reorders, delays and holds back requests, desktops going offline, their apps dying mid-sync,
// their clocks off by minutes, the server restarting and crashing before, during and after commit,
// engineers changing cases all the while. After healing, every desktop equals the server, every
// change has a verdict (applied or reported rejected), none was applied twice, and the server's
// state is its log replayed. See sync-model.ts for the world and the invariants.
//
// Knobs (environment): SYNC_MODEL_RUNS (runs per backend, default 25); SYNC_MODEL_SEED and
// SYNC_MODEL_PATH (replay a reported failure); SYNC_MODEL_TRACE=FILE (append every run's steps);
// SYNC_MODEL_SAME_CODE=1 (half the runs give every desktop one desk code — see the tests of what it found, below).
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { CaseStore, connectionOf, statementOf } from '../../electron/core/store/case-store';
import { ServerStore } from '../../server/store/server-store';
import { createTestDatabase, dropTestDatabases } from '../support/postgres';
import { BACKENDS, type Backend } from '../support/server-backends';
import { exportOf, newCase, numbersOf, SyncWorld } from '../support/sync-world';
import { tempDbPath } from '../support/temp-db';
import {
  CASE_IDS,
  ChangeCommand,
  ClockCommand,
  checkHealed,
  checkLogReplays,
  DeliverHeldCommand,
  dropRunDatabase,
  ModelWorld,
  NetworkCommand,
  ReopenCommand,
  ReplayCommand,
  RestartCommand,
  SyncCommand,
  SyncTogetherCommand,
  UsePolicyCommand,
  type Change,
  type ChangeName,
  type Fault,
  type Model,
} from './sync-model';

afterAll(async () => {
  await dropTestDatabases();
});

/** Runs per backend: bounded so the property stays under a minute on a 2-core machine. */
const RUNS = Number(process.env.SYNC_MODEL_RUNS ?? 25);
const MAX_COMMANDS = 25;
/** Once a run failed, shrinking stops after this long (the smallest counterexample so far is reported). */
const SHRINK_BUDGET_MS = 120_000;

// ---- Arbitraries --------------------------------------------------------------------------------------

const WEIGHTED_CHANGES: [ChangeName, number][] = [
  ['createCase', 5],
  ['importCase', 1],
  ['updateCase', 3],
  ['logContact', 3],
  ['changeSeverity', 2],
  ['changeStatus', 5],
  ['recordCustomerReply', 2],
  ['deliverWorkaround', 1],
  ['holdAutoClose', 1],
  ['flagThirdParty', 1],
  ['markFeatureRequest', 1],
  ['addNote', 3],
  ['escalate', 1],
  ['closeCase', 3],
  ['reopenCase', 3],
  ['undoLastChange', 2],
];

const changeArb: fc.Arbitrary<Change> = fc.record({
  name: fc.oneof(...WEIGHTED_CHANGES.map(([name, weight]) => ({ arbitrary: fc.constant(name), weight }))),
  caseId: fc.constantFrom(...CASE_IDS),
  // Mostly in the recent past; now and then a little in the future (the rules refuse it).
  back: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 90 }), weight: 12 }, { arbitrary: fc.integer({ min: -30, max: -6 }), weight: 1 }),
  pick: fc.nat({ max: 29 }),
});

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { arbitrary: fc.constant<Fault>({ kind: 'ok' }), weight: 6 },
  { arbitrary: fc.constant<Fault>({ kind: 'drop-request' }), weight: 2 },
  { arbitrary: fc.constant<Fault>({ kind: 'drop-response' }), weight: 3 },
  { arbitrary: fc.constantFrom<0 | 1>(0, 1).map((answer): Fault => ({ kind: 'duplicate', answer })), weight: 2 },
  { arbitrary: fc.record({ ms: fc.integer({ min: 1, max: 25 }), where: fc.constantFrom<'before' | 'after'>('before', 'after') }).map((d): Fault => ({ kind: 'delay', ...d })), weight: 1 },
  { arbitrary: fc.constant<Fault>({ kind: 'hold' }), weight: 2 },
  {
    arbitrary: fc.oneof(fc.constantFrom<'before-commit' | 'after-commit'>('before-commit', 'after-commit'), fc.integer({ min: 1, max: 3 })).map((point): Fault => ({ kind: 'crash', point })),
    weight: 2,
  },
  { arbitrary: fc.array(changeArb, { minLength: 1, maxLength: 2 }).map((changes): Fault => ({ kind: 'meanwhile', changes })), weight: 2 },
  { arbitrary: fc.constantFrom<'before-send' | 'after-send'>('before-send', 'after-send').map((point): Fault => ({ kind: 'desk-crash', point })), weight: 1 },
);

/** Faults of syncs that run together: no server crash (it would cut the others' requests at random points), no changes, no app crash. */
const concurrentFaultArb = faultArb.filter((f) => f.kind !== 'crash' && f.kind !== 'meanwhile' && f.kind !== 'desk-crash');

function commandArbs(desks: number): fc.Arbitrary<fc.AsyncCommand<Model, ModelWorld>>[] {
  const desk = fc.nat({ max: desks - 1 });
  return [
    // fc.commands picks an arbitrary of this list evenly: changes and syncs come up most.
    ...Array.from({ length: 6 }, () => fc.tuple(desk, fc.array(changeArb, { minLength: 1, maxLength: 3 })).map(([d, cs]) => new ChangeCommand(d, cs))),
    ...Array.from({ length: 3 }, () => fc.tuple(desk, fc.array(faultArb, { maxLength: 3 })).map(([d, plan]) => new SyncCommand(d, plan))),
    fc
      // Now and then one desktop twice (a manual sync during the background one: the second is refused as busy).
      .tuple(fc.array(desk, { minLength: 2, maxLength: desks }), fc.array(fc.array(concurrentFaultArb, { maxLength: 2 }), { minLength: desks, maxLength: desks }), fc.boolean())
      .map(([ds, plans, withHeld]) => new SyncTogetherCommand(ds.map((d) => ({ desk: d, plan: plans[d]! })), withHeld)),
    fc.tuple(desk, fc.boolean()).map(([d, online]) => new NetworkCommand(d, online)),
    fc.tuple(fc.boolean(), fc.nat({ max: 1 })).map(([crash, which]) => new RestartCommand(crash, which)),
    fc.oneof({ arbitrary: fc.integer({ min: 1, max: 90 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 5 }).map((d) => d * 24 * 60), weight: 1 }).map((m) => new ClockCommand(m)),
    fc.nat({ max: 9 }).map((i) => new DeliverHeldCommand(i)),
    fc.nat({ max: 9 }).map((i) => new ReplayCommand(i)),
    desk.map((d) => new ReopenCommand(d)),
    fc.tuple(desk, fc.integer({ min: 1, max: 3 })).map(([d, v]) => new UsePolicyCommand(d, v)),
  ];
}

const scenarioArb = (backend: Backend) => fc.integer({ min: 2, max: 4 }).chain((desks) =>
  fc.record({
    servers: backend.name === 'postgres' ? fc.constantFrom(1, 2) : fc.constant(1),
    desks: fc.constant(desks),
    sameDeskCode: process.env.SYNC_MODEL_SAME_CODE ? fc.boolean() : fc.constant(false),
    // Desktop clocks: mostly right, some a few minutes off, a few well off (minutes ahead of the server).
    skews: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 2 }, { arbitrary: fc.constantFrom(-20, 20), weight: 1 }), { minLength: desks, maxLength: desks }),
    deliverHeld: fc.boolean(),
    pageLimit: fc.constantFrom(1000, 1000, 1, 2),
    commands: fc.commands(commandArbs(desks), { maxCommands: MAX_COMMANDS, size: 'max' }),
  }),
);

// ---- The property ----------------------------------------------------------------------------------------

interface Scenario {
  servers: number;
  desks: number;
  sameDeskCode: boolean;
  skews: number[];
  deliverHeld: boolean;
  pageLimit: number;
  commands: Iterable<fc.AsyncCommand<Model, ModelWorld>>;
}

async function runScenario(backend: Backend, scenario: Scenario): Promise<void> {
  const location = await backend.fresh();
  const world = await ModelWorld.start({ backend: backend.name, location, desks: scenario.desks, sameDeskCode: scenario.sameDeskCode, skews: scenario.skews, pageLimit: scenario.pageLimit, servers: scenario.servers });
  try {
    await fc.asyncModelRun(() => ({ model: {}, real: world }), scenario.commands);
    await world.heal(scenario.deliverHeld);
    await checkHealed(world);
    await checkLogReplays(world);
    if (process.env.SYNC_MODEL_TRACE) appendFileSync(process.env.SYNC_MODEL_TRACE, `--- run (${scenario.desks} desktops)\n${world.trace.join('\n')}\n`);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    error.message += `\n\nWhat happened (${scenario.servers} server process(es), ${scenario.desks} desktops, pull pages of ${scenario.pageLimit}, clocks ${scenario.skews.map((m) => `${m >= 0 ? '+' : ''}${m}m`).join(' ')}):\n${world.trace.join('\n')}`;
    throw error;
  } finally {
    await world.close();
    if (location.postgres) await dropRunDatabase(location.postgres);
  }
}

describe.each(BACKENDS)('nothing lost, through a faulty network, on $name', (backend) => {
  it('after healing, every desktop equals the server and every change is applied or rejected, once', async () => {
    let failedAt: number | null = null;
    await fc.assert(
      fc.asyncProperty(scenarioArb(backend), async (scenario) => {
        // Shrinking a failure re-runs whole worlds: past the budget, skip the remaining candidates.
        fc.pre(failedAt === null || Date.now() - failedAt < SHRINK_BUDGET_MS);
        try {
          await runScenario(backend, scenario);
        } catch (err) {
          failedAt ??= Date.now();
          throw err;
        }
      }),
      {
        numRuns: RUNS,
        // Replaying a reported failure: SYNC_MODEL_SEED=… SYNC_MODEL_PATH=… (from fast-check's report).
        ...(process.env.SYNC_MODEL_SEED ? { seed: Number(process.env.SYNC_MODEL_SEED), path: process.env.SYNC_MODEL_PATH } : {}),
      },
    );
  }, 300_000);
});

// ---- Found by the model ------------------------------------------------------------------------------------
// Each reduced to a few steps; desktop-side, so on SQLite alone. They state what should happen.

describe('found by the model', () => {
  let world: SyncWorld;
  beforeEach(async () => {
    world = await SyncWorld.start({ sqlite: tempDbPath('central.db') });
  });
  afterEach(async () => {
    await world.close();
  });

  // Found by the model, fixed (numberAllocator skips a number already here): a desktop hands out its next case number (`takeNumber`: desk code + its own counter,
  // electron/core/store/case-store.ts, numberAllocator) without looking whether a case it holds has
  // it already; `cases.number` is UNIQUE (migration 001), so once a pull has brought a case with
  // that number, createCase fails with a raw SqliteError "UNIQUE constraint failed: cases.number"
  // (case-store.ts insertCase). The failed transaction rolls the counter back, so every later
  // createCase and import on that desktop fails the same way: it can no longer open a case. A
  // desktop restored from a backup is one way there (its counter is behind the numbers it gave
  // cases since, which the next sync brings back); two desktops that drew the same three-character
  // desk code are another (the model found this one: shared codes, one desktop syncs a new case,
  // the other pulls it and opens a case). Desk codes registered on the server (registerDesk) do
  // not close it: a desktop registers its code with its first push, and one with nothing to push
  // only pulls — and then cannot make the case that would push.
  it('a desktop restored from a backup goes on opening cases after its next sync', async () => {
    const a = world.desktop();
    const backup = `${a.path}.backup`;
    connectionOf(a).exec(`VACUUM INTO '${backup}'`);
    newCase(a, 'C-1');
    await world.sync(a);
    a.close();
    world.desktops.splice(0, 1);
    const restored = CaseStore.open(backup, { clock: { now: () => world.clock.now } });
    world.desktops.push(restored);
    await world.sync(restored);
    expect(restored.getCase('C-1')).not.toBeNull();
    expect(() => newCase(restored, 'C-2')).not.toThrow();
    await world.settle();
    expect(exportOf(restored)).toEqual(await world.server.store.exportCases().then((cases) => cases.sort((x, y) => x.id.localeCompare(y.id))));
  });

  // Found by the model, fixed: the same cause as above, reached by two desktops with one desk code.
  it('two desktops that drew the same desk code both go on opening cases', async () => {
    const a = world.desktop();
    const b = world.desktop();
    for (const d of [a, b]) d.setMeta('desk_code', 'K7Q');
    newCase(a, 'C-1');
    await world.sync(a);
    await world.sync(b);
    expect(numbersOf(b)).toEqual({ 'C-1': 'K7Q-1' });
    expect(() => newCase(b, 'C-2')).not.toThrow();
    await world.settle();
    expect(numbersOf(a)).toEqual(numbersOf(b));
    expect(new Set(Object.values(numbersOf(a))).size).toBe(2);
  });

  // Found by the model, fixed since (commit ad5549b: pushItem sends the number as given); kept so
  // it stays fixed. A case not yet pushed that holds a number a pulled case has steps aside locally
  // as `N~seq` (freeNumber, electron/core/sync/apply-snapshots.ts) "until the server renames it
  // too"; the push used to send that placeholder, and the server kept `K7Q-1~1` as the case's
  // number for good instead of numbering it `K7Q-1/2`. It needs a shared desk code and a case
  // opened while a sync is between its push and its pull (the model's `meanwhile` fault).
  it('a case that stepped aside for a pulled case’s number gets a number from the server, not its placeholder', async () => {
    const a = world.desktop();
    const b = world.desktop();
    for (const d of [a, b]) d.setMeta('desk_code', 'K7Q');
    newCase(a, 'C-1');
    await world.sync(a);
    // B opens a case while its sync runs: after the push (nothing to push yet), before the pull.
    let opened = false;
    const openDuringSync: typeof fetch = async (input, init) => {
      if (!opened && String(input).includes('/api/sync/pull')) {
        opened = true;
        newCase(b, 'C-2');
      }
      return fetch(input, init);
    };
    await world.sync(b, { fetch: openDuringSync });
    // B's first sync registered its desk code: the server gave it another (A has K7Q), so its case
    // needs no placeholder; had it opened one first, the number would have stepped aside (K7Q-1~n).
    expect(numbersOf(b)['C-2']).toMatch(/^(K7Q-1~\d+|[0-9A-Z]{3}-1)$/);
    await world.settle();
    expect(numbersOf(a)).toEqual(numbersOf(b));
    expect(numbersOf(b)['C-2']).not.toContain('~');
  });
});

describe('found while building the model: a change set aside for a passing lock', () => {
  // Found while building the model, fixed (a passing failure answers 503 and the change waits): applyOne
  // (server/store/server-store.ts, "set aside", commit ad5549b) tries a mutation a second time
  // straight away when it fails with anything but the rules' refusal, and then records it as
  // rejected for good ("the server could not apply this change (…); it was set aside"). A failure
  // that passes — SQLite's write lock held by another process past the busy timeout (server
  // importCases says pushes then "fail and are retried; nothing is lost"), a full disk, a
  // PostgreSQL blip — gets a valid change refused, and no later sync sends it again: the change
  // made offline is lost from the case. The model's server crashes fall between transactions and
  // do not reach it: this holds the SQLite file's write lock from another process for 12.5 s
  // while a push runs (try, 5 s busy timeout, try again, 5 s, set aside — which gets the lock).
  it('a change that met a locked database is applied once the lock is gone', async () => {
    const file = tempDbPath('central.db');
    const world = await SyncWorld.start({ sqlite: file });
    try {
      const a = world.desktop();
      newCase(a, 'C-1');
      await world.sync(a);
      for (let i = 0; i < 150; i++) applyMutation(a, 'addNote', { caseId: 'C-1', at: '2010-11-29T11:00:00-05:00', author: 'Ann', text: `note ${i}` });
      // Another process takes the write lock as soon as the push has applied a change, for 12.5 s.
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const Database = require(${JSON.stringify(join(process.cwd(), 'node_modules/better-sqlite3'))});
           const db = new Database(${JSON.stringify(file)});
           const applied = db.prepare('SELECT count(*) FROM mutations').pluck();
           const before = applied.get();
           process.stdout.write('ready\\n');
           while (applied.get() <= before) {}
           db.exec('BEGIN IMMEDIATE');
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 12_500);
           db.exec('COMMIT');`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise((resolve) => holder.on('exit', resolve));
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      // The push meets the lock: the server says its database is busy, and keeps nothing half-done.
      const during = await world.sync(a, { timeoutMs: 60_000 }).then(
        () => null,
        (err: Error) => err.message,
      );
      if (during !== null) expect(during).toMatch(/answered 503: the server's database is busy or away \(database is locked\); the change is kept on your desktop/);
      await exited;
      await world.settle();
      expect(statementOf(a, `SELECT name, state, error FROM outbox WHERE state <> 'applied'`).all()).toEqual([]);
      expect(a.getCase('C-1')!.record.events).toHaveLength(150);
    } finally {
      await world.close();
    }
  }, 60_000);
});

describe('found by the model, on PostgreSQL', () => {
  // Found by the model, fixed (registerDesk tries again on the unique index): two
  // desktops with the same desk code pushing for the first time at the same moment. registerDesk
  // (server/store/server-store.ts) looks for a client holding the wanted code and then sets it, in
  // a READ COMMITTED transaction with no lock between the two: both see it free, both set it, and
  // the second commit breaks `clients.desk_code` UNIQUE ("duplicate key value violates unique
  // constraint clients_desk_code_key"), which the push endpoint answers as 500 "the server failed".
  // On SQLite the transactions are serialised and it cannot happen. The model hit it with two
  // desktops of one code in "sync together" against two server processes; one process's pool does
  // it too. Five pairs: each pair races with a probability of about 0.8 here.
  it('two desktops registering one desk code at the same moment both get a code', async () => {
    const url = await createTestDatabase();
    const store = await ServerStore.open({ postgres: url });
    try {
      const { user } = await store.addUser('Ann', 'engineer');
      for (let pair = 0; pair < 5; pair++) {
        const codes = await Promise.all([store.registerDesk(user, `desk-a${pair}`, `K7${pair}`), store.registerDesk(user, `desk-b${pair}`, `K7${pair}`)]);
        expect(new Set(codes).size).toBe(2);
      }
    } finally {
      await store.close();
      await dropRunDatabase(url);
    }
  });
});
