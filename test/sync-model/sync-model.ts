// The world of the "nothing lost" model test: a real central server over real HTTP on 127.0.0.1
// (SQLite, or PostgreSQL with one or two server processes), several desktops (each its own SQLite
// file, its clock perhaps a little off), one shared clock, and a network between them that drops,
// duplicates, delays, holds back and replays requests on a seeded plan. Commands (fast-check's
// model-based testing) make changes, sync (alone or several at once), take desktops offline, put
// policy versions in force, quit apps, restart or crash the server and move the clock; `heal` then
// turns the faults off and syncs until nothing waits; `checkHealed` and `checkLogReplays` state
// what must hold after.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import type fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { expect } from 'vitest';
import { CONTACT_CHANNELS } from '../../shared/policy/policy-schema';
import { defaultPolicy, parsePolicy } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';
import type { PushItem } from '../../shared/sync/protocol';
import { applyMutation, MutationError } from '../../electron/core/store/apply-mutation';
import { CaseStore, connectionOf, statementOf } from '../../electron/core/store/case-store';
import { syncOnce, SyncError, type SyncReport } from '../../electron/core/sync/sync-client';
import { SyncBusyError } from '../../electron/core/store/sync-lock';
import type { StoreLocation } from '../../server/store/open-server-store';
import { ServerStore, type ServerUser } from '../../server/store/server-store';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { POSTGRES_URL } from '../support/postgres';
import { exportOf, numbersOf } from '../support/sync-world';
import { tempDbPath } from '../support/temp-db';

// ---- Time ------------------------------------------------------------------------------------------------

export const MINUTE = 60_000;
/** Monday 29 November 2010, 12:00 in New York (EST, -05:00 all through the runs). */
export const START = Date.parse('2010-11-29T17:00:00Z');

