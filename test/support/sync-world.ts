// A small world for sync tests: a central server on 127.0.0.1 (SQLite or PostgreSQL) and desktops,
// each its own SQLite file, all on one fixed clock, with helpers to make changes and compare exports.
import { randomUUID } from 'node:crypto';
import { AUTOMATIC_AUTHOR } from '../../shared/alerts/automatic-events';
import { systemUser } from '../../server/store/system-users';
import type { CaseRecord } from '../../shared/cases/case-format';
import type { Role } from '../../shared/cases/change-rules';
import { instantOrThrow } from '../../shared/time/instant';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { CaseStore } from '../../electron/core/store/case-store';
import { syncOnce, type SyncOptions, type SyncReport } from '../../electron/core/sync/sync-client';
import type { StoreLocation } from '../../server/store/open-server-store';
import { startCentralServer, type CentralServer, type StartServerOptions } from '../../server/start-server';
import { serverFilesFor, tempDbPath } from './temp-db';

export interface Clock {
  now: number;
}

export class SyncWorld {
  readonly desktops: CaseStore[] = [];
  /** The server user each desktop syncs as (by name; Ann unless told). */
  private readonly userOf = new Map<CaseStore, string>();
  private readonly tokens = new Map<string, Promise<string>>();
  private constructor(
    readonly server: CentralServer,
    readonly token: string,
    readonly clock: Clock,
  ) {}

  static async start(location: StoreLocation, at = '2010-11-29T12:00:00-05:00', extra: Partial<StartServerOptions> = {}): Promise<SyncWorld> {
    const clock = { now: instantOrThrow(at) };
    const files = serverFilesFor(location);
    const server = await startCentralServer({ ...location, port: 0, clock: { now: () => clock.now }, ...(files ? { files } : {}), ...extra });
    const { token } = await server.store.addUser('Ann', 'engineer');
    return new SyncWorld(server, token, clock);
  }

  /** A new desktop, syncing as the server user `user` (made on its first sync, with `role`, when it is not Ann). */
  desktop(user = 'Ann', role: Role = 'engineer'): CaseStore {
    const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => this.clock.now } });
    this.desktops.push(store);
    this.userOf.set(store, user);
    if (!this.roleOf.has(user)) this.roleOf.set(user, role);
    return store;
  }

  private readonly roleOf = new Map<string, Role>();

  /** The token of the server user `name` (an engineer unless its desktop said otherwise, made when missing). */
  tokenOf(name: string): Promise<string> {
    if (name === 'Ann') return Promise.resolve(this.token);
    let token = this.tokens.get(name);
    if (!token) {
      token = this.server.store.addUser(name, this.roleOf.get(name) ?? 'engineer').then((made) => made.token);
      this.tokens.set(name, token);
    }
    return token;
  }

  options(extra: Partial<SyncOptions> = {}): SyncOptions {
    return { server: this.server.url, token: this.token, timeoutMs: 5000, ...extra };
  }

  async sync(store: CaseStore, extra: Partial<SyncOptions> = {}): Promise<SyncReport> {
    return syncOnce(store, this.options({ token: await this.tokenOf(this.userOf.get(store) ?? 'Ann'), ...extra }));
  }

  /**
   * A step of a case's page sent by the central store, as its escalator sends one: recorded on the
   * case (as the server's own user), then sent to `to` by name.
   */
  async page(caseId: string, to: string[], step: 'primary' | 'secondary' | 'management' = 'primary'): Promise<void> {
    const { store, live } = this.server;
    const [snapshot] = await store.snapshots(store.db, [caseId]);
    if (!snapshot) throw new Error(`no case ${caseId} on the server`);
    const at = new Date(this.clock.now).toISOString();
    const [result] = await store.push(await systemUser(store, AUTOMATIC_AUTHOR), 'test-pager', [
      { mutationId: randomUUID(), name: 'recordPage', args: { caseId, at, author: AUTOMATIC_AUTHOR, step, to }, madeAt: this.clock.now },
    ]);
    if (result?.status !== 'applied') throw new Error(`the page was not recorded: ${result?.error ?? result?.status}`);
    live.changed(result.version);
    await live.page({ caseId, step, to, data: { caseId, number: snapshot.number, company: (snapshot.record as { company?: string }).company, summary: (snapshot.record as { summary?: string }).summary, step, to } });
  }

  /** Sync every desktop twice over: after that, each has seen every other's pushes. */
  async settle(): Promise<void> {
    for (let round = 0; round < 2; round++) for (const d of this.desktops) await this.sync(d);
  }

  async close(): Promise<void> {
    for (const d of this.desktops) d.close();
    await this.server.close();
  }
}

export function newCase(store: CaseStore, id: string, fields: Record<string, unknown> = {}, severity = 2) {
  return applyMutation(store, 'createCase', {
    id,
    severity,
    type: 'problem',
    channel: 'phone',
    loggedAt: '2010-11-29T09:00:00-05:00',
    author: 'Ann',
    fields: { company: 'Acme', summary: 'mail stuck in queue', ...fields },
  });
}

/** Every case of a desktop, as `casedesk export` writes them, by id. */
export function exportOf(store: CaseStore): CaseRecord[] {
  return [...store.allCases()].map((c) => c.record).sort((a, b) => a.id.localeCompare(b.id));
}

export function numbersOf(store: CaseStore): Record<string, string> {
  return Object.fromEntries([...store.allCases()].map((c) => [c.record.id, c.number]));
}
