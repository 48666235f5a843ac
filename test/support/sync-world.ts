// A small world for sync tests: a central server on 127.0.0.1 (SQLite or PostgreSQL) and desktops,
// each its own SQLite file, all on one fixed clock, with helpers to make changes and compare exports.
import type { CaseRecord } from '../../shared/cases/case-format';
import { instantOrThrow } from '../../shared/time/instant';
import { applyMutation } from '../../electron/core/store/apply-mutation';
import { CaseStore } from '../../electron/core/store/case-store';
import { syncOnce, type SyncOptions, type SyncReport } from '../../electron/core/sync/sync-client';
import type { StoreLocation } from '../../server/store/open-server-store';
import { startCentralServer, type CentralServer } from '../../server/start-server';
import { tempDbPath } from './temp-db';

export interface Clock {
  now: number;
}

export class SyncWorld {
  readonly desktops: CaseStore[] = [];
  private constructor(
    readonly server: CentralServer,
    readonly token: string,
    readonly clock: Clock,
  ) {}

  static async start(location: StoreLocation, at = '2010-11-29T12:00:00-05:00'): Promise<SyncWorld> {
    const clock = { now: instantOrThrow(at) };
    const server = await startCentralServer({ ...location, port: 0, clock: { now: () => clock.now } });
    const { token } = await server.store.addUser('Ann', 'engineer');
    return new SyncWorld(server, token, clock);
  }

  desktop(): CaseStore {
    const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => this.clock.now } });
    this.desktops.push(store);
    return store;
  }

  options(extra: Partial<SyncOptions> = {}): SyncOptions {
    return { server: this.server.url, token: this.token, timeoutMs: 5000, ...extra };
  }

  sync(store: CaseStore, extra: Partial<SyncOptions> = {}): Promise<SyncReport> {
    return syncOnce(store, this.options(extra));
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
