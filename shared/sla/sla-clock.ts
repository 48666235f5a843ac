// The SLA engine: a pure function from (case timeline, policy, evaluation instant) to the two
// clocks, their escalations and the pending auto-close, exactly as docs sla-semantics.md states.
// Everything is epoch milliseconds; see work-calendar.ts for the counting.
import { ClockBoundError, countForward, type Interval } from '../calendar/work-calendar';
import type { CompiledPolicy, CompiledSeverity } from '../policy/compiled-policy';
import type { CaseStatus } from '../policy/policy-schema';
import { DAY_MS } from '../time/civil-date';
import type { CaseTimeline, TimelineEvent } from '../cases/case-timeline';

export type ClockName = 'response' | 'resolution';
/** `unreachable`: the clock's target lies beyond ten years of its calendar (COUNT_HORIZON_MS); it is not worked out. */
export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'not-applicable' | 'unreachable';

/** What stopped a clock. */
export type ClockStop =
  | { by: 'contact'; at: number; channel: string; eventIndex: number }
  | { by: 'workaround'; at: number; eventIndex: number }
  | { by: 'status'; at: number; status: 'resolved' | 'closed'; eventIndex: number }
  | { by: 'auto-close'; at: number };

export interface ClockResult {
  clock: ClockName;
  state: ClockState;
  dueAt: number | null;
  breachAt: number | null;
  /** The instant the clock stopped (also when it stopped late). */
  metAt: number | null;
  /** The severity that judged the clock: in force when it stopped, else at the evaluation instant. */
  severity: number | null;
  stop: ClockStop | null;
  /** Why the clock does not apply, when state is not-applicable. */
  notApplicable:
    | { reason: 'feature-request'; /** When a problem was found to be one; null for a case logged as one. */ at: number | null }
    | { reason: 'third-party'; at: number; vendor: string | null }
    | null;
  /** The pauses that were not counted (resolution only), clipped to the clock's life. */
  pauses: Interval[];
}

export interface PauseSpell {
  start: number;
  /** When the spell ended, or null while it is open. */
  end: number | null;
  endedBy: 'customer-reply' | 'status' | 'auto-close' | null;
  /** The auto-close instant of this spell, or null when a hold cancelled it. */
  closeAt: number | null;
  heldAt: number | null;
}

export interface Escalation {
  clock: ClockName;
  at: number;
  severity: number;
}

export interface CaseEvaluation {
  id: string;
  at: number;
  response: ClockResult;
  resolution: ClockResult;
  escalations: Escalation[];
  /** The instant of an auto-close still pending after the evaluation instant, else null. */
  autoCloseAt: number | null;
  /** The instant the case closed by itself, at or before the evaluation instant, else null. */
  autoClosedAt: number | null;
  spells: PauseSpell[];
  severityChanges: { at: number; from: number; to: number }[];
  /** The status at the evaluation instant, as far as the timeline tells. */
  status: CaseStatus;
  severityNow: number;
}

/** Events at the same instant: severity, third-party (and feature-request) take effect first. */
function priority(e: TimelineEvent): number {
  return e.kind === 'severity' || e.kind === 'third-party' || e.kind === 'feature-request' ? 0 : 1;
}

function orderedEvents(timeline: CaseTimeline, at: number): TimelineEvent[] {
  const events = timeline.events.filter((e) => e.at <= at);
  return events.sort((a, b) => a.at - b.at || priority(a) - priority(b) || a.index - b.index);
}

export function severityOf(policy: CompiledPolicy, level: number, caseId: string): CompiledSeverity {
  const severity = policy.severities.get(level);
  if (!severity) {
    const known = [...policy.severities.keys()].join(', ');
    throw new Error(`case "${caseId}": severity ${level} is not defined by policy ${policy.policy.id} (it has ${known})`);
  }
  return severity;
}

