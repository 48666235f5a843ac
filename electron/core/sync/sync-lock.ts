// One sync of a database at a time, across processes (the desktop app, `casedesk sync`): a lock
// row in the database's `meta` table naming its holder. A holder that died (its process is gone)
// no longer holds it. Taken and checked in one immediate transaction, so two takers cannot both win.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { CaseStore } from '../store/case-store';

const LOCK_KEY = 'sync_lock';

interface LockHolder {
  token: string;
  pid: number;
  host: string;
  since: number;
}

export class SyncBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncBusyError';
  }
}

function alive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // Another machine's process: cannot tell; trust it.
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the sync lock of `store`'s database or throw SyncBusyError; returns the release. */
export function takeSyncLock(store: CaseStore): () => void {
  const me: LockHolder = { token: randomUUID(), pid: process.pid, host: hostname(), since: store.clock.now() };
  store.db
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
  return () => {
    store.db
      .transaction(() => {
        const current = store.meta(LOCK_KEY);
        if (current && (JSON.parse(current) as LockHolder).token === me.token) store.sql('DELETE FROM meta WHERE key = ?').run(LOCK_KEY);
      })
      .immediate();
  };
}
