// The desktop's side of the sync: push the outbox, record each verdict, pull every case changed
// since the last pull. Talks to the central server over HTTP with the user's token; a server that
// does not answer within the timeout, refuses the token or drops the connection ends the sync
// with a clear SyncError and loses nothing: the outbox keeps every change not yet answered, and
// each pulled page is applied with its version in one transaction.
import type { MutationName } from '../../../shared/cases/case-mutations';
import {
  PULL_PAGE_LIMIT,
  PUSH_BATCH_LIMIT,
  pullResponseSchema,
  pushResponseSchema,
  SYNC_PROTOCOL,
  whoAmISchema,
  type PushItem,
  type PushRequest,
  type WhoAmI,
} from '../../../shared/sync/protocol';
import type { z } from 'zod';
import type { CaseStore, OutboxRow } from '../store/case-store';
import { noteNotApplied, pendingAfter, pendingCount, settle } from '../store/outbox';
import { setAsideRefusedCase } from '../store/refused-cases';
import { applyPullPage, PolicyClashError, pulledVersion } from '../store/apply-snapshots';
import { SyncError } from './sync-error';
import { CHANGE_RULES, type ChangeScope } from '../../../shared/cases/change-rules';
import { takeSyncLock, type SyncLock } from '../store/sync-lock';
import { FileStore } from '../files/file-store';
import { filesFolderOf } from '../files/files-folder';
import { fetchUrgentFiles, sendFiles } from './file-sync';

export { pendingCount, SyncError };

export interface SyncOptions {
  server: string;
  token: string;
  /** How long to wait for each answer (default 10 s). */
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /** Used instead of the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * An automatic sync leaves out the cases whose change the server could not apply until their
   * back-off has passed; a sync the person asks for (default) sends everything.
   */
  holdBackedOff?: boolean;
  /** The case files' bytes (default: beside the database). */
  files?: FileStore;
}

export interface RejectedChange {
  mutationId: string;
  name: string;
  caseId: string | null;
  number: string | null;
  error: string;
}

/** A change this push could not get applied (a fault on the server): kept here, sent again from `retryAt`. */
export interface NotAppliedPush extends RejectedChange {
  retryAt: number;
}

export interface SyncReport {
  pushed: number;
  applied: number;
  rejected: RejectedChange[];
  /** Changes the server could not apply: still waiting here. */
  notApplied: NotAppliedPush[];
  /** Cases taken out because the server refused to create them (kept in refused_cases). */
  dropped: number;
  pulled: number;
  /** The cases this sync changed here (pulled or taken out); null when more than CASE_IDS_KEPT. */
  caseIds: string[] | null;
  version: number;
  pending: number;
  /** Files sent to the server (and their bytes), files it refused, and files of Severity-1 cases taken from it. */
  files: { sent: number; bytes: number; refused: { sha256: string; error: string }[]; fetched: number };
}

const PUSH_BYTES = 4 * 1024 * 1024;

/** A sync that changed more cases than this says "many" (null) rather than naming them. */
export const CASE_IDS_KEPT = 2000;

function noteCases(report: SyncReport, ids: readonly string[]): void {
  if (report.caseIds === null) return;
  for (const id of ids) report.caseIds.push(id);
  if (report.caseIds.length > CASE_IDS_KEPT) report.caseIds = null;
}

/** Push everything pending, then pull everything new. One sync of a database at a time. */
export async function syncOnce(store: CaseStore, options: SyncOptions): Promise<SyncReport> {
  const lock = takeSyncLock(store);
  const http = new SyncHttp(options);
  let report: SyncReport;
  try {
    checkServer(store, await http.call('GET', '/api/me', undefined, whoAmISchema), options.server);
    report = {
      pushed: 0,
      applied: 0,
      rejected: [],
      notApplied: [],
      dropped: 0,
      pulled: 0,
      caseIds: [],
      version: pulledVersion(store),
      pending: 0,
      files: { sent: 0, bytes: 0, refused: [], fetched: 0 },
    };
    await push(store, http, report, lock, options.onProgress, options.holdBackedOff);
    await pull(store, http, report, lock, options.onProgress);
    report.pending = pendingCount(store);
  } finally {
    lock.release();
  }
  // The cases first, then the files' bytes — outside the lock, so that a change made while a
  // large file is on its way goes to the server at once, in a sync of its own.
  const files = options.files ?? new FileStore(filesFolderOf(store));
  const sent = await sendFiles(store, files, http, (sha256, done, size) => options.onProgress?.(`sending ${sha256.slice(0, 12)}…: ${Math.floor((done / size) * 100)}%`));
  report.files = { sent: sent.files, bytes: sent.bytes, refused: sent.refused, fetched: await fetchUrgentFiles(store, files, http) };
  return report;
}

