// Cases the server refused to create, by its rules (a policy clash, a case already there…): taken
// out of the queue, since the team will never have them, but never thrown away. The whole case —
// fields and events, as casedesk.cases/1 has it — is kept here with the reason; it can be
// exported (`casedesk export --refused`) or restored into the queue (the app's list of refused
// changes), from where it goes to the server again as an imported case.
//
// A change the server could not apply because of a fault on its side never takes a case out: it
// stays in the outbox and goes again (see outbox.ts).
import type { CaseRecord } from '../../../shared/cases/case-format';
import { applyMutation } from './apply-mutation';
import { type CaseStore, connectionOf, statementOf } from './case-store';
import { StoreError } from './database';
import { hasUnrefusedChange } from './outbox';

export interface RefusedCase {
  caseId: string;
  number: string;
  record: CaseRecord;
  reason: string;
  refusedAt: number;
}

/**
 * After the server refused a change: a case that exists only here (never confirmed) whose every
 * change the server refused — its creation included — is taken out of the queue and kept in
 * `refused_cases`. The caller holds the transaction. Returns whether it was taken out.
 */
export function setAsideRefusedCase(store: CaseStore, caseId: string, reason: string): boolean {
  const row = statementOf(store, 'SELECT seq, server_version FROM cases WHERE id = ?').get(caseId) as { seq: number; server_version: number } | undefined;
  if (!row || row.server_version !== 0) return false;
  // Still waiting, or accepted by the server (its own copy is on the way): not refused.
  if (hasUnrefusedChange(store, caseId)) return false;
  const stored = store.getCase(caseId)!;
  statementOf(store, 
      `INSERT INTO refused_cases (case_id, number, record, policy_id, policy_version, reason, refused_at, restored_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (case_id) DO UPDATE SET number = excluded.number, record = excluded.record, policy_id = excluded.policy_id,
         policy_version = excluded.policy_version, reason = excluded.reason, refused_at = excluded.refused_at, restored_at = NULL`,
    )
    .run(caseId, stored.number, JSON.stringify(stored.record), stored.policyId, stored.policyVersion, reason, store.clock.now());
  statementOf(store, 'DELETE FROM events WHERE case_seq = ?').run(row.seq);
  statementOf(store, 'DELETE FROM cases WHERE seq = ?').run(row.seq);
  return true;
}

/** Every refused case kept here and not restored, oldest first. */
export function refusedCases(store: CaseStore): RefusedCase[] {
  const rows = statementOf(store, 'SELECT case_id, number, record, reason, refused_at FROM refused_cases WHERE restored_at IS NULL ORDER BY refused_at, case_id').all() as {
    case_id: string;
    number: string;
    record: string;
    reason: string;
    refused_at: number;
  }[];
  return rows.map((r) => ({ caseId: r.case_id, number: r.number, record: JSON.parse(r.record) as CaseRecord, reason: r.reason, refusedAt: r.refused_at }));
}

/**
 * Bring a refused case back into the queue: imported as recorded (fields and history), under the
 * policy in force, with a new number; it goes to the server with the next sync. Returns its new number.
 */
export function restoreRefusedCase(store: CaseStore, caseId: string): string {
  return connectionOf(store)
    .transaction(() => {
      const row = statementOf(store, 'SELECT record, restored_at FROM refused_cases WHERE case_id = ?').get(caseId) as { record: string; restored_at: number | null } | undefined;
      if (!row) throw new StoreError(`no refused case "${caseId}" is kept here`);
      if (row.restored_at !== null) throw new StoreError(`the refused case "${caseId}" was restored already`);
      if (store.getCase(caseId)) throw new StoreError(`case "${caseId}" is in the queue already`);
      applyMutation(store, 'importCase', { record: JSON.parse(row.record) as CaseRecord });
      statementOf(store, 'UPDATE refused_cases SET restored_at = ? WHERE case_id = ?').run(store.clock.now(), caseId);
      return store.getCase(caseId)!.number;
    })
    .immediate();
}
