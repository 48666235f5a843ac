// Keeps each case's stored clock columns (migration 3) in step with the SLA engine: after every
// change to a case, after an import, and for cases whose stored clocks went stale with time.
import { timelineOf, type CaseTimeline } from '../../../shared/cases/case-timeline';
import { missingFields } from '../../../shared/cases/completeness';
import { checklistProgressOf } from '../../../shared/diagnostics/case-diagnostics';
import type { CaseRecord } from '../../../shared/cases/case-format';
import { compilePolicy, type CompiledPolicy } from '../../../shared/policy/compiled-policy';
import type { Policy } from '../../../shared/policy/policy-schema';
import { evaluateCase, type ClockResult } from '../../../shared/sla/sla-clock';
import { type CaseStore, connectionOf, statementOf } from './case-store';

const final = (c: ClockResult): string | null => (c.state === 'met' || c.state === 'not-applicable' || c.state === 'unreachable' || (c.state === 'breached' && c.metAt !== null) ? c.state : null);
const open = (c: ClockResult): boolean => final(c) === null;

/** The stored clock columns of one case, evaluated at `now`. */
export function clockColumns(record: CaseRecord, timeline: CaseTimeline, policy: CompiledPolicy, now: number) {
  const e = evaluateCase(timeline, policy, now);
  const r = e.response;
  const s = e.resolution;
  // The most urgent breach of the clocks still open (passed ones first, when sorted ascending).
  const breaches = [open(r) ? r.breachAt : null, open(s) ? s.breachAt : null].filter((t): t is number => t !== null);
  const future = timeline.events.map((ev) => ev.at).filter((t) => t > now);
  const stale = [...future, ...(e.autoCloseAt !== null ? [e.autoCloseAt] : [])];
  const checklist = checklistProgressOf(record, policy.policy.diagnostics.steps);
  let lastActivity: number | null = null;
  for (const ev of timeline.events) if (ev.at <= now && (lastActivity === null || ev.at > lastActivity)) lastActivity = ev.at;
  return {
    effective_status: e.status,
    current_severity: e.severityNow,
    resp_final: final(r),
    resp_due_at: r.dueAt,
    resp_breach_at: r.breachAt,
    resp_met_at: r.metAt,
    res_final: final(s),
    res_paused: s.state === 'paused' ? 1 : 0,
    res_due_at: s.dueAt,
    res_breach_at: s.breachAt,
    res_met_at: s.metAt,
    auto_close_at: e.autoCloseAt,
    next_breach_at: breaches.length ? Math.min(...breaches) : null,
    missing_count: missingFields(record).length,
    checklist_settled: checklist.settled,
    checklist_total: checklist.total,
    last_activity_at: lastActivity ?? timeline.loggedAt,
    clocks_at: now,
    refresh_at: stale.length ? Math.min(...stale) : null,
  };
}

/** Write a case's clock columns; the caller holds the transaction. */
export function storeClocks(store: CaseStore, seq: number, record: CaseRecord, timeline: CaseTimeline, policy: Policy, now = store.clock.now()): void {
  const c = clockColumns(record, timeline, compilePolicy(policy), now);
  statementOf(store, 
      `UPDATE cases SET effective_status = ?, current_severity = ?, resp_final = ?, resp_due_at = ?, resp_breach_at = ?, resp_met_at = ?, res_final = ?,
         res_paused = ?, res_due_at = ?, res_breach_at = ?, res_met_at = ?, auto_close_at = ?, next_breach_at = ?, missing_count = ?,
         checklist_settled = ?, checklist_total = ?, last_activity_at = ?, clocks_at = ?, refresh_at = ? WHERE seq = ?`,
    )
    .run(
      c.effective_status, c.current_severity, c.resp_final, c.resp_due_at, c.resp_breach_at, c.resp_met_at, c.res_final, c.res_paused, c.res_due_at,
      c.res_breach_at, c.res_met_at, c.auto_close_at, c.next_breach_at, c.missing_count, c.checklist_settled, c.checklist_total, c.last_activity_at, c.clocks_at, c.refresh_at, seq,
    );
}

/**
 * The cases whose stored clocks are not worked out yet or went stale by the instant given: two
 * searches of an index (cases_clocks_unset, cases_refresh), not a read of every case. UNION ALL,
 * as UNION would merge them in seq order by reading the whole table; a case found by both is
 * refreshed once.
 */
export const STALE_CLOCKS = 'SELECT seq FROM cases WHERE clocks_at IS NULL UNION ALL SELECT seq FROM cases WHERE refresh_at <= ?';

/**
 * Re-evaluate the cases whose stored clocks went stale by `now` (or were never worked out, as in a
 * database upgraded from schema 2), in one transaction. Returns how many were refreshed.
 */
export function refreshStaleClocks(store: CaseStore, now = store.clock.now()): number {
  const found = statementOf(store, STALE_CLOCKS, 'pluck').all(now) as number[];
  const seqs = [...new Set(found)];
  if (seqs.length === 0) return 0;
  connectionOf(store).transaction(() => {
    for (const seq of seqs) {
      const stored = store.caseBySeq(seq)!;
      storeClocks(store, seq, stored.record, timelineOf(stored.record), store.policy(stored.policyId, stored.policyVersion), now);
    }
  })();
  return seqs.length;
}