const SERVER_ID_KEY = 'sync_server_id';
/** The server user this database last synced as (`meta`); removed when the app disconnects. */
export const SIGNED_IN_KEY = 'sync_user';

/**
 * The server user this database is signed in as (null: it has not synced, or was disconnected):
 * its changes are made in that name, as the server stamps every change with the user whose token
 * pushed it — by the app, the browser host and `casedesk sync` alike.
 */
export function signedInAs(store: CaseStore): string | null {
  return store.meta(SIGNED_IN_KEY) ?? null;
}
/** The desk code the server has confirmed as this desktop's. */
const DESK_CODE_CONFIRMED = 'desk_code_confirmed';

/**
 * A database syncs with one central store: the first sync remembers the server's identity, and a
 * database that has pulled from one server refuses to sync with another (its cases and versions
 * would never line up). A server that has fewer changes than this desktop has seen was restored
 * from an older copy: refused too, with what to do. Passing, it remembers who the token signs in
 * (signedInAs).
 */
export function checkServer(store: CaseStore, me: WhoAmI, server: string): void {
  const known = store.meta(SERVER_ID_KEY);
  if (known === undefined) {
    store.setMeta(SERVER_ID_KEY, me.serverId);
  } else if (known !== me.serverId) {
    throw new SyncError(
      `${server} is not the server this database syncs with (it has another's cases and versions); connect it with a new, empty database, or connect back to the first server`,
      'protocol',
    );
  }
  const seen = pulledVersion(store);
  if (seen > me.version) {
    throw new SyncError(
      `this database has seen changes up to version ${seen} but ${server} has only ${me.version}: the server was restored from an older copy. Ask your admin; nothing was sent or changed here`,
      'protocol',
    );
  }
  store.setMeta(SIGNED_IN_KEY, me.name);
}

/** What a queued change is about, by its rule: its case, or the team's subject. */
function scopeOfRow(row: OutboxRow): ChangeScope | undefined {
  const rule = CHANGE_RULES[row.name as MutationName];
  if (!rule) return undefined;
  if (rule.scope !== 'case') return { kind: 'team', subject: rule.scope };
  return row.case_id ? { kind: 'case', caseId: row.case_id } : undefined;
}

function pushItem(store: CaseStore, row: OutboxRow): PushItem {
  const item: PushItem = { mutationId: row.mutation_id, name: row.name, args: JSON.parse(row.args), madeAt: row.created_at, scope: scopeOfRow(row) };
  if ((row.name === 'createCase' || row.name === 'importCase') && row.case_id) {
    const c = store.caseOrigin(row.case_id);
    if (c) {
      // A number stepped aside locally for another desktop's case (`QQQ-1~7`) goes as it was given:
      // the server renames a taken number its own way (`QQQ-1/2`), for everyone.
      item.number = c.number.replace(/~\d+$/, '');
      item.policy = store.policy(c.policyId, c.policyVersion);
    }
  }
  return item;
}

