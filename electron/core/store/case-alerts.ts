// The alert scheduler's source on the desktop: each open case's planner inputs read from the clock
// columns the store keeps beside it (schema 3), not from its history through the SLA engine, so
// planning 100,000 cases from cold is a read of the cases table, and planning one that changed a
// read of one row.
import { catchUpInputsOf, planCaseAlerts, type AlertInputs, type PlannedAlert } from '../../../shared/alerts/alert-plan';
import { timelineOf } from '../../../shared/cases/case-timeline';
import type { AlertSource } from '../../../shared/alerts/alert-scheduler';
import { compilePolicy, type CompiledPolicy } from '../../../shared/policy/compiled-policy';
import type { CaseStatus } from '../../../shared/policy/policy-schema';
import type { ClockState } from '../../../shared/sla/sla-clock';
import { refreshStaleClocks } from './case-clocks';
import { type CaseStore, statementOf } from './case-store';

interface AlertRow {
  id: string;
  logged_at: number;
  effective_status: string;
  status: string;
  res_met_at: number | null;
  current_severity: number;
  auto_close_at: number | null;
  resp_final: string | null;
  resp_due_at: number | null;
  resp_breach_at: number | null;
  res_final: string | null;
  res_paused: number;
  res_due_at: number | null;
  res_breach_at: number | null;
  policy_id: string;
  policy_version: number;
}

const COLUMNS = `id, logged_at, effective_status, status, current_severity, auto_close_at, resp_final, resp_due_at, resp_breach_at,
  res_final, res_paused, res_due_at, res_breach_at, res_met_at, policy_id, policy_version`;

/**
 * What the columns cannot say when planning from an instant in the past (a desktop catching up on
 * what came while it was closed): a clock that has stopped since, late, after breaching then; a
 * case that closed by itself since. Such a case is planned from its history (catchUpInputsOf).
 */
const CATCH_UP = `(resp_final = 'breached' AND resp_breach_at > @from) OR (res_final = 'breached' AND res_breach_at > @from)
  OR (effective_status = 'closed' AND status <> 'closed' AND res_met_at > @from)`;

/** A row's inputs: a clock not stopped is running (or paused), its instants as stored. */
export function alertInputsOfRow(r: AlertRow): AlertInputs {
  return {
    caseId: r.id,
    loggedAt: r.logged_at,
    status: r.effective_status as CaseStatus,
    severityNow: r.current_severity,
    autoCloseAt: r.auto_close_at,
    response: { state: (r.resp_final ?? 'running') as ClockState, dueAt: r.resp_due_at, breachAt: r.resp_breach_at, severity: r.current_severity },
    resolution: { state: (r.res_final ?? (r.res_paused ? 'paused' : 'running')) as ClockState, dueAt: r.res_due_at, breachAt: r.res_breach_at, severity: r.current_severity },
  };
}

/** Plans every open case of `store`, and one case at a time, from its stored clocks. */
export function storeAlertSource(store: CaseStore): AlertSource {
  const compiled = new Map<string, CompiledPolicy>();
  const policyOf = (r: AlertRow) => {
    const key = `${r.policy_id}@${r.policy_version}`;
    let p = compiled.get(key);
    if (!p) compiled.set(key, (p = compilePolicy(store.policy(r.policy_id, r.policy_version))));
    return p;
  };
  const fresh = () => {
    if (!store.readonly) refreshStaleClocks(store);
  };
  const fromHistory = (r: AlertRow, from: number) => {
    const stored = store.getCase(r.id);
    const inputs = stored && catchUpInputsOf(timelineOf(stored.record), policyOf(r), store.clock.now());
    return inputs ? planCaseAlerts(inputs, policyOf(r), from, Number.POSITIVE_INFINITY) : [];
  };
  const caughtUp = (r: AlertRow, from: number) =>
    (r.resp_final === 'breached' && (r.resp_breach_at ?? 0) > from) ||
    (r.res_final === 'breached' && (r.res_breach_at ?? 0) > from) ||
    (r.effective_status === 'closed' && r.status !== 'closed' && (r.res_met_at ?? 0) > from);
  return {
    planAll(from: number): PlannedAlert[] {
      fresh();
      // Only a plan from the past has cases to catch up on: from now, no clock has stopped late after a breach still to come.
      const catchingUp = from < store.clock.now();
      const behind = catchingUp ? (statementOf(store, `SELECT ${COLUMNS} FROM cases WHERE ${CATCH_UP}`).all({ from }) as AlertRow[]) : [];
      const rows = (
        catchingUp
          ? statementOf(store, `SELECT ${COLUMNS} FROM cases WHERE effective_status <> 'closed' AND NOT coalesce(${CATCH_UP}, 0)`).all({ from })
          : statementOf(store, `SELECT ${COLUMNS} FROM cases WHERE effective_status <> 'closed'`).all()
      ) as AlertRow[];
      // In no order: the scheduler's index orders them.
      return [...behind.flatMap((r) => fromHistory(r, from)), ...rows.flatMap((r) => planCaseAlerts(alertInputsOfRow(r), policyOf(r), from, Number.POSITIVE_INFINITY))];
    },
    planCase(caseId: string, from: number): PlannedAlert[] {
      fresh();
      const r = statementOf(store, `SELECT ${COLUMNS} FROM cases WHERE id = ?`).get(caseId) as AlertRow | undefined;
      if (!r) return [];
      return caughtUp(r, from) ? fromHistory(r, from) : planCaseAlerts(alertInputsOfRow(r), policyOf(r), from, Number.POSITIVE_INFINITY);
    },
  };
}

/** What a raised alert says of its case, and whom it concerns. */
export interface AlertCaseRow {
  number: string;
  company: string | null;
  engineer: string | null;
  severity: number;
  severityName: string;
  autoCloseDays: number;
  policyZone: string;
}

/** The case an alert is about, as its notification names it (null when it is gone). */
export function alertCaseOf(store: CaseStore, caseId: string): AlertCaseRow | null {
  const r = statementOf(store, 'SELECT number, company, engineer, current_severity, policy_id, policy_version FROM cases WHERE id = ?').get(caseId) as
    | { number: string; company: string | null; engineer: string | null; current_severity: number; policy_id: string; policy_version: number }
    | undefined;
  if (!r) return null;
  const policy = store.policy(r.policy_id, r.policy_version);
  const name = policy.severities.find((s) => s.level === r.current_severity)?.name ?? `Severity-${r.current_severity}`;
  return {
    number: r.number,
    company: r.company,
    engineer: r.engineer,
    severity: r.current_severity,
    severityName: name,
    autoCloseDays: policy.autoClose.afterDays,
    policyZone: policy.timeZone,
  };
}
