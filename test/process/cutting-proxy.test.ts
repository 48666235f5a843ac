// The sync over a network that drops connections, on SQLite and on PostgreSQL: several desktops
// sync again and again through a proxy on 127.0.0.1 that cuts connections after a random number
// of bytes, either way, for a bounded number of cuts. Every failed sync is a SyncError; once the
// network heals, every desktop and the server hold the same cases, nothing waits, no change was
// applied twice, and every SQLite file passes PRAGMA integrity_check.
// A failure names its seed: rerun it with CASEDESK_PROXY_SEED=<seed>.
import { randomInt } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCases } from '../../bench/support/generate-cases.mjs';
import type { CaseRecord } from '../../shared/cases/case-format';
import { applyMutation, MutationError } from '../../electron/core/store/apply-mutation';
import { CaseStore, connectionOf, statementOf } from '../../electron/core/store/case-store';
import { syncOnce, SyncError } from '../../electron/core/sync/sync-client';
import type { StoreLocation } from '../../server/store/open-server-store';
import { integrityOf, readServer } from '../support/casedesk-processes';
import { seededRandom, startCuttingProxy, type CuttingProxy } from '../support/cutting-proxy';
import { dropTestDatabases } from '../support/postgres';
import { BACKENDS } from '../support/server-backends';
import { tempDbPath } from '../support/temp-db';
import { exportOf, newCase, numbersOf, SyncWorld } from '../support/sync-world';

afterAll(async () => {
  await dropTestDatabases();
});

const BASE_SEED = Number(process.env.CASEDESK_PROXY_SEED ?? randomInt(2 ** 31));
const DESKTOPS = 3;
const CUTS = 30;
const MAX_ROUNDS = 40;
const ROUNDS_MS = 35_000;

/** Imported history for desktop `n`: generated cases with ids of its own. */
function importsFor(n: number, count: number): CaseRecord[] {
  return (generateCases(count, 100 + n).cases as CaseRecord[]).map((c, i) => ({ ...c, id: `D${n}-I${i}` }));
}

/** A few changes of the kinds engineers make, on cases this desktop knows; refused ones are skipped. */
function makeChanges(store: CaseStore, random: () => number, author: string, now: number, count: number): number {
  const ids = statementOf(store, `SELECT id FROM cases WHERE id NOT LIKE '%-I%' ORDER BY id`, 'pluck').all() as string[];
  const at = new Date(now).toISOString();
  let made = 0;
  for (let k = 0; k < count && ids.length > 0; k++) {
    // Half the changes go to a few hot cases, where desktops' changes cross and some are refused.
    const hot = ids.filter((id) => /-C[01]$/.test(id));
    const pool = hot.length > 0 && random() < 0.5 ? hot : ids;
    const caseId = pool[Math.floor(random() * pool.length)]!;
    const r = random();
    try {
      if (r < 0.3) applyMutation(store, 'addNote', { caseId, at, author, text: `note ${k} from ${author}` });
      else if (r < 0.5) applyMutation(store, 'logContact', { caseId, at, author, channel: 'email' });
      else if (r < 0.7) applyMutation(store, 'updateCase', { caseId, author, fields: { product: `MailWall ${Math.floor(random() * 100)}` } });
      else if (r < 0.85) applyMutation(store, 'changeStatus', { caseId, at, author, status: (['in-progress', 'awaiting-customer', 'resolved'] as const)[Math.floor(random() * 3)]! });
      else applyMutation(store, 'reopenCase', { caseId, at, author, reason: 'customer called back' });
      made++;
    } catch (err) {
      if (!(err instanceof MutationError)) throw err;
    }
  }
  return made;
}

function pendingOf(store: CaseStore): number {
  return statementOf(store, `SELECT count(*) FROM outbox WHERE state = 'pending'`, 'pluck').get() as number;
}

