// The alerts a case will raise, as it stands at an instant: a reminder before each due instant
// (its lead is policy data per severity, counted on the severity's calendar), the due instant, the
// breach (one alert, the breach, when due and breach coincide), the warning before an auto-close
// and the auto-close itself. Worked out from the SLA engine's evaluation at that instant, so its
// instants are the ones `sla check` gives; nothing that happens later (a contact, a reply) is
// assumed. The same planner answers `casedesk alerts plan` and drives the app's scheduler.
import { countBetween, countForward } from '../calendar/work-calendar';
import type { CaseTimeline } from '../cases/case-timeline';
import type { CompiledPolicy } from '../policy/compiled-policy';
import { DAY_MS } from '../time/civil-date';
import type { CaseStatus } from '../policy/policy-schema';
import { evaluateCase, type ClockName, type ClockResult } from '../sla/sla-clock';

export const ALERT_KINDS = ['reminder', 'due', 'breach', 'auto-close-warning', 'auto-close'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface PlannedAlert {
  caseId: string;
  kind: AlertKind;
  /** The clock the alert is about; null for the auto-close and its warning. */
  clock: ClockName | null;
  at: number;
  /** The instant the alert speaks of: the due instant of a reminder, the breach, the auto-close of its warning. */
  about: number;
  /** The severity that judges the clock at the planning instant. */
  severity: number;
}

const CLOCKS: readonly ClockName[] = ['response', 'resolution'];

type ClockInputs = Pick<ClockResult, 'state' | 'dueAt' | 'breachAt' | 'severity'>;

/**
 * What the planner needs of a case at the planning instant: the engine's evaluation has it
 * (alertInputsOf), and so do the clock columns the desktop's store keeps beside each case.
 */
export interface AlertInputs {
  caseId: string;
  loggedAt: number;
  status: CaseStatus;
  severityNow: number;
  /** A pending auto-close, else null. */
  autoCloseAt: number | null;
  response: ClockInputs;
  resolution: ClockInputs;
}

/** A case's planner inputs from its evaluation at `at`. */
export function alertInputsOf(timeline: CaseTimeline, policy: CompiledPolicy, at: number): AlertInputs {
  const e = evaluateCase(timeline, policy, at);
  return { caseId: timeline.id, loggedAt: timeline.loggedAt, status: e.status, severityNow: e.severityNow, autoCloseAt: e.autoCloseAt, response: e.response, resolution: e.resolution };
}

/** When `clock`'s reminder comes: `lead` before its due instant on `calendar`, if after `from`. */
function reminderAt(policy: CompiledPolicy, c: ClockInputs, severity: number, from: number): number | null {
  const s = policy.severities.get(severity);
  if (!s || s.remindBeforeMs === null || c.dueAt === null) return null;
  const remaining = countBetween(s.calendar, from, c.dueAt);
  if (remaining <= s.remindBeforeMs) return null; // due sooner than the lead: the reminder's time has passed
  // The earliest instant from which only the lead is left to count (Friday 18:30 for a due at
  // Monday 08:30, one business hour before).
  return countForward(s.calendar, from, [remaining - s.remindBeforeMs])[0]!;
}

/**
 * Every alert of one case after `from` (exclusive) up to `to` (inclusive), in time order, for the
 * case as it stands at `from` (`e` worked out at `from`). A case not yet reported at `from`, or
 * closed, raises none; an auto-close ends the case's clock alerts (at its instant, the close
 * comes first).
 */
export function planCaseAlerts(e: AlertInputs, policy: CompiledPolicy, from: number, to: number): PlannedAlert[] {
  if (e.loggedAt > from || e.status === 'closed') return [];
  const alerts: PlannedAlert[] = [];
  const closeAt = e.autoCloseAt;
  const add = (kind: AlertKind, clock: ClockName | null, at: number | null, about: number, severity: number) => {
    if (at === null || at <= from || at > to) return;
    if (clock !== null && closeAt !== null && at >= closeAt) return;
    alerts.push({ caseId: e.caseId, kind, clock, at, about, severity });
  };
  for (const clock of CLOCKS) {
    const c = e[clock];
    if (c.state !== 'running' || c.breachAt === null) continue;
    const severity = c.severity ?? e.severityNow;
    add('reminder', clock, reminderAt(policy, c, severity, from), c.dueAt ?? c.breachAt, severity);
    if (c.dueAt !== null && c.dueAt < c.breachAt) add('due', clock, c.dueAt, c.dueAt, severity);
    add('breach', clock, c.breachAt, c.breachAt, severity);
  }
  if (closeAt !== null) {
    if (policy.autoCloseWarnDays > 0) add('auto-close-warning', null, policy.zone.instantOfWall(policy.zone.wallOf(closeAt) - policy.autoCloseWarnDays * DAY_MS), closeAt, e.severityNow);
    add('auto-close', null, closeAt, closeAt, e.severityNow);
  }
  return alerts.sort(byInstant);
}

function byInstant(a: PlannedAlert, b: PlannedAlert): number {
  return a.at - b.at || ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind) || CLOCKS.indexOf(a.clock ?? 'response') - CLOCKS.indexOf(b.clock ?? 'response');
}

/** Every alert of every case in (from, to], in time order; cases tie in the order given. */
export function planAlerts(timelines: readonly CaseTimeline[], policy: CompiledPolicy, from: number, to: number): PlannedAlert[] {
  const all = timelines.flatMap((t) => (t.loggedAt > from ? [] : planCaseAlerts(alertInputsOf(t, policy, from), policy, from, to)));
  // Stable: alerts at one instant keep the cases' order, and each case's own order.
  return all.sort((a, b) => a.at - b.at);
}

/**
 * A case's planner inputs for catching up what the policy did by itself (the recorders of
 * automatic events), judged now but planned from an instant that may lie before: a clock that breached since is planned as running to its
 * breach, a case that closed by itself since as waiting for its close. A case closed otherwise
 * has nothing more to record (null).
 */
export function catchUpInputsOf(timeline: CaseTimeline, policy: CompiledPolicy, now: number): AlertInputs | null {
  const e = evaluateCase(timeline, policy, now);
  if (e.status === 'closed' && e.autoClosedAt === null) return null;
  const running = (c: ClockResult) => (c.state === 'breached' ? { ...c, state: 'running' as const } : c);
  return {
    caseId: timeline.id,
    loggedAt: timeline.loggedAt,
    status: e.autoClosedAt !== null ? 'awaiting-customer' : e.status,
    severityNow: e.severityNow,
    autoCloseAt: e.autoCloseAt ?? e.autoClosedAt,
    response: running(e.response),
    resolution: running(e.resolution),
  };
}