/** An instant as the case format writes it, with New York's winter offset. */
export function iso(ms: number): string {
  return `${new Date(ms - 5 * 60 * MINUTE).toISOString().slice(0, 19)}-05:00`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- Changes ---------------------------------------------------------------------------------------------

export const CASE_IDS = ['C1', 'C2', 'C3'] as const;
export const AUTHORS = ['Ann', 'Raj'] as const;
export const DESK_NAMES = ['A', 'B', 'C', 'D'] as const;

/** The server user a desk is signed in as, making its changes: Ann at A and C (a desk and a laptop), Raj at B and D. */
export function deskUser(desk: string): string {
  return AUTHORS[DESK_NAMES.indexOf(desk as (typeof DESK_NAMES)[number]) % AUTHORS.length]!;
}

export const CHANGE_NAMES = [
  'createCase',
  'importCase',
  'updateCase',
  'logContact',
  'changeSeverity',
  'changeStatus',
  'recordCustomerReply',
  'deliverWorkaround',
  'holdAutoClose',
  'flagThirdParty',
  'markFeatureRequest',
  'addNote',
  'escalate',
  'closeCase',
  'reopenCase',
  'undoLastChange',
] as const;
export type ChangeName = (typeof CHANGE_NAMES)[number];

/**
 * One change an engineer makes on a desktop: which mutation, on which case, dated how many minutes
 * before the clock (negative: in the future, which the rules refuse), by whom, and a small number
 * picking the variant (which status, severity, field, channel…). Arguments are built when it runs.
 */
export interface Change {
  name: ChangeName;
  caseId: string;
  back: number;
  pick: number;
}

const STATUSES = ['in-progress', 'awaiting-customer', 'resolved'] as const;
const FIELD_EDITS = ['company', 'summary', 'product', 'contact.name', 'problem.nature'] as const;

export function describeChange(desk: string, c: Change): string {
  const variant =
    c.name === 'changeStatus' ? ` ${STATUSES[c.pick % 3]}` :
    c.name === 'changeSeverity' ? ` sev${1 + (c.pick % 3)}` :
    c.name === 'createCase' ? ` sev${c.pick % 10 === 9 ? 4 : 1 + (c.pick % 3)}` :
    c.name === 'updateCase' ? ` ${FIELD_EDITS[c.pick % FIELD_EDITS.length]}=v${c.pick}` :
    c.name === 'importCase' ? (c.pick % 2 === 0 ? ' +contact' : '') :
    '';
  const back = c.name === 'createCase' || c.name === 'importCase' ? (c.back < 0 ? c.back : c.back + 60) : c.back;
  const when = c.name === 'updateCase' ? '' : back >= 0 ? ` @-${back}m` : ` @+${-back}m`;
  return `${desk}.${c.name}(${c.caseId}${variant}${when} ${deskUser(desk)})`;
}

/** The mutation's arguments, dated against the clock `now`. */
export function changeArgs(c: Change, author: string, now: number): unknown {
  const at = iso(now - c.back * MINUTE);
  const base = { caseId: c.caseId, at, author };
  switch (c.name) {
    case 'createCase':
      return {
        id: c.caseId,
        severity: c.pick % 10 === 9 ? 4 : 1 + (c.pick % 3), // 4: not a severity of the policy (refused)
        type: c.pick % 5 === 4 ? 'feature-request' : 'problem',
        channel: (['phone', 'email', 'online'] as const)[c.pick % 3],
        loggedAt: c.back < 0 ? at : iso(now - (c.back + 60) * MINUTE),
        author,
        fields: { company: `Co${c.pick % 3}`, summary: `case by ${author}` },
      };
    case 'importCase': {
      const loggedAt = now - (c.back + 60) * MINUTE;
      const events = c.pick % 2 === 0 ? [{ at: iso(loggedAt + 10 * MINUTE), type: 'contact', channel: 'phone' }] : [];
      return { record: { id: c.caseId, severity: 1 + (c.pick % 3), type: 'problem', loggedAt: iso(loggedAt), company: `Imported${c.pick}`, events } };
    }
    case 'updateCase': {
      const value = `v${c.pick}`;
      const field = FIELD_EDITS[c.pick % FIELD_EDITS.length]!;
      const fields =
        field === 'contact.name' ? { contact: { name: value } } :
        field === 'problem.nature' ? { problem: { nature: c.pick % 2 ? 'functional' : 'performance' } } :
        { [field]: value };
      return { caseId: c.caseId, author, fields };
    }
    case 'logContact':
      return { ...base, channel: CONTACT_CHANNELS[c.pick % CONTACT_CHANNELS.length], ...(c.pick % 2 ? { note: `called ${c.pick}` } : {}) };
    case 'changeSeverity':
      return { ...base, severity: 1 + (c.pick % 3), reason: 'customer says so' };
    case 'changeStatus':
      return { ...base, status: STATUSES[c.pick % 3] };
    case 'recordCustomerReply':
      return { ...base, note: `reply ${c.pick}` };
    case 'deliverWorkaround':
      return { ...base, note: `restart the service (${c.pick})` };
    case 'holdAutoClose':
      return { ...base, note: 'customer is on leave' };
    case 'flagThirdParty':
      return { ...base, vendor: 'Relay Inc', reason: 'their MTA' };
    case 'markFeatureRequest':
      return { ...base };
    case 'addNote':
      return { ...base, text: `note ${c.pick}` };
    case 'escalate':
      return { ...base, to: c.pick % 2 ? 'support-management' : 'account-manager', reason: 'slow progress' };
    case 'closeCase':
      return { ...base, agreement: { by: 'Bo', at: iso(now - (c.back + 1) * MINUTE), how: 'phone' } };
    case 'reopenCase':
      return { ...base, reason: 'it came back' };
    case 'undoLastChange':
      return { ...base };
  }
}

// ---- Network faults ---------------------------------------------------------------------------------------

/** What the network does to one HTTP call of a sync (calls past the plan go through untouched). */
export type Fault =
  | { kind: 'ok' }
  /** The request never reaches the server. */
  | { kind: 'drop-request' }
  /** The server handles the request; its answer is lost. */
  | { kind: 'drop-response' }
  /** The request arrives twice, both copies at once; the client gets the answer to copy `answer`. */
  | { kind: 'duplicate'; answer: 0 | 1 }
  /** The request (`before`) or its answer (`after`) is held up a few ms. */
  | { kind: 'delay'; ms: number; where: 'before' | 'after' }
  /** The request is held in the network: the client gives up on it; it arrives later (DeliverHeld, healing) or never. */
  | { kind: 'hold' }
  /**
   * The server process dies while handling the request, and is started again (same database, new
   * port). `before-commit`: nothing of it was committed; `after-commit`: all of it was, the answer
   * is lost; a number k: a push whose first k mutations were committed (each is its own
   * transaction on the server), the rest not.
   */
  | { kind: 'crash'; point: 'before-commit' | 'after-commit' | number }
  /** While the request is in flight (after the server answered, before the client reads it), the engineer makes changes on this desktop. */
  | { kind: 'meanwhile'; changes: Change[] }
  /** The desktop app dies while the request is in flight, before (`before-send`) or after the server handled it; it is started again. */
  | { kind: 'desk-crash'; point: 'before-send' | 'after-send' };

export function describeFault(f: Fault, desk: string): string {
  switch (f.kind) {
    case 'ok':
    case 'drop-request':
    case 'drop-response':
    case 'hold':
      return f.kind;
    case 'duplicate':
      return `duplicate(answer ${f.answer + 1})`;
    case 'delay':
      return `delay ${f.where} ${f.ms}ms`;
    case 'crash':
      return `crash ${typeof f.point === 'number' ? `after ${f.point} item(s)` : f.point}`;
    case 'meanwhile':
      return `meanwhile[${f.changes.map((c) => describeChange(desk, c)).join(', ')}]`;
    case 'desk-crash':
      return `${desk} dies ${f.point === 'before-send' ? 'before sending' : 'after the server answered'}`;
  }
}

interface CapturedRequest {
  desk: string;
  method: string;
  /** Path and query: sent to wherever the server is now. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The error fetch throws when the network fails (SyncHttp reads `cause.code`). */
function networkError(code: string): TypeError {
  return new TypeError('fetch failed', { cause: { code, message: code } });
}

async function drain(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

class Network {
  /** Requests the network holds back, in the order they were sent. */
  readonly held: CapturedRequest[] = [];
  /** Every push request a client sent, for replaying old ones later. */
  readonly pushes: CapturedRequest[] = [];

  constructor(private readonly world: ModelWorld) {}

  private sent = 0;

  /** The server process the next request goes to (a load balancer taking turns). */
  nextServer(): number {
    return this.sent++ % this.world.servers.length;
  }

  /** Send a request to a server process as it is now (a restarted server answers on a new port). */
  async deliver(request: CapturedRequest, which = this.nextServer()): Promise<Response> {
    const server = this.world.servers[which];
    if (!server) throw networkError('ECONNREFUSED');
    return fetch(`${server.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  }

  /** Deliver and forget the answer (a late or duplicate copy nobody waits for). */
  async deliverAndForget(request: CapturedRequest): Promise<void> {
    await drain(await this.deliver(request)).catch(() => undefined);
  }

  /** The fetch a sync of `desk` uses: the i-th call meets `plan[i]`. */
  transport(desk: Desk, plan: readonly Fault[]): typeof fetch {
    let call = 0;
    const transport = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const fault: Fault = plan[call++] ?? { kind: 'ok' };
      if (!desk.online) throw networkError('ENETUNREACH');
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === '/api/sync/pull') url.searchParams.set('limit', String(this.world.options.pageLimit));
      const request: CapturedRequest = {
        desk: desk.name,
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        headers: { ...(init?.headers as Record<string, string>) },
        body: typeof init?.body === 'string' ? init.body : undefined,
      };
      if (request.method === 'POST') this.pushes.push(request);
      switch (fault.kind) {
        case 'ok':
          return this.deliver(request);
        case 'drop-request':
          throw networkError('ECONNRESET');
        case 'drop-response':
          await drain(await this.deliver(request));
          throw networkError('ECONNRESET');
        case 'duplicate': {
          const answers = await Promise.all([this.deliver(request), this.deliver(request)]);
          await drain(answers[1 - fault.answer]!);
          return answers[fault.answer]!;
        }
        case 'delay': {
          if (fault.where === 'before') await sleep(fault.ms);
          const response = await this.deliver(request);
          if (fault.where === 'after') await sleep(fault.ms);
          return response;
        }
        case 'hold':
          this.held.push(request);
          throw networkError('ETIMEDOUT');
        case 'crash': {
          const which = this.nextServer();
          if (fault.point === 'after-commit') {
            await drain(await this.deliver(request, which));
          } else if (typeof fault.point === 'number' && request.body !== undefined) {
            const body = JSON.parse(request.body) as { items: unknown[] };
            const committed = Math.min(fault.point, body.items.length);
            if (committed > 0) await drain(await this.deliver({ ...request, body: JSON.stringify({ ...body, items: body.items.slice(0, committed) }) }, which));
          }
          await this.world.restartServer(true, which);
          throw networkError('ECONNRESET');
        }
        case 'meanwhile': {
          const response = await this.deliver(request);
          const text = await response.text();
          for (const change of fault.changes) this.world.change(desk, change);
          return new Response(text, { status: response.status, headers: response.headers });
        }
        case 'desk-crash':
          if (fault.point === 'after-send') await drain(await this.deliver(request));
          desk.crashed = true;
          desk.store.close();
          throw networkError('ECONNABORTED');
      }
    };
    return transport as typeof fetch;
  }
}

// ---- The world ---------------------------------------------------------------------------------------------

export interface Desk {
  name: string;
  path: string;
  store: CaseStore;
  /** The server user it is signed in as: its changes are made in that name (two desks share one). */
  user: string;
  token: string;
  online: boolean;
  /** How far this desktop's clock is ahead of the server's (ms; negative: behind). */
  skew: number;
  /** The app died in the middle of a sync (a `desk-crash` fault): it starts again after the sync. */
  crashed: boolean;
}

export interface WorldOptions {
  backend: 'sqlite' | 'postgres';
  location: StoreLocation;
  desks: number;
  /** Give every desktop the same desk code (codes are three random characters: two desktops can share one). */
  sameDeskCode: boolean;
  /** Each desktop's clock skew, in minutes (the server's clock is the world's). */
  skews: number[];
  /** Server processes on the one database (2: PostgreSQL only); requests take turns between them. */
  servers: number;
  /**
   * The most cases a pull page brings: the client always asks for PULL_PAGE_LIMIT (1000), which a
   * handful of cases never reach; the network rewrites the query so that paging happens (1, 2).
   */
  pageLimit: number;
}

/** Errors that are not a refusal by the rules nor a failed sync: each one fails the run. */
export class UnexpectedError extends Error {}

export class ModelWorld {
  /** The server processes (null: down, being restarted). */
  readonly servers: (CentralServer | null)[] = [];
  readonly clock = { now: START };
  readonly desks: Desk[] = [];
  readonly net = new Network(this);
  /** What happened, one line per step, shown when a run fails. */
  readonly trace: string[] = [];
  /** Lines the server logged (failures: a 500 answer, a change not applied). */
  readonly serverLog: string[] = [];
  /** Errors a change threw that were not the rules' refusal (they can happen inside a sync's fetch, which hides them). */
  readonly unexpected: unknown[] = [];
  private location: StoreLocation;
  /** Temporary folders of this world's SQLite files, removed by close(). */
  private readonly folders: string[] = [];

  private constructor(readonly options: WorldOptions) {
    this.location = options.location;
    if (options.location.sqlite) this.folders.push(dirname(options.location.sqlite));
  }

  /** The first server process (the one the checks read through). */
  get server(): CentralServer | null {
    return this.servers[0] ?? null;
  }

  static async start(options: WorldOptions): Promise<ModelWorld> {
    const world = new ModelWorld(options);
    for (let i = 0; i < options.servers; i++) world.servers.push(await world.startServer());
    for (let i = 0; i < options.desks; i++) {
      const user = deskUser(DESK_NAMES[i]!);
      const token = i < AUTHORS.length ? (await world.server!.store.addUser(user, 'engineer')).token : world.desks[i % AUTHORS.length]!.token;
      const path = tempDbPath();
      world.folders.push(dirname(path));
      const skew = (options.skews[i] ?? 0) * MINUTE;
      const store = CaseStore.open(path, { create: true, clock: { now: () => world.clock.now + skew } });
      // One code for all, or one each: the random codes could meet by chance (1 in 32,768 a pair),
      // and a run that met BUG 1 of nothing-lost.test.ts would fail at random.
      store.setMeta('desk_code', options.sameDeskCode ? 'K7Q' : `K${DESK_NAMES[i]}7`);
      world.desks.push({ name: DESK_NAMES[i]!, path, store, user, token, online: true, skew, crashed: false });
    }
    return world;
  }

  private startServer(): Promise<CentralServer> {
    return startCentralServer({ ...this.location, port: 0, clock: { now: () => this.clock.now }, log: (line) => this.serverLog.push(line) });
  }

  /**
   * Stop the server and start it again on the same database (a new port). A crash of the SQLite
   * backend starts the new server on a copy of the files as they were on disk at the crash (the
   * database and its write-ahead log, not checkpointed), the old process's state being lost.
   */
  async restartServer(crash: boolean, which = 0): Promise<void> {
    const old = this.servers[which]!;
    this.servers[which] = null;
    if (crash && this.location.sqlite) {
      const from = this.location.sqlite;
      const to = join(mkdtempSync(join(tmpdir(), 'casedesk-crash-')), 'central.db');
      this.folders.push(dirname(to));
      copyFileSync(from, to);
      if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
      this.location = { sqlite: to };
    }
    await old.close();
    const started = await this.startServer();
    this.servers[which] = started;
    const name = this.servers.length > 1 ? `server ${which + 1}` : 'server';
    this.trace.push(`    ${name} ${crash ? 'crashed and came back' : 'restarted'} at ${started.url}${crash && this.location.sqlite ? ` on ${dirname(this.location.sqlite)}` : ''}`);
  }

  /** Make a change on a desktop (see `resolve`); the rules may refuse it (that is fine). Returns what was done. */
  change(desk: Desk, given: Change): string {
    const c = this.resolve(desk, given);
    const what = describeChange(desk.name, c);
    if (this.options.sameDeskCode && (c.name === 'createCase' || c.name === 'importCase')) skipTakenNumbers(desk.store);
    try {
      // A desktop signed in to the server makes its changes as its user.
      const result = applyMutation(desk.store, c.name, changeArgs(c, desk.user, this.clock.now + desk.skew));
      this.trace.push(`    ${what} → queued ${result.mutationId} (case ${result.number})`);
      return what;
    } catch (err) {
      if (err instanceof MutationError) {
        this.trace.push(`    ${what} → refused here: ${err.message}`);
        return what;
      }
      this.trace.push(`    ${what} → UNEXPECTED ${String(err)}`);
      this.unexpected.push(err);
      throw err;
    }
  }

  /**
   * A change to a case this desktop does not have is moved to one it has (the `pick`-th, by id),
   * and on a desktop with no case at all it creates its case instead: so that most changes reach
   * the rules rather than fail on "no case". Creations are left as they are.
   */
  resolve(desk: Desk, c: Change): Change {
    if (c.name === 'createCase' || c.name === 'importCase' || desk.store.getCase(c.caseId)) return c;
    const ids = statementOf(desk.store, 'SELECT id FROM cases ORDER BY id', 'pluck').all() as string[];
    return ids.length === 0 ? { ...c, name: 'createCase' } : { ...c, caseId: ids[c.pick % ids.length]! };
  }

  /** One sync of a desktop over the faulty network; a SyncError is an acceptable outcome. */
  async sync(desk: Desk, plan: readonly Fault[]): Promise<SyncReport | SyncError> {
    if (desk.crashed) throw new UnexpectedError(`desktop ${desk.name} is down`);
    try {
      const server = this.server?.url ?? 'http://127.0.0.1:9';
      const report = await syncOnce(desk.store, { server, token: desk.token, timeoutMs: 10_000, fetch: this.net.transport(desk, plan) });
      const rejected = report.rejected.map((r) => `${r.name} ${r.caseId}: ${r.error}`).join('; ');
      this.trace.push(`    sync ${desk.name}: pushed ${report.pushed}, applied ${report.applied}, rejected ${report.rejected.length}${rejected ? ` (${rejected})` : ''}, dropped ${report.dropped}, pulled ${report.pulled}, v${report.version}, pending ${report.pending}`);
      return report;
    } catch (err) {
      if (desk.crashed) {
        // The app died mid-sync: whatever the sync did after that failed on the closed file.
        this.trace.push(`    sync ${desk.name}: the app died (${String(err).slice(0, 80)})`);
        this.startAfterCrash(desk);
        return new SyncError('the app died', 'unreachable');
      }
      if (err instanceof SyncBusyError) {
        this.trace.push(`    sync ${desk.name}: busy (another sync of this desktop is running)`);
        return new SyncError(err.message, 'unreachable');
      }
      if (err instanceof SyncError && this.unexpected.length === 0) {
        this.trace.push(`    sync ${desk.name}: ${err.kind}: ${err.message.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'server')}`);
        return err;
      }
      this.trace.push(`    sync ${desk.name}: UNEXPECTED ${String(err)}`);
      throw err;
    } finally {
      this.assertNothingUnexpected();
    }
  }

  /** The desktop app quits and starts again: the store is closed and opened again. */
  reopen(desk: Desk): void {
    desk.store.close();
    desk.store = CaseStore.open(desk.path, { clock: { now: () => this.clock.now + desk.skew } });
  }

  /**
   * The app starts again after dying in a sync. Its sync lock is still in the file, naming this
   * test's process (alive): a real crash leaves a dead process's id there, so that is what it names.
   */
  private startAfterCrash(desk: Desk): void {
    desk.crashed = false;
    desk.store = CaseStore.open(desk.path, { clock: { now: () => this.clock.now + desk.skew } });
    const lock = desk.store.meta('sync_lock');
    if (lock) desk.store.setMeta('sync_lock', JSON.stringify({ ...(JSON.parse(lock) as object), pid: deadPid() }));
  }

  assertNothingUnexpected(): void {
    if (this.unexpected.length > 0) throw new UnexpectedError(`unexpected error: ${String(this.unexpected[0])}`, { cause: this.unexpected[0] });
    // With shared desk codes, two first pushes at once can meet the registerDesk race (a BUG test
    // in nothing-lost.test.ts): a 500, retried with nothing lost; tolerated in those runs only.
    const known = (line: string) => this.options.sameDeskCode && line.includes('clients_desk_code_key');
    const failed = this.serverLog.find((line) => line.startsWith('server error') && !known(line));
    if (failed) throw new UnexpectedError(`the server failed (500): ${failed}`);
    // A change the server could not write ("not applied"): nothing the model does should cause one.
    const notApplied = this.serverLog.find((line) => / not applied: /.test(line));
    if (notApplied) throw new UnexpectedError(`the server could not apply a change: ${notApplied}`);
  }

  /**
   * Heal: every fault off, every desktop online; requests still held in the network arrive (or
   * never do); then every desktop syncs, round after round, until a whole round pushed nothing.
   */
  async heal(deliverHeld: boolean): Promise<void> {
    this.trace.push(`  heal (held requests ${deliverHeld ? 'arrive late' : 'are lost'})`);
    for (const desk of this.desks) desk.online = true;
    if (deliverHeld) for (const request of this.net.held.splice(0)) await this.net.deliverAndForget(request);
    for (let round = 0; round < 6; round++) {
      let pushed = 0;
      for (const desk of this.desks) {
        const report = await this.sync(desk, []);
        if (report instanceof SyncError) throw new UnexpectedError(`healing: the sync of desktop ${desk.name} failed with no fault: ${report.message}`, { cause: report });
        pushed += report.pushed;
      }
      if (pushed === 0) return;
    }
    throw new UnexpectedError('healing: six rounds of syncs and the desktops still push');
  }

  async close(): Promise<void> {
    for (const desk of this.desks) if (connectionOf(desk.store).open) desk.store.close();
    for (const [i, server] of this.servers.entries()) {
      this.servers[i] = null;
      await server?.close();
    }
    for (const folder of this.folders) rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Move the desktop's case-number counter past numbers its cases already hold. A desktop whose
 * desk code another shares has pulled that one's cases, and would hand out one of their numbers
 * to its next case, which the store refuses (see the BUG test in nothing-lost.test.ts); stepping
 * past them lets the runs with shared desk codes go on to the collisions the sync does handle.
 */
export function skipTakenNumbers(store: CaseStore): void {
  const code = store.meta('desk_code')!;
  let next = Number(store.meta('next_number'));
  while (statementOf(store, 'SELECT 1 FROM cases WHERE number = ?', 'pluck').get(`${code}-${next}`)) next++;
  store.setMeta('next_number', String(next));
}

let deadPidValue: number | undefined;

/** The id of a process that has ended (a crashed app's, in the lock it left). */
function deadPid(): number {
  deadPidValue ??= spawnSync(process.execPath, ['-e', '']).pid!;
  return deadPidValue;
}

/** Policy edits desktops put in force: the same version is the same rules on every desktop. */
export function policyVersion(version: number): Policy {
  if (version === 1) return defaultPolicy();
  const base = defaultPolicy();
  return parsePolicy({
    ...base,
    version,
    autoClose: { ...base.autoClose, afterDays: version === 2 ? 3 : 20 },
    holidays: { ...base.holidays, add: [...(base.holidays.add ?? []), { date: version === 2 ? '2010-12-01' : '2010-12-03', name: `Office day v${version}` }] },
  });
}

// ---- PostgreSQL databases ------------------------------------------------------------------------------------

/**
 * Drop one run's PostgreSQL database. `server.close()` returns before the pool's sockets are shut
 * (pg-pool ends its idle clients without waiting), and `DROP DATABASE … WITH (FORCE)` would then
 * kill them under our feet — or refuse, when an autovacuum worker is in the database. So: wait
 * until no session is left in it, then drop it plainly, trying again while autovacuum holds it.
 */
export async function dropRunDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      const left = Number((await admin.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [name])).rows[0].n);
      if (left === 0) {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${name}`);
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== '55006' || attempt >= 50) throw err; // 55006: still in use (autovacuum)
        }
      } else if (attempt >= 50) {
        throw new Error(`${left} session(s) still in ${name} after 5 s`);
      }
      await sleep(100);
    }
  } finally {
    await admin.end();
  }
}