describe.each(BACKENDS.map((b, i) => ({ ...b, seed: BASE_SEED + i })))('desktops syncing through a proxy that cuts connections, server on $name', (backend) => {
  let world: SyncWorld | undefined;
  let proxy: CuttingProxy | undefined;
  let location: StoreLocation;
  beforeEach(async () => {
    location = await backend.fresh();
    world = await SyncWorld.start(location);
  });
  afterEach(async () => {
    await proxy?.close();
    await world?.close();
    proxy = undefined;
    world = undefined;
  });

  it('fails only with SyncErrors while cut, and converges with nothing lost or doubled once healed', async () => {
    const w = world!;
    const seed = backend.seed;
    const why = `seed ${seed} (rerun with CASEDESK_PROXY_SEED=${BASE_SEED})`;
    console.log(`[cutting-proxy ${backend.name}] ${why}`);
    const random = seededRandom(seed ^ 0x5eed);
    proxy = await startCuttingProxy({ targetPort: w.server.port, seed, cuts: CUTS });
    const desktops = Array.from({ length: DESKTOPS }, () => w.desktop());
    // One desk code for all (codes are short: it happens): their case numbers collide, and the
    // server renames all but the first.
    for (const d of desktops) d.setMeta('desk_code', 'K7Q');
    desktops.forEach((d, n) => {
      for (const record of importsFor(n, 120)) applyMutation(d, 'importCase', { record });
      for (let i = 0; i < 15; i++) newCase(d, `D${n}-C${i}`, { summary: `case ${i} of desktop ${n}` }, 1 + ((n + i) % 3));
    });
    const made = desktops.map(() => 120 + 15);
    const work = (n: number, count: number) => (made[n]! += makeChanges(desktops[n]!, random, `Engineer ${n}`, w.clock.now, count));
    // Engineers keep working while a sync runs: now and then, a change between two pages.
    const through = (n: number) => ({
      server: proxy!.url,
      timeoutMs: 4000,
      onProgress: () => {
        if (random() < 0.3) work(n, 1 + Math.floor(random() * 3));
      },
    });

    const errors: unknown[] = [];
    let rounds = 0;
    let cleanRounds = 0;
    let answersLost = 0;
    const started = Date.now();
    while (rounds < MAX_ROUNDS && Date.now() - started < ROUNDS_MS) {
      rounds++;
      w.clock.now += 60_000;
      desktops.forEach((_d, n) => work(n, 4 + Math.floor(random() * 8)));
      const outcomes = await Promise.allSettled(desktops.map((d, n) => w.sync(d, through(n))));
      const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as unknown);
      errors.push(...failed);
      // Changes the server took whose answer the cut lost: still pending here, known there.
      for (const [n, o] of outcomes.entries()) {
        if (o.status === 'fulfilled') continue;
        const pending = statementOf(desktops[n]!, `SELECT mutation_id FROM outbox WHERE state = 'pending'`, 'pluck').all() as string[];
        if (pending.length === 0) continue;
        const known = await w.server.store.db.selectFrom('mutations').select('id').where('id', 'in', pending).execute();
        answersLost += known.length;
      }
      if (failed.length === 0 && proxy.made.length >= CUTS) cleanRounds++;
      if (cleanRounds >= 2) break;
    }
    const strangers = errors.filter((e) => !(e instanceof SyncError));
    expect(strangers.map((e) => String((e as Error).stack ?? e)), why).toEqual([]);
    expect(proxy.made.length, `${why}: the proxy made its cuts`).toBeGreaterThan(0);
    expect(errors.length, why).toBeGreaterThan(0);
    console.log(
      `[cutting-proxy ${backend.name}] ${rounds} rounds, ${proxy.connections} connections, ${proxy.made.length} cuts ` +
        `(${proxy.made.map((c) => `${c.direction}@${c.afterBytes}${c.how === 'reset' ? 'R' : ''}`).join(' ')}), ${errors.length} failed syncs: ` +
        [...new Set(errors.map((e) => `${(e as SyncError).kind}: ${(e as Error).message.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT')}`))].join(' | ') +
        `; after failed syncs, ${answersLost} pending change(s) (counted per failure) were already on the server; ${Date.now() - started} ms`,
    );

    // Healed: everything passes (and then, straight to the server).
    proxy.heal();
    for (let round = 0; round < 2; round++) for (const d of desktops) await w.sync(d, { server: proxy.url, timeoutMs: 4000 });
    await w.settle();

    const held = await readServer(w.server.store);
    const expected = held.cases;
    const outboxes = new Map<string, string>();
    for (const [n, d] of desktops.entries()) {
      expect(statementOf(d, 'SELECT count(*) FROM outbox', 'pluck').get(), `${why}: every change made on desktop ${n} is in its outbox`).toBe(made[n]);
      expect(exportOf(d), why).toEqual(expected);
      expect(numbersOf(d), why).toEqual(held.numbers);
      expect(pendingOf(d), why).toBe(0);
      expect(statementOf(d, 'SELECT count(*) FROM events WHERE pending = 1', 'pluck').get(), why).toBe(0);
      expect(statementOf(d, 'SELECT count(*) FROM events', 'pluck').get(), why).toBe(held.events);
      expect(connectionOf(d).pragma('integrity_check', { simple: true }), why).toBe('ok');
      for (const [id, state] of statementOf(d, 'SELECT mutation_id, state FROM outbox', 'raw').all() as [string, string][]) outboxes.set(id, state);
    }
    // Each change reached the server once, with the verdict its desktop recorded.
    expect(new Map([...held.mutations].sort()), why).toEqual(new Map([...outboxes].sort()));
    expect(held.head, why).toBe(held.mutations.size);
    expect(held.duplicateEvents, why).toBe(0);
    expect(new Set(Object.values(held.numbers)).size, why).toBe(expected.length);
    expect(expected.length, why).toBe(DESKTOPS * (120 + 15));

    const statuses = [...held.mutations.values()];
    console.log(
      `[cutting-proxy ${backend.name}] ${statuses.length} changes: ${statuses.filter((x) => x === 'rejected').length} rejected; ` +
        `${Object.values(held.numbers).filter((x) => x.includes('/')).length} case numbers renamed by the server`,
    );
    await w.close();
    world = undefined;
    if (location.sqlite) expect(integrityOf(location.sqlite), why).toBe('ok');
  }, 60_000);
});