async function push(store: CaseStore, http: SyncHttp, report: SyncReport, lock: SyncLock, onProgress?: (line: string) => void, holdBackedOff = false): Promise<void> {
  let after = 0;
  // A case one of whose changes the server could not apply sends nothing more in this sync: its
  // later changes may build on that one.
  const failedCases = new Set<string>();
  for (;;) {
    const fetched = pendingAfter(store, after, PUSH_BATCH_LIMIT, holdBackedOff ? store.clock.now() : undefined);
    const rows = fetched.filter((row) => row.case_id === null || !failedCases.has(row.case_id));
    if (rows.length === 0 && fetched.length > 0) {
      after = fetched[fetched.length - 1]!.seq;
      continue;
    }
    // Nothing to send: done, once the server has confirmed this desktop's code — a desktop that
    // only pulls must still learn that another desktop numbers its cases with the same one.
    if (rows.length === 0 && store.meta(DESK_CODE_CONFIRMED) === store.meta('desk_code')) return;
    // Batches stay under a few MiB: an imported case can carry a long history.
    const batch: OutboxRow[] = [];
    let bytes = 0;
    for (const row of rows) {
      if (batch.length > 0 && bytes + row.args.length > PUSH_BYTES) break;
      batch.push(row);
      bytes += row.args.length;
    }
    const request: PushRequest = { protocol: SYNC_PROTOCOL, clientId: store.deskId, deskCode: store.meta('desk_code'), items: batch.map((row) => pushItem(store, row)) };
    const response = await http.call('POST', '/api/sync/push', request, pushResponseSchema);
    const byId = new Map(batch.map((row) => [row.mutation_id, row]));
    store.transaction(
      () => {
        // Another desktop of the team had this code: number new cases with the one the server gave.
        if (response.deskCode && response.deskCode !== store.meta('desk_code')) store.setMeta('desk_code', response.deskCode);
        if (response.deskCode) store.setMeta(DESK_CODE_CONFIRMED, response.deskCode);
        const refusedCases = new Map<string, string>();
        const now = store.clock.now();
        // Only a change that was not applied is reported by its case's number: no read per applied change.
        const change = (row: OutboxRow) => ({
          mutationId: row.mutation_id,
          name: row.name as MutationName,
          caseId: row.case_id,
          number: row.case_id ? (store.caseOrigin(row.case_id)?.number ?? null) : null,
        });
        for (const result of response.results) {
          const row = byId.get(result.mutationId);
          if (!row) continue;
          report.pushed++;
          if (result.status === 'failed') {
            // A fault on the server, not its rules: the change stays here and goes again later.
            const error = result.error ?? 'the server could not apply this change';
            report.notApplied.push({ ...change(row), error, retryAt: noteNotApplied(store, row.mutation_id, error, now) });
            if (row.case_id) failedCases.add(row.case_id);
            continue;
          }
          settle(store, result.mutationId, result.status, result.error ?? null, now);
          if (result.status === 'applied') report.applied++;
          else {
            report.rejected.push({ ...change(row), error: result.error ?? 'rejected' });
            if (row.case_id && !refusedCases.has(row.case_id)) refusedCases.set(row.case_id, result.error ?? 'rejected');
          }
        }
        for (const [caseId, reason] of refusedCases) {
          if (!setAsideRefusedCase(store, caseId, reason)) continue;
          report.dropped++;
          noteCases(report, [caseId]);
        }
      },
      { immediate: true },
    );
    lock.renew();
    onProgress?.(`pushed ${report.pushed} change(s)`);
    if (batch.length === 0) return;
    after = batch[batch.length - 1]!.seq;
    if (response.results.length < batch.length) throw new SyncError('the server answered only part of the push; the rest is kept for the next try', 'protocol');
  }
}

async function pull(store: CaseStore, http: SyncHttp, report: SyncReport, lock: SyncLock, onProgress?: (line: string) => void): Promise<void> {
  for (;;) {
    const since = pulledVersion(store);
    const page = await http.call('GET', `/api/sync/pull?since=${since}&limit=${PULL_PAGE_LIMIT}`, undefined, pullResponseSchema);
    try {
      applyPullPage(store, page);
    } catch (err) {
      if (err instanceof PolicyClashError) throw new SyncError(err.message, 'policy');
      throw err;
    }
    lock.renew();
    report.pulled += page.cases.length;
    noteCases(report, page.cases.map((c) => c.id));
    report.version = page.version;
    if (page.cases.length > 0) onProgress?.(`pulled ${report.pulled} case(s)`);
    if (!page.more) return;
  }
}

/** Who the token belongs to, and the server's version: a cheap check that a server and token work. */
export async function whoAmI(options: SyncOptions): Promise<WhoAmI> {
  return new SyncHttp(options).call('GET', '/api/me', undefined, whoAmISchema);
}