/** Same local wall-clock time `days` later, in the policy zone. */
export function autoCloseInstant(policy: CompiledPolicy, spellStart: number): number {
  const zone = policy.zone;
  return zone.instantOfWall(zone.wallOf(spellStart) + policy.autoCloseDays * DAY_MS);
}

const NO_PAUSES: Interval[] = [];
// Scratch targets for countForward: evaluation is synchronous, so one array serves every clock.
const TARGETS = [0, 0];

// Every ClockResult is built here, so all have one shape (and V8 one hidden class).
function clockResult(
  clock: ClockName,
  state: ClockState,
  dueAt: number | null,
  breachAt: number | null,
  metAt: number | null,
  severity: number | null,
  stop: ClockStop | null,
  notApplicable: ClockResult['notApplicable'],
  pauses: Interval[],
): ClockResult {
  return { clock, state, dueAt, breachAt, metAt, severity, stop, notApplicable, pauses };
}

function finite(t: number): number | null {
  return Number.isFinite(t) ? t : null;
}

interface Stopped {
  stop: ClockStop;
  severity: number;
}

export function evaluateCase(timeline: CaseTimeline, policy: CompiledPolicy, at: number): CaseEvaluation {
  const loggedAt = timeline.loggedAt;
  // A case logged after the evaluation instant: nothing has happened yet.
  const events = loggedAt > at ? [] : orderedEvents(timeline, at);

  // Mutable walk state in one object: closures below update it, and TypeScript keeps it honest.
  const st: {
    severity: number;
    status: CaseStatus;
    responseStop: Stopped | null;
    resolutionStop: Stopped | null;
    /** The first finding that takes the case out of the standard procedures (third-party, feature request). */
    outOfScope: ClockResult['notApplicable'];
    spell: PauseSpell | null;
    autoClosedAt: number | null;
  } = {
    severity: timeline.severity,
    status: 'new',
    responseStop: null,
    resolutionStop: null,
    outOfScope: null,
    spell: null,
    autoClosedAt: null,
  };
  severityOf(policy, st.severity, timeline.id);
  const spells: PauseSpell[] = [];
  const severityChanges: CaseEvaluation['severityChanges'] = [];

  const endSpell = (end: number, endedBy: NonNullable<PauseSpell['endedBy']>): void => {
    if (!st.spell) return;
    st.spell.end = end;
    st.spell.endedBy = endedBy;
    st.spell = null;
  };
  const stopResolution = (stop: ClockStop): void => {
    if (!st.resolutionStop && !st.outOfScope) st.resolutionStop = { stop, severity: st.severity };
  };
  // The close of an unanswered spell, once its instant has come before the next thing happens.
  const autoCloseBefore = (t: number, inclusive: boolean): void => {
    const closeAt = st.spell?.closeAt ?? null;
    if (closeAt === null) return;
    if (closeAt < t || (inclusive && closeAt === t)) {
      endSpell(closeAt, 'auto-close');
      st.status = 'closed';
      st.autoClosedAt = closeAt;
      stopResolution({ by: 'auto-close', at: closeAt });
    }
  };

  for (const e of events) {
    autoCloseBefore(e.at, false);
    switch (e.kind) {
      case 'severity':
        severityOf(policy, e.severity, timeline.id);
        if (e.severity !== st.severity) severityChanges.push({ at: e.at, from: st.severity, to: e.severity });
        st.severity = e.severity;
        break;
      case 'third-party':
        st.outOfScope ??= { reason: 'third-party', at: e.at, vendor: e.vendor };
        break;
      case 'feature-request':
        st.outOfScope ??= { reason: 'feature-request', at: e.at };
        break;
      case 'contact':
        if (
          !st.responseStop &&
          !st.outOfScope &&
          severityOf(policy, st.severity, timeline.id).responseChannels.has(e.channel)
        ) {
          st.responseStop = { stop: { by: 'contact', at: e.at, channel: e.channel, eventIndex: e.index }, severity: st.severity };
        }
        break;
      case 'workaround':
        stopResolution({ by: 'workaround', at: e.at, eventIndex: e.index });
        break;
      case 'customer-reply':
        endSpell(e.at, 'customer-reply');
        break;
      case 'auto-close-hold':
        if (st.spell) {
          st.spell.heldAt ??= e.at;
          st.spell.closeAt = null;
        }
        break;
      case 'status':
        if (policy.pauseStatuses.has(e.status)) {
          if (!st.spell) {
            st.spell = { start: e.at, end: null, endedBy: null, closeAt: autoCloseInstant(policy, e.at), heldAt: null };
            spells.push(st.spell);
          }
        } else {
          endSpell(e.at, 'status');
          if (e.status === 'resolved' || e.status === 'closed') {
            stopResolution({ by: 'status', at: e.at, status: e.status, eventIndex: e.index });
          }
        }
        st.status = e.status;
        break;
      case 'other':
        break;
    }
  }
  autoCloseBefore(at, true);
  const autoCloseAt = st.spell?.closeAt ?? null;
  const { severity, outOfScope } = st;

  const notApplicable: ClockResult['notApplicable'] = timeline.type === 'feature-request' ? { reason: 'feature-request', at: null } : outOfScope;

  const judge = (clock: ClockName, stopped: Stopped | null): ClockResult => {
    if (timeline.type === 'feature-request' || (!stopped && outOfScope)) {
      return clockResult(clock, 'not-applicable', null, null, null, null, null, notApplicable, NO_PAUSES);
    }
    const level = stopped ? stopped.severity : severity;
    const sev = severityOf(policy, level, timeline.id);
    const response = clock === 'response';
    // The resolution clock does not count pause spells that began before it stopped.
    const stopAt = stopped ? stopped.stop.at : Number.POSITIVE_INFINITY;
    let pauses = NO_PAUSES;
    if (!response && spells.length > 0) {
      pauses = [];
      for (const s of spells) {
        if (s.start >= stopAt) break;
        const end = s.end ?? Number.POSITIVE_INFINITY;
        pauses.push({ start: s.start, end: end < stopAt ? end : stopAt });
      }
    }
    TARGETS[0] = response ? sev.responseDueMs : sev.resolutionDueMs;
    TARGETS[1] = response ? sev.responseBreachMs : sev.resolutionBreachMs;
    let reached: number[];
    try {
      reached = countForward(sev.calendar, loggedAt, TARGETS, pauses);
    } catch (error) {
      if (!(error instanceof ClockBoundError)) throw error;
      return clockResult(clock, 'unreachable', null, null, stopped ? stopAt : null, level, stopped ? stopped.stop : null, null, pauses);
    }
    const dueAt = reached[0]!;
    const breachAt = reached[1]!;
    if (stopped) {
      return clockResult(clock, stopAt <= breachAt ? 'met' : 'breached', dueAt, breachAt, stopAt, level, stopped.stop, null, pauses);
    }
    const breached = breachAt <= at;
    const paused = !breached && pauses.length > 0 && pauses[pauses.length - 1]!.end === Number.POSITIVE_INFINITY;
    return clockResult(
      clock,
      breached ? 'breached' : paused ? 'paused' : 'running',
      paused ? null : finite(dueAt),
      paused ? null : finite(breachAt),
      null,
      level,
      null,
      null,
      pauses,
    );
  };

  const response = judge('response', st.responseStop);
  const resolution = judge('resolution', st.resolutionStop);
  const escalations: Escalation[] = [];
  for (const clock of [response, resolution]) {
    if (clock.state === 'breached') escalations.push({ clock: clock.clock, at: clock.breachAt!, severity: clock.severity! });
  }
  escalations.sort((a, b) => a.at - b.at);

  return {
    id: timeline.id,
    at,
    response,
    resolution,
    escalations,
    autoCloseAt,
    autoClosedAt: st.autoClosedAt,
    spells,
    severityChanges,
    status: st.status,
    severityNow: severity,
  };
}
