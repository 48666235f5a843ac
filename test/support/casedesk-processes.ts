// The built `casedesk` command as child processes that a test can kill: the central server
// (`casedesk server`, its URL read from the first line it prints), a `casedesk sync` in flight,
// and the checks that follow a crash (integrity, outbox, what the server holds). Every child
// started here is remembered until it exits; `killChildren()` (in afterEach) SIGKILLs any left.
import BetterSqlite3 from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CaseRecord } from '../../shared/cases/case-format';
import type { StoreLocation } from '../../server/store/open-server-store';
import { ServerStore } from '../../server/store/server-store';
import { repoRoot } from './run-casedesk';
import { serverFilesFor } from './temp-db';

const BIN = join(repoRoot, 'bin/casedesk.js');
const children = new Set<ChildProcess>();

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** Output so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  /** Send a signal and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

/** Start `casedesk ARGS…` as a child process. */
export function spawnCasedesk(args: string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (err) => {
      children.delete(child);
      resolve({ code: null, signal: null, stdout, stderr: `${stderr}${String(err)}` });
    });
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Run `casedesk ARGS…` to its end (without blocking the event loop), or SIGKILL it after `timeoutMs`. */
export async function runCasedesk(args: string[], timeoutMs = 60_000): Promise<Exit> {
  const running = spawnCasedesk(args);
  const timer = setTimeout(() => void running.kill('SIGKILL'), timeoutMs);
  try {
    return await running.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL every child still running. */
export async function killChildren(): Promise<void> {
  const left = [...children];
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** `--db FILE` or `--postgres URL`. */
export function locationArgs(location: StoreLocation): string[] {
  if (location.sqlite) return ['--db', location.sqlite];
  if (location.postgres) return ['--postgres', location.postgres];
  throw new Error('a server location needs sqlite or postgres');
}

/** `casedesk server user add NAME --role engineer`; the token it prints alone on its last line. */
export function addUserByCli(location: StoreLocation, name: string): string {
  const result = spawnSync(process.execPath, [BIN, 'server', 'user', 'add', name, '--role', 'engineer', ...locationArgs(location)], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`server user add failed (${result.status}): ${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}

export interface ServerProcess extends Running {
  url: string;
}

/** `casedesk server … --port 0`: resolves with its URL once it prints it. */
export async function startServerProcess(location: StoreLocation, timeoutMs = 20_000): Promise<ServerProcess> {
  const files = serverFilesFor(location);
  const running = spawnCasedesk(['server', ...locationArgs(location), ...(files ? ['--files', files] : []), '--port', '0']);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`casedesk server printed no URL within ${timeoutMs} ms: ${running.stderr}`)), timeoutMs);
    const look = () => {
      const first = running.stdout.split('\n');
      if (first.length > 1) {
        clearTimeout(timer);
        running.child.stdout!.off('data', look);
        resolve(first[0]!.trim());
      }
    };
    running.child.stdout!.on('data', look);
    void running.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`casedesk server exited (${exit.code ?? exit.signal}) before printing its URL: ${exit.stderr}`));
    });
  }).catch(async (err: unknown) => {
    await running.kill('SIGKILL');
    throw err;
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) {
    await running.kill('SIGKILL');
    throw new Error(`casedesk server printed "${url}", not an address on 127.0.0.1`);
  }
  return Object.assign(running, { url });
}

/** Poll `probe` every `everyMs` until it returns a value other than undefined, or throw after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number, everyMs = 5): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

// ---- After the fact: what a desktop and the server hold ------------------------------------------------

export interface DesktopFacts {
  integrity: string;
  cases: number;
  events: number;
  pendingEvents: number;
  outbox: { pending: number; applied: number; rejected: number };
  syncVersion: number;
}

/** Read a desktop's SQLite file directly (read-only): safe while another process writes it. */
export function readDesktop<T>(path: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    return read(db);
  } finally {
    db.close();
  }
}

export function desktopFacts(path: string): DesktopFacts {
  return readDesktop(path, (db) => {
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const states = Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      cases: count('SELECT count(*) FROM cases'),
      events: count('SELECT count(*) FROM events'),
      pendingEvents: count('SELECT count(*) FROM events WHERE pending = 1'),
      outbox: { pending: states.pending ?? 0, applied: states.applied ?? 0, rejected: states.rejected ?? 0 },
      syncVersion: Number((db.prepare(`SELECT value FROM meta WHERE key = 'sync_version'`).pluck().get() as string | undefined) ?? 0),
    };
  });
}

/** Every outbox entry of a desktop: mutation id → state. */
export function outboxStates(path: string): Map<string, string> {
  return readDesktop(path, (db) => new Map((db.prepare('SELECT mutation_id, state FROM outbox').raw().all() as [string, string][]).map(([id, state]) => [id, state])));
}

export function integrityOf(sqliteFile: string): string {
  return readDesktop(sqliteFile, (db) => db.pragma('integrity_check', { simple: true }) as string);
}

/** `casedesk export --db FILE`, parsed, its cases sorted by id. */
export async function exportByCli(db: string): Promise<CaseRecord[]> {
  const exit = await runCasedesk(['export', '--db', db]);
  if (exit.code !== 0) throw new Error(`casedesk export --db ${db} failed (${exit.code ?? exit.signal}): ${exit.stderr}`);
  return byId((JSON.parse(exit.stdout) as { cases: CaseRecord[] }).cases);
}

export function byId(cases: CaseRecord[]): CaseRecord[] {
  return [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface ServerFacts {
  cases: CaseRecord[];
  numbers: Record<string, string>;
  head: number;
  /** Every mutation the server took: id → status. */
  mutations: Map<string, string>;
  events: number;
  /** Event ids that appear more than once, and (case, idx) pairs that do: both must be empty. */
  duplicateEvents: number;
}

/** Open the server's database in this process (after its process stopped, or beside it) and read it all. */
export async function serverFacts(location: StoreLocation): Promise<ServerFacts> {
  const store = await ServerStore.open(location);
  try {
    return await readServer(store);
  } finally {
    await store.close();
  }
}

/** Everything a server store holds that the checks compare. */
export async function readServer(store: ServerStore): Promise<ServerFacts> {
  const mutations = await store.db.selectFrom('mutations').select(['id', 'status']).execute();
  const numbers = await store.db.selectFrom('cases').select(['id', 'number']).execute();
  const events = await store.db.selectFrom('events').select(['id', 'case_id', 'idx']).execute();
  const ids = new Set(events.map((e) => e.id));
  const places = new Set(events.map((e) => `${e.case_id}#${e.idx}`));
  return {
    cases: byId(await store.exportCases()),
    numbers: Object.fromEntries(numbers.map((r) => [r.id, r.number])),
    head: await store.head(),
    mutations: new Map(mutations.map((m) => [m.id, m.status])),
    events: events.length,
    duplicateEvents: events.length - ids.size + (events.length - places.size),
  };
}

/** Case id → number on a desktop. */
export function desktopNumbers(path: string): Record<string, string> {
  return readDesktop(path, (db) => Object.fromEntries(db.prepare('SELECT id, number FROM cases').raw().all() as [string, string][]));
}