// ---- Commands -----------------------------------------------------------------------------------------------

/** fast-check's model: only what the commands' descriptions need (the real state is the world). */
export type Model = Record<string, never>;
type Cmd = fc.AsyncCommand<Model, ModelWorld>;

abstract class WorldCommand implements Cmd {
  check(): boolean {
    return true;
  }
  async run(_model: Model, world: ModelWorld): Promise<void> {
    world.trace.push(`  ${this.toString()}`);
    await this.act(world);
    world.assertNothingUnexpected();
  }
  protected abstract act(world: ModelWorld): Promise<void>;
  abstract toString(): string;
}

/** An engineer makes one to three changes on a desktop. */
export class ChangeCommand extends WorldCommand {
  /** What the changes became when they ran (see ModelWorld.resolve), for the counterexample. */
  private done: string[] | null = null;
  constructor(readonly desk: number, readonly changes: Change[]) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    const desk = world.desks[this.desk]!;
    this.done = this.changes.map((c) => world.change(desk, c));
  }
  toString(): string {
    return (this.done ?? this.changes.map((c) => describeChange(DESK_NAMES[this.desk]!, c))).join('; ');
  }
}

export class SyncCommand extends WorldCommand {
  constructor(readonly desk: number, readonly plan: Fault[]) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    await world.sync(world.desks[this.desk]!, this.plan);
  }
  toString(): string {
    const name = DESK_NAMES[this.desk]!;
    return `sync ${name}${this.plan.length ? ` [${this.plan.map((f) => describeFault(f, name)).join(', ')}]` : ''}`;
  }
}

