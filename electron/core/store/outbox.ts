// The sync outbox: every change made on this desktop as a named mutation, written in the same
// transaction as its effect (CaseStore.enqueue), until the server has given its verdict.
// This module owns the outbox's rows for everyone else: the sync reads what to send and records
// the verdicts here, the header reads what waits and what was refused.
//
// A verdict is one of three: applied; rejected by the policy's rules (final, the change is taken
// back); or not applied — the server could not take it because of a fault on its side. A change
// not applied stays pending, with the failure, and goes again after a back-off that grows with
// each try (30 s, 1 min, 2 min … at most 30 min); the later changes of its case wait with it.
import { type CaseStore, type OutboxRow, statementOf } from './case-store';

/** The back-off before a change the server could not apply is sent again, after `attempts` tries. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/** Changes still waiting for the server's verdict (those held back after a fault included). */
export function pendingCount(store: CaseStore): number {
  return statementOf(store, `SELECT count(*) FROM outbox WHERE state = 'pending'`, 'pluck').get() as number;
}

/**
 * A change's case is held back while one of its pending changes waits out its back-off: no
 * change of that case goes before the one the server could not apply.
 */
const HELD_BACK = `EXISTS (SELECT 1 FROM outbox h WHERE h.state = 'pending' AND h.retry_at > @now AND h.case_id = o.case_id AND h.seq <= o.seq)`;

/** Pending changes that may be sent now (none waiting out a back-off). */
export function readyCount(store: CaseStore, now: number): number {
  return statementOf(store, `SELECT count(*) FROM outbox o WHERE o.state = 'pending' AND NOT ${HELD_BACK}`, 'pluck').get({ now }) as number;
}

/**
 * The next pending changes after `after`, in the order they were made; with `now`, those of a
 * case held back by a back-off are left out (an automatic sync), without it everything goes (a
 * sync the person asked for).
 */
export function pendingAfter(store: CaseStore, after: number, limit: number, now?: number): OutboxRow[] {
  const held = now === undefined ? '' : `AND NOT ${HELD_BACK}`;
  return statementOf(store, `SELECT seq, mutation_id, name, case_id, args, created_at FROM outbox o WHERE o.state = 'pending' AND o.seq > @after ${held} ORDER BY o.seq LIMIT @limit`)
    .all({ after, limit, now: now ?? 0 }) as OutboxRow[];
}

/** When the next change held back after a server fault is due to go again (null: none is). */
export function nextRetryAt(store: CaseStore): number | null {
  return statementOf(store, `SELECT min(retry_at) FROM outbox WHERE state = 'pending' AND retry_at IS NOT NULL`, 'pluck').get() as number | null;
}

/** Pending changes of one case, in order (replayed on top of the server's copy). */
export function pendingOfCase(store: CaseStore, caseId: string): Pick<OutboxRow, 'mutation_id' | 'name' | 'args' | 'created_at'>[] {
  return statementOf(store, `SELECT mutation_id, name, args, created_at FROM outbox WHERE case_id = ? AND state = 'pending' ORDER BY seq`).all(caseId) as OutboxRow[];
}

/** Record the server's final verdict on a change (the caller holds the transaction). */
export function settle(store: CaseStore, mutationId: string, status: 'applied' | 'rejected', error: string | null, now: number): void {
  statementOf(store, 'UPDATE outbox SET state = ?, error = ?, settled_at = ?, retry_at = NULL WHERE mutation_id = ?').run(status, error, now, mutationId);
}

/** The server could not apply a change: it stays pending with the reason, and goes again after the back-off. Returns when. */
export function noteNotApplied(store: CaseStore, mutationId: string, error: string, now: number): number {
  const attempts = ((statementOf(store, 'SELECT attempts FROM outbox WHERE mutation_id = ?', 'pluck').get(mutationId) as number | undefined) ?? 0) + 1;
  const retryAt = now + retryDelayMs(attempts);
  statementOf(store, 'UPDATE outbox SET error = ?, attempts = ?, retry_at = ? WHERE mutation_id = ?').run(error, attempts, retryAt, mutationId);
  return retryAt;
}

/** Whether a case has a change that has not been refused (waiting, or applied: the server's copy is on its way). */
export function hasUnrefusedChange(store: CaseStore, caseId: string): boolean {
  return (statementOf(store, `SELECT count(*) FROM outbox WHERE case_id = ? AND state <> 'rejected'`, 'pluck').get(caseId) as number) > 0;
}

export interface NotAppliedChange {
  seq: number;
  name: string;
  caseId: string | null;
  number: string | null;
  error: string;
  attempts: number;
  retryAt: number;
}

/** Changes the server could not apply, still waiting to go again, oldest first. */
export function notAppliedChanges(store: CaseStore, limit = 20): NotAppliedChange[] {
  const rows = statementOf(store, 
      `SELECT o.seq, o.name, o.case_id, c.number, o.error, o.attempts, o.retry_at FROM outbox o LEFT JOIN cases c ON c.id = o.case_id
       WHERE o.state = 'pending' AND o.attempts > 0 ORDER BY o.seq LIMIT ?`,
    )
    .all(limit) as { seq: number; name: string; case_id: string | null; number: string | null; error: string | null; attempts: number; retry_at: number | null }[];
  return rows.map((r) => ({ seq: r.seq, name: r.name, caseId: r.case_id, number: r.number, error: r.error ?? 'not applied', attempts: r.attempts, retryAt: r.retry_at ?? 0 }));
}

export interface RefusedChange {
  seq: number;
  name: string;
  caseId: string | null;
  number: string | null;
  error: string;
  at: number;
  /** The case was taken out (the server refused to create it) and can be restored from its kept copy. */
  restorable: boolean;
}

/** Changes the server refused, newest first. */
export function refusedChanges(store: CaseStore, limit = 20): RefusedChange[] {
  const rows = statementOf(store, 
      `SELECT o.seq, o.name, o.case_id, coalesce(c.number, r.number) AS number, o.error, o.settled_at,
              (c.id IS NULL AND r.case_id IS NOT NULL AND r.restored_at IS NULL) AS restorable
       FROM outbox o LEFT JOIN cases c ON c.id = o.case_id LEFT JOIN refused_cases r ON r.case_id = o.case_id
       WHERE o.state = 'rejected' ORDER BY o.seq DESC LIMIT ?`,
    )
    .all(limit) as { seq: number; name: string; case_id: string | null; number: string | null; error: string; settled_at: number; restorable: number }[];
  return rows.map((r) => ({ seq: r.seq, name: r.name, caseId: r.case_id, number: r.number, error: r.error, at: r.settled_at, restorable: r.restorable === 1 }));
}

/** How many refused changes came after `seen` (the last one the person acknowledged). */
export function refusedSince(store: CaseStore, seen: number): number {
  return statementOf(store, `SELECT count(*) FROM outbox WHERE state = 'rejected' AND seq > ?`, 'pluck').get(seen) as number;
}

/** The newest refused change's seq (null: none). */
export function lastRefusedSeq(store: CaseStore): number | null {
  return statementOf(store, `SELECT max(seq) FROM outbox WHERE state = 'rejected'`, 'pluck').get() as number | null;
}