/** Errors of connecting at all, in words; anything else means the connection was made, then lost. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'ECONNREFUSED',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no network',
  ECONNABORTED: 'the connection was refused',
};

function connectionError(base: string, err: unknown): SyncError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  if (code && UNREACHABLE[code]) return new SyncError(`cannot reach the server at ${base} (${UNREACHABLE[code]})`, 'unreachable');
  if (!code && cause?.message && /bad port|invalid url/i.test(cause.message)) return new SyncError(`cannot reach the server at ${base} (${cause.message})`, 'unreachable');
  // Reached, then lost (reset, closed mid-answer): what was sent may have been applied; its
  // verdicts come with the next sync, as every mutation id is applied once.
  return new SyncError(`the connection to the server at ${base} was lost before its answer arrived; the next sync picks up where this one stopped`, 'dropped');
}

export class SyncHttp {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SyncOptions) {
    this.base = options.server.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
  }

  async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const isBytes = body instanceof Uint8Array;
    return this.exchange(method, path, isBytes ? body : body === undefined ? undefined : JSON.stringify(body), isBytes ? 'application/octet-stream' : 'application/json', schema);
  }

  /**
   * Send a piece of a file; a piece from past what the server holds is answered with what it
   * holds (`{ holds }`) rather than thrown.
   */
  async putPiece<T>(path: string, bytes: Uint8Array, schema: z.ZodType<T>): Promise<T | { holds: number }> {
    try {
      return await this.call('PUT', path, bytes, schema);
    } catch (err) {
      if (err instanceof SyncError && typeof (err as SyncError & { holds?: number }).holds === 'number') return { holds: (err as SyncError & { holds: number }).holds };
      throw err;
    }
  }

  /**
   * The bytes at `path` from byte `start`, as they arrive: a server that sends nothing for the
   * timeout ends it with a SyncError (a long download is not cut for being long).
   */
  async *download(path: string, start: number): AsyncGenerator<Uint8Array> {
    const url = `${this.base}${path}`;
    const stalled = new AbortController();
    let timer = setTimeout(() => stalled.abort(), this.timeoutMs);
    const seconds = `${Math.round(this.timeoutMs / 100) / 10} s`;
    try {
      let response: Response;
      try {
        response = await this.fetch(url, { headers: { authorization: `Bearer ${this.options.token}`, ...(start > 0 ? { range: `bytes=${start}-` } : {}) }, signal: stalled.signal });
      } catch (err) {
        if (stalled.signal.aborted) throw new SyncError(`the server at ${this.base} did not answer within ${seconds}`, 'timeout');
        throw connectionError(this.base, err);
      }
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        let why = `status ${response.status}`;
        try {
          const message = (JSON.parse(text) as { error?: unknown }).error;
          if (typeof message === 'string') why = message;
        } catch {
          // not Casedesk's JSON: the status says it
        }
        if (response.status === 401 || response.status === 403) throw new SyncError(`the server at ${this.base} refused the token: ${why}`, 'auth');
        throw new SyncError(`the server at ${this.base} answered ${response.status}: ${why}`, 'server');
      }
      if (start > 0 && response.status !== 206) throw new SyncError(`the server at ${this.base} did not resume the download at byte ${start}`, 'protocol');
      const reader = response.body!.getReader();
      for (;;) {
        let next: { done: boolean; value?: Uint8Array };
        try {
          next = await reader.read();
        } catch (err) {
          if (stalled.signal.aborted) throw new SyncError(`the server at ${this.base} sent nothing for ${seconds}; the download resumes where it stopped`, 'timeout');
          throw connectionError(this.base, err);
        }
        if (next.done) return;
        clearTimeout(timer);
        timer = setTimeout(() => stalled.abort(), this.timeoutMs);
        yield next.value!;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private async exchange<T>(method: string, path: string, body: string | Uint8Array | undefined, contentType: string, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.base}${path}`;
    const seconds = `${Math.round(this.timeoutMs / 100) / 10} s`;
    let response: Response;
    let text: string;
    // One deadline for the whole answer, headers and body both.
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      response = await this.fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
        body: body as string | Uint8Array<ArrayBuffer> | undefined,
        signal,
      });
      text = await response.text();
    } catch (err) {
      if (signal.aborted) throw new SyncError(`the server at ${this.base} did not answer within ${seconds}`, 'timeout');
      throw connectionError(this.base, err);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SyncError(`the server at ${this.base} answered ${response.status} with something that is not Casedesk's JSON`, 'protocol');
    }
    if (!response.ok) {
      const message = (json as { error?: unknown }).error;
      const why = typeof message === 'string' ? message : `status ${response.status}`;
      if (response.status === 401 || response.status === 403) {
        throw new SyncError(`the server at ${this.base} refused the token: ${why}`, 'auth');
      }
      const holds = (json as { holds?: unknown }).holds;
      throw Object.assign(new SyncError(`the server at ${this.base} answered ${response.status}: ${why}`, 'server'), response.status === 409 && typeof holds === 'number' ? { holds } : {});
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncError(`the server at ${this.base} answered in a form this Casedesk does not know (${parsed.error.issues[0]?.message})`, 'protocol');
    return parsed.data;
  }
}