/** Several desktops sync at the same time (their requests interleave at the server), perhaps with a held request arriving among them. */
export class SyncTogetherCommand extends WorldCommand {
  constructor(readonly plans: { desk: number; plan: Fault[] }[], readonly withHeld: boolean) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    const held = this.withHeld ? world.net.held.shift() : undefined;
    await Promise.all([
      ...this.plans.map(({ desk, plan }) => world.sync(world.desks[desk]!, plan)),
      ...(held ? [world.net.deliverAndForget(held).catch(() => undefined)] : []),
    ]);
  }
  toString(): string {
    const parts = this.plans.map(({ desk, plan }) => {
      const name = DESK_NAMES[desk]!;
      return `${name}${plan.length ? ` [${plan.map((f) => describeFault(f, name)).join(', ')}]` : ''}`;
    });
    return `sync together ${parts.join(' | ')}${this.withHeld ? ' + a held request arrives' : ''}`;
  }
}

export class NetworkCommand extends WorldCommand {
  constructor(readonly desk: number, readonly online: boolean) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    world.desks[this.desk]!.online = this.online;
  }
  toString(): string {
    return `${DESK_NAMES[this.desk]} goes ${this.online ? 'online' : 'offline'}`;
  }
}

export class RestartCommand extends WorldCommand {
  constructor(readonly crash: boolean, readonly which: number) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    await world.restartServer(this.crash, this.which % world.servers.length);
  }
  toString(): string {
    const name = this.which > 0 ? `server ${this.which + 1} (if there are two)` : 'server';
    return this.crash ? `${name} crashes (between requests) and restarts` : `${name} restarts`;
  }
}