describe('a connection the server drops part-way through its answer', () => {
  // BUG (unclear error): a server that was reached, took the request and then lost the
  // connection mid-answer — killed, or a proxy or network dropping it — ends the sync with
  // "cannot reach the server at http://127.0.0.1:PORT (UND_ERR_SOCKET)" (or "(ECONNRESET)").
  // "Cannot reach" is wrong (the changes may well have been applied: the next sync learns their
  // verdicts) and UND_ERR_SOCKET is undici's internal code. electron/core/sync/sync-client.ts,
  // SyncHttp.call: every failure of fetch() or response.text() that is not the timeout becomes
  // kind 'unreachable' with that wording; a failure after the request was sent (undici's
  // "terminated" / "other side closed", ECONNRESET, ECONNREFUSED being the only true "cannot
  // reach") needs words of its own. Nothing is lost either way: only the message is at fault.
  it('is reported as a dropped connection, in words, not as an unreachable server', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => {
        // The head of an answer and a few bytes of its body, then the connection is gone.
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"results":[');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const store = CaseStore.open(tempDbPath(), { create: true });
    try {
      newCase(store, 'C-1');
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const error = await syncOnce(store, { server: url, token: 'cdt_x', timeoutMs: 3000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SyncError);
      expect(statementOf(store, `SELECT state FROM outbox`, 'pluck').all()).toEqual(['pending']);
      const message = (error as SyncError).message;
      expect(message).not.toMatch(/UND_ERR_/);
      expect(message).not.toMatch(/cannot reach/);
      expect(message).toMatch(/connection/);
    } finally {
      store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
