// The desktop's sync, kept running: where the server is (in the database's settings), the token
// (in a TokenVault — the OS keychain in the desktop app, memory in the browser host; never a plain
// file), the watch loop (sync-watch.ts), and what the person sees of it: online or not, changes
// waiting, the last sync, changes the server refused, and Severity-1 pages, which also go to the
// Notifier (a native notification in the desktop app) — until they are acknowledged, here or on
// any other desktop (the sync brings the acknowledgement, and the page is silenced). Works
// unchanged with no server at all.
import { SIGNED_IN_ROLE_KEY, type CaseStore } from '../store/case-store';
import { lastRefusedSeq, notAppliedChanges, refusedChanges, refusedSince, type NotAppliedChange, type RefusedChange } from '../store/outbox';
import { restoreRefusedCase } from '../store/refused-cases';
import { pulledVersion } from '../store/apply-snapshots';
import { checkServer, pendingCount, SIGNED_IN_KEY, syncOnce, whoAmI, type SyncOptions, type SyncReport } from './sync-client';
import { SyncError } from './sync-error';
import { SyncBusyError } from '../store/sync-lock';
import { watchSync } from './sync-watch';
import { fetchFile } from './file-sync';
import { SyncHttp } from './sync-client';
import type { FileStore } from '../files/file-store';
import { applyMutation } from '../store/apply-mutation';
import { formatInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';
import { casePageOf } from '../../../shared/oncall/case-pages';
import { PAGE_STEPS, type PageStep } from '../../../shared/oncall/rota';

/** Where the token lives. `secure` says whether it survives a restart without being a plain file. */
export interface TokenVault {
  readonly secure: boolean;
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

export function memoryVault(initial: string | null = null): TokenVault {
  let token = initial;
  return {
    secure: false,
    load: () => token,
    save: (t) => void (token = t),
    clear: () => void (token = null),
  };
}

export interface PageNotice {
  caseId: string;
  number: string;
  summary: string;
  company: string;
  /** Whom the page was for at this step: the engineer on call, the secondary, or management. */
  step: PageStep;
  receivedAt: number;
}

/** What changed in the sync: what the header shows, or the cases themselves. */
export type SyncChange = 'status' | 'cases';

export interface Notifier {
  page(notice: PageNotice): void;
  /** The case's page was acknowledged (here or elsewhere): take its notification away. */
  silence?(caseId: string): void;
}


export interface SyncStatus {
  configured: boolean;
  server: string | null;
  user: string | null;
  role: string | null;
  online: boolean;
  syncing: boolean;
  pending: number;
  lastSyncAt: number | null;
  lastError: string | null;
  /** Changes the server refused, newest first, with how many the person has not seen yet. */
  rejected: RefusedChange[];
  unseenRejected: number;
  /** Changes the server could not apply (a fault on its side), waiting here to go again. */
  notApplied: NotAppliedChange[];
  pages: PageNotice[];
  /** Bumps whenever a sync brought something in: the page reloads what it shows. */
  version: number;
  /** Bumps with every change of the status: of two statuses, the one with the higher stamp is newer. */
  stamp: number;
  /** The token is kept only until Casedesk closes (no OS keychain here). */
  tokenKeptForSessionOnly: boolean;
}

/** A file being taken from the server. */
export interface FileFetch {
  here: boolean;
  received: number;
  size: number;
  error: string | null;
}

const KEYS = { server: 'sync_server', user: SIGNED_IN_KEY, role: SIGNED_IN_ROLE_KEY, lastSync: 'sync_last_at', seen: 'sync_rejected_seen' };

export class SyncService {
  private controller: AbortController | null = null;
  private running: Promise<void> | null = null;
  private online = false;
  private syncing = false;
  private lastError: string | null = null;
  private readonly pages: PageNotice[] = [];
  private changes = 0;

  private readonly listeners = new Set<(change: SyncChange, caseIds?: readonly string[] | null) => void>();
  private poke: (() => void) | null = null;
  /** Files being taken from the server, by hash: how far, or why they could not be. */
  private readonly fetches = new Map<string, FileFetch>();

  constructor(
    private readonly store: CaseStore,
    private readonly options: { vault: TokenVault; notifier?: Notifier; fetch?: typeof fetch; intervalMs?: number; log?: (line: string) => void; files?: FileStore },
  ) {
    // A change made here goes to the server at once, and the header's count of waiting changes moves.
    store.onLocalChange((caseIds) => {
      this.poke?.();
      this.silenceAcknowledged(caseIds);
      this.changed('status');
    });
  }

  /**
   * Hear when what the header shows changed (`status`), or when a sync brought cases in or took
   * one out (`cases`). Returns the unsubscribe.
   */
  subscribe(listener: (change: SyncChange, caseIds?: readonly string[] | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private stamp = 0;

  /** Tell the listeners; `cases` names the cases changed (null: too many, or not known). */
  private changed(change: SyncChange, caseIds: readonly string[] | null = null): void {
    this.stamp++;
    for (const listener of this.listeners) {
      try {
        listener(change, change === 'cases' ? caseIds : undefined);
      } catch (err) {
        this.options.log?.(`a sync listener failed: ${(err as Error).message}`);
      }
    }
  }

  private syncOptions(): SyncOptions | null {
    const server = this.store.meta(KEYS.server);
    const token = this.options.vault.load();
    return server && token ? { server, token, fetch: this.options.fetch, ...(this.options.files ? { files: this.options.files } : {}) } : null;
  }

  status(): SyncStatus {
    const seen = Number(this.store.meta(KEYS.seen) ?? 0);
    const lastSync = this.store.meta(KEYS.lastSync);
    return {
      configured: this.syncOptions() !== null,
      server: this.store.meta(KEYS.server) ?? null,
      user: this.store.meta(KEYS.user) ?? null,
      role: this.store.meta(KEYS.role) ?? null,
      online: this.online,
      syncing: this.syncing,
      pending: pendingCount(this.store),
      lastSyncAt: lastSync ? Number(lastSync) : null,
      lastError: this.lastError,
      rejected: refusedChanges(this.store),
      unseenRejected: refusedSince(this.store, seen),
      notApplied: notAppliedChanges(this.store),
      pages: [...this.pages],
      version: pulledVersion(this.store) * 1000 + this.changes,
      stamp: this.stamp,
      tokenKeptForSessionOnly: this.store.meta(KEYS.server) !== undefined && !this.options.vault.secure,
    };
  }

  /** Check the server and token (who am I?), keep them, and start syncing. */
  async connect(server: string, token: string): Promise<SyncStatus> {
    const url = normaliseServer(server);
    const me = await whoAmI({ server: url, token, timeoutMs: 10_000, fetch: this.options.fetch });
    checkServer(this.store, me, url);
    this.stop();
    this.options.vault.save(token);
    this.store.transaction(() => {
      this.store.setMeta(KEYS.server, url);
      this.store.setMeta(KEYS.user, me.name);
      this.store.setMeta(KEYS.role, me.role);
    });
    this.lastError = null;
    this.start();
    this.changed('status');
    return this.status();
  }

  /** Stop syncing and forget the token; the local data stays. */
  disconnect(): SyncStatus {
    this.stop();
    this.options.vault.clear();
    this.store.deleteMeta(KEYS.server, KEYS.user, KEYS.role);
    this.online = false;
    this.changed('status');
    return this.status();
  }

  async syncNow(): Promise<SyncStatus> {
    const options = this.syncOptions();
    if (!options) throw new SyncError('not connected to a server: connect first (server address and your token)', 'auth');
    try {
      this.syncing = true;
      this.changed('status');
      // The watch may be syncing right now: wait for it (a few seconds at most), then sync.
      const until = Date.now() + 15_000;
      for (;;) {
        try {
          this.noteReport(await syncOnce(this.store, options));
          break;
        } catch (err) {
          if (!(err instanceof SyncBusyError) || Date.now() > until) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } catch (err) {
      this.lastError = (err as Error).message;
      throw err;
    } finally {
      this.syncing = false;
      this.changed('status');
    }
    return this.status();
  }

  /**
   * Take the file `sha256` of the case `caseId` from the server, in the background (resumed after
   * a cut): answers how far it has come. Asked again after a failure, it tries again.
   */
  fetchFile(files: FileStore, caseId: string, sha256: string, size: number): FileFetch {
    if (files.has(sha256)) return { here: true, received: size, size, error: null };
    const known = this.fetches.get(sha256);
    if (known && known.error === null) return known;
    const options = this.syncOptions();
    if (!options) return { here: false, received: 0, size, error: 'this file is on the server: connect to the server to get it' };
    const state: FileFetch = { here: false, received: 0, size, error: null };
    this.fetches.set(sha256, state);
    fetchFile(this.store, files, new SyncHttp(options), caseId, sha256, (received) => (state.received = received)).then(
      () => {
        state.here = true;
        state.received = size;
        this.fetches.delete(sha256);
      },
      (err: Error) => (state.error = err.message),
    );
    return state;
  }

  /** Whether a file is on its way from the server now. */
  fetchingFiles(): boolean {
    return [...this.fetches.values()].some((f) => !f.here && f.error === null);
  }

  /** Bring a case the server refused to create back into the queue from its kept copy (it goes to the server again). */
  restoreRefused(caseId: string): SyncStatus {
    restoreRefusedCase(this.store, caseId);
    this.changes++;
    this.changed('cases', [caseId]);
    return this.status();
  }

  /**
   * Acknowledge the page of case `caseId` as the signed-in user: recorded on the case (sent to
   * the server at once, or kept in the outbox), it stops the escalation and silences the page here
   * and, at their next sync, on every other desktop.
   */
  async acknowledgePage(caseId: string, note?: string): Promise<SyncStatus> {
    const author = this.store.meta(KEYS.user);
    if (!author) throw new SyncError('not connected to a server: pages come through the central store', 'auth');
    // The page can come before its case: take the case from the server first.
    if (!this.store.getCase(caseId)) await this.syncNow();
    const stored = this.store.getCase(caseId);
    if (!stored) throw new SyncError(`case ${caseId} has not reached this desktop yet; try again in a moment`, 'unreachable');
    const zone = this.store.policy(stored.policyId, stored.policyVersion).timeZone;
    // Dated no earlier than the page it answers when this desktop's clock is a little behind the
    // server's (a minute at most: further, the change would be dated in this desktop's future).
    const now = this.store.clock.now();
    const paged = casePageOf(stored.record)?.sent[0]?.ms ?? now;
    const at = formatInstant(paged > now && paged - now <= 60_000 ? paged : now, timeZone(zone));
    applyMutation(this.store, 'acknowledgePage', { caseId, at, author, ...(note ? { note } : {}) });
    return this.status();
  }

  acknowledgeRejected(): SyncStatus {
    const last = lastRefusedSeq(this.store);
    if (last !== null) this.store.setMeta(KEYS.seen, String(last));
    this.changed('status');
    return this.status();
  }

  /** Start the watch loop when connected; a no-op otherwise or when it runs. */
  start(): void {
    const options = this.syncOptions();
    if (!options || this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.running = watchSync(this.store, options, {
      signal: controller.signal,
      intervalMs: this.options.intervalMs,
      onReport: (report) => {
        this.online = true;
        this.noteReport(report);
      },
      onError: (err) => {
        this.lastError = err.message;
        if (err instanceof SyncError && err.kind !== 'policy') this.online = false;
        this.options.log?.(`sync: ${err.message}`);
        this.changed('status');
      },
      onConnection: (online) => {
        this.online = online;
        this.changed('status');
      },
      // Changes made here reach the watch at once (CaseStore.onLocalChange): no outbox poll.
      outboxPollMs: null,
      onPoke: (poke) => (this.poke = poke),
      onPage: (data) => this.notePage(data),
    }).catch((err: unknown) => this.options.log?.(`sync stopped: ${(err as Error).message}`));
  }

  stop(): void {
    this.controller?.abort();
    this.controller = null;
    this.poke = null;
  }

  async close(): Promise<void> {
    this.stop();
    await this.running;
  }

  private noteReport(report: SyncReport): void {
    this.lastError = null;
    this.store.setMeta(KEYS.lastSync, String(this.store.clock.now()));
    if (report.pulled > 0 || report.rejected.length > 0 || report.notApplied.length > 0 || report.dropped > 0) {
      this.changes++;
      this.silenceAcknowledged(report.caseIds);
      this.changed('cases', report.caseIds);
    }
    this.changed('status');
  }

  /** Whether the case's page was answered, as this desktop's copy of the case has it. */
  private acknowledged(caseId: string): boolean {
    const stored = this.store.getCase(caseId);
    return stored !== null && casePageOf(stored.record)?.acknowledged != null;
  }

  /** Take away the pages of these cases (null: of any case) that were acknowledged meanwhile. */
  private silenceAcknowledged(caseIds: readonly string[] | null): void {
    const answered = this.pages.filter((p) => (caseIds === null || caseIds.includes(p.caseId)) && this.acknowledged(p.caseId));
    if (answered.length === 0) return;
    for (const page of answered) {
      this.pages.splice(this.pages.indexOf(page), 1);
      try {
        this.options.notifier?.silence?.(page.caseId);
      } catch (err) {
        this.options.log?.(`a page could not be silenced: ${(err as Error).message}`);
      }
    }
    this.changed('status');
  }

  private notePage(data: Record<string, unknown>): void {
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const step = (PAGE_STEPS as readonly unknown[]).includes(data.step) ? (data.step as PageStep) : 'primary';
    const notice: PageNotice = {
      caseId: text(data.caseId),
      number: text(data.number),
      summary: text(data.summary),
      company: text(data.company),
      step,
      receivedAt: this.store.clock.now(),
    };
    // A page replayed on reconnect that this desktop already showed is not shown again; nor one
    // whose acknowledgement this desktop already has.
    if (this.pages.some((p) => p.caseId === notice.caseId) || this.acknowledged(notice.caseId)) return;
    this.pages.unshift(notice);
    this.pages.length = Math.min(this.pages.length, 10);
    this.options.notifier?.page(notice);
    this.changed('status');
  }
}

function normaliseServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw new SyncError(`"${server}" is not a server address (http://host:port)`, 'unreachable');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SyncError(`"${server}" is not an http:// or https:// address`, 'unreachable');
  return url.origin + url.pathname.replace(/\/+$/, '');
}