export class ClockCommand extends WorldCommand {
  constructor(readonly minutes: number) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    world.clock.now += this.minutes * MINUTE;
  }
  toString(): string {
    return this.minutes >= 24 * 60 ? `clock +${Math.round(this.minutes / 60)}h` : `clock +${this.minutes}m`;
  }
}

/** A request the network held back arrives now (late: its client gave up on it long ago). */
export class DeliverHeldCommand extends WorldCommand {
  constructor(readonly index: number) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    const held = world.net.held;
    if (held.length === 0) return;
    const [request] = held.splice(this.index % held.length, 1);
    world.trace.push(`    late arrival: ${request!.method} ${request!.path.split('?')[0]} from ${request!.desk}`);
    await world.net.deliverAndForget(request!);
  }
  toString(): string {
    return `a held request arrives (#${this.index})`;
  }
}

/** An old push request arrives again (a retransmission, long after). */
export class ReplayCommand extends WorldCommand {
  constructor(readonly index: number) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    const pushes = world.net.pushes;
    if (pushes.length === 0) return;
    const request = pushes[this.index % pushes.length]!;
    world.trace.push(`    replay of push #${this.index % pushes.length} from ${request.desk}`);
    await world.net.deliverAndForget(request).catch(() => undefined);
  }
  toString(): string {
    return `an old push is replayed (#${this.index})`;
  }
}

