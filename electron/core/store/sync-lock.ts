// One sync of a database at a time, across processes (the desktop app, `casedesk sync`): a lock
// row in the database's `meta` table naming its holder. The holder renews it as it works (after
// each batch pushed and each page pulled); a holder that died — its process gone, or no renewal
// for LEASE_MS, which also covers a process id reused after a reboot or a database copied to
// another machine — no longer holds it. Taken and checked in one immediate transaction, so two
// takers cannot both win.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { type CaseStore, connectionOf, statementOf } from './case-store';

const LOCK_KEY = 'sync_lock';

interface LockHolder {
  token: string;
  pid: number;
  host: string;
  since: number;
  /** Wall-clock time of the last renewal (epoch ms). */
  renewed: number;
}

/** A lock not renewed for this long is abandoned: far longer than one request and one page. */
export const LEASE_MS = 2 * 60_000;

export interface SyncLock {
  /** Still working: keep the lock. */
  renew(): void;
  release(): void;
}

export class SyncBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncBusyError';
  }
}

function alive(holder: LockHolder): boolean {
  if (!(Date.now() - (holder.renewed ?? holder.since) < LEASE_MS)) return false;
  if (holder.host !== hostname()) return true; // Another machine's process, renewed lately: trust it.
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the sync lock of `store`'s database or throw SyncBusyError. */
export function takeSyncLock(store: CaseStore): SyncLock {
  const me: LockHolder = { token: randomUUID(), pid: process.pid, host: hostname(), since: store.clock.now(), renewed: Date.now() };
  connectionOf(store)
    .transaction(() => {
      const current = store.meta(LOCK_KEY);
      if (current) {
        const holder = JSON.parse(current) as LockHolder;
        if (alive(holder)) {
          const started = new Date(holder.since).toISOString();
          throw new SyncBusyError(`a sync of ${store.path} is already running (process ${holder.pid}, started ${started}); wait for it to finish`);
        }
      }
      store.setMeta(LOCK_KEY, JSON.stringify(me));
    })
    .immediate();
  const mine = (): boolean => {
    const current = store.meta(LOCK_KEY);
    return current !== undefined && (JSON.parse(current) as LockHolder).token === me.token;
  };
  return {
    renew() {
      connectionOf(store)
        .transaction(() => {
          if (mine()) store.setMeta(LOCK_KEY, JSON.stringify({ ...me, renewed: Date.now() }));
        })
        .immediate();
    },
    release() {
      connectionOf(store)
        .transaction(() => {
          if (mine()) statementOf(store, 'DELETE FROM meta WHERE key = ?').run(LOCK_KEY);
        })
        .immediate();
    },
  };
}