/** A desktop puts a policy version in force for the cases it logs from now on (1: the default). */
export class UsePolicyCommand extends WorldCommand {
  constructor(readonly desk: number, readonly version: number) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    world.desks[this.desk]!.store.usePolicy(policyVersion(this.version));
  }
  toString(): string {
    return `${DESK_NAMES[this.desk]} puts policy v${this.version} in force`;
  }
}

/** The desktop app quits and starts again (the store is closed and opened again). */
export class ReopenCommand extends WorldCommand {
  constructor(readonly desk: number) {
    super();
  }
  protected async act(world: ModelWorld): Promise<void> {
    const desk = world.desks[this.desk]!;
    world.reopen(desk);
  }
  toString(): string {
    return `${DESK_NAMES[this.desk]} quits and starts again`;
  }
}

// ---- Invariants ------------------------------------------------------------------------------------------------

const EVENT_MUTATIONS = new Set<string>(CHANGE_NAMES.filter((n) => n !== 'createCase' && n !== 'importCase' && n !== 'updateCase'));

/**
 * After healing: (1) every desktop's cases and numbers equal the server's; (2) every change in
 * every outbox has a verdict, the server's, recorded there once; (3) none was applied twice: each
 * applied change that writes an event wrote exactly one, a rejected one none; (4) no desktop
 * shows an event the server has not confirmed; (5) every SQLite file is intact; the desktops
 * have pulled up to the server's version and hold no sync lock.
 */
export async function checkHealed(world: ModelWorld): Promise<void> {
  const server = world.server!;
  const db = server.store.db;
  const serverCases = (await server.store.exportCases()).sort((a, b) => a.id.localeCompare(b.id));
  const serverNumbers = Object.fromEntries((await db.selectFrom('cases').select(['id', 'number']).execute()).map((r) => [r.id, r.number]));
  const mutations = await db.selectFrom('mutations').selectAll().execute();
  const byId = new Map(mutations.map((m) => [m.id, m]));
  const events = await db.selectFrom('events').select(['id', 'case_id', 'mutation']).execute();
  const head = await server.store.head();
  const serverConflicts = Object.fromEntries((await server.store.snapshots(db, Object.keys(serverNumbers))).map((s) => [s.id, s.conflicts]));

  const outboxIds = new Set<string>();
  for (const desk of world.desks) {
    const store = desk.store;
    const who = `desktop ${desk.name}`;
    expect(exportOf(store), `${who}: its cases equal the server's`).toEqual(serverCases);
    expect(numbersOf(store), `${who}: its case numbers equal the server's`).toEqual(serverNumbers);
    const conflicts = Object.fromEntries([...store.allCases()].map((c) => [c.record.id, c.conflicts]));
    expect(conflicts, `${who}: its field conflicts equal the server's`).toEqual(serverConflicts);
    const outbox = statementOf(store, 'SELECT mutation_id, name, case_id, state, error FROM outbox ORDER BY seq').all() as {
      mutation_id: string;
      name: string;
      case_id: string | null;
      state: string;
      error: string | null;
    }[];
    for (const entry of outbox) {
      const what = `${who}: ${entry.name} ${entry.case_id} (${entry.mutation_id})`;
      expect(entry.state, `${what} has a verdict`).not.toBe('pending');
      expect(outboxIds.has(entry.mutation_id), `${what}: one outbox only`).toBe(false);
      outboxIds.add(entry.mutation_id);
      const verdict = byId.get(entry.mutation_id);
      expect(verdict, `${what} is recorded on the server`).toBeDefined();
      expect({ state: entry.state, error: entry.error, client: store.deskId }, `${what}: the server's verdict`).toEqual({
        state: verdict!.status,
        error: verdict!.error,
        client: verdict!.client_id,
      });
    }
    expect(statementOf(store, 'SELECT count(*) FROM events WHERE pending = 1', 'pluck').get(), `${who}: no unconfirmed event left`).toBe(0);
    expect(connectionOf(store).pragma('integrity_check', { simple: true }), `${who}: integrity_check`).toBe('ok');
    expect(Number(store.meta('sync_version')), `${who}: pulled up to the server's version`).toBe(head);
    expect(store.meta('sync_lock'), `${who}: no sync lock left`).toBeUndefined();
  }
  expect(mutations.filter((m) => !outboxIds.has(m.id)).map((m) => m.id), 'every mutation on the server came from an outbox').toEqual([]);

  expect(new Set(events.map((e) => e.id)).size, 'event ids are unique on the server').toBe(events.length);
  const eventsById = new Map(events.map((e) => [e.id, e]));
  for (const m of mutations) {
    const written = events.filter((e) => e.id === m.id || e.id.startsWith(`${m.id}.`));
    if (m.status === 'applied' && EVENT_MUTATIONS.has(m.name)) {
      expect(written.map((e) => [e.id, e.case_id, e.mutation]), `applied ${m.name} ${m.id} wrote exactly one event`).toEqual([[m.id, m.case_id, m.name]]);
    } else if (m.status === 'applied' && m.name === 'importCase') {
      const record = (JSON.parse(m.args) as { record: { events?: unknown[] } }).record;
      expect(written.length, `applied importCase ${m.id} wrote its events once`).toBe(record.events?.length ?? 0);
    } else {
      expect(written, `${m.status} ${m.name} ${m.id} wrote no event`).toEqual([]);
    }
  }
  for (const e of events) {
    if (e.mutation === null) continue;
    expect(byId.get(e.id)?.status, `event ${e.id} comes from an applied mutation`).toBe('applied');
  }
  expect(eventsById.size).toBe(events.length);
  if (world.options.backend === 'sqlite') {
    const result = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    expect(result.rows.map((r) => r.integrity_check), 'the server file: integrity_check').toEqual(['ok']);
  }
}

/**
 * The server's state is what its log says: applying every mutation it recorded, one at a time in
 * version order, each judged as of when it arrived, to an empty store gives the same verdicts
 * (status and message) and the same cases, events and numbers. A mutation applied twice, or an
 * effect without its log entry, would show here.
 */
export async function checkLogReplays(world: ModelWorld): Promise<void> {
  const db = world.server!.store.db;
  const log = await db.selectFrom('mutations').selectAll().orderBy('version').execute();
  const cases = await db.selectFrom('cases').select(['id', 'number', 'last_change_id', 'policy_id', 'policy_version']).execute();
  const numbers = new Map(cases.map((r) => [r.id, r.number]));
  const policies = await db.selectFrom('policies').selectAll().execute();
  const policyOf = (caseId: string | null): Policy => {
    const c = cases.find((r) => r.id === caseId);
    const row = c && policies.find((p) => p.id === c.policy_id && Number(p.version) === Number(c.policy_version));
    return row ? parsePolicy(JSON.parse(row.document)) : defaultPolicy();
  };
  const clock = { now: START };
  const file = tempDbPath('replay.db');
  const replay = await ServerStore.open({ sqlite: file }, { now: () => clock.now });
  try {
    // Each change is pushed again by a user of the name it was first pushed by (a change is its user's).
    const users = new Map<string, ServerUser>();
    for (const u of await db.selectFrom('users').select(['id', 'name', 'role']).execute()) users.set(u.id, (await replay.addUser(u.name, u.role)).user);
    for (const m of log) {
      clock.now = Number(m.received_at);
      const item: PushItem = { mutationId: m.id, name: m.name, args: JSON.parse(m.args), madeAt: Number(m.made_at) };
      if (m.name === 'createCase' || m.name === 'importCase') {
        item.number = (m.case_id && numbers.get(m.case_id)) || `unused-${m.id}`;
        item.policy = m.status === 'applied' ? policyOf(m.case_id) : defaultPolicy();
      }
      const [result] = await replay.push(users.get(m.user_id)!, m.client_id, [item]);
      expect({ status: result!.status, error: result!.error ?? null }, `replaying ${m.name} ${m.case_id} (${m.id}) gives its verdict`).toEqual({ status: m.status, error: m.error });
    }
    const ids = [...numbers.keys()].sort();
    const strip = (s: { version: number }) => ({ ...s, version: 0 });
    const original = (await world.server!.store.snapshots(db, ids)).map(strip);
    const replayed = (await replay.snapshots(replay.db, ids)).map(strip);
    expect(replayed, 'the log replayed gives the server’s cases').toEqual(original);
  } finally {
    await replay.close();
    rmSync(dirname(file), { recursive: true, force: true });
  }
}
