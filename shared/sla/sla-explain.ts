// Explains a clock: the steps by which its due and breach instants were reached — hours counted
// per day, nights, weekends, named holidays and pauses skipped, the severity that judged it — as
// data and as readable text. Not on the hot path: it re-walks one clock with an observer.
import { DateTime } from 'luxon';
import { BusinessCalendar, countForward } from '../calendar/work-calendar';
import type { CompiledPolicy } from '../policy/compiled-policy';
import { WEEKDAY_NAMES } from '../time/civil-date';
import type { CaseTimeline } from '../cases/case-timeline';
import { severityOf, type CaseEvaluation, type ClockName, type ClockResult, type ClockStop, type PauseSpell } from './sla-clock';

export type SkipReason =
  | { kind: 'outside-hours' }
  | { kind: 'weekend'; date: string }
  | { kind: 'closed-day'; date: string }
  | { kind: 'holiday'; date: string; name: string }
  | { kind: 'pause'; from: number; to: number | null; endedBy: PauseSpell['endedBy'] };

export type ExplainStep =
  | { kind: 'start'; at: number }
  | { kind: 'counted'; from: number; to: number; ms: number; totalMs: number }
  | { kind: 'skipped'; from: number; to: number | null; reasons: SkipReason[] }
  | { kind: 'reached'; target: 'due' | 'breach'; at: number; afterMs: number };

export interface ClockExplanation {
  clock: ClockName;
  state: ClockResult['state'];
  caseId: string;
  evaluatedAt: number;
  severity: { level: number; name: string; why: 'at-first-report' | 'when-stopped' | 'at-evaluation' } | null;
  severityChanges: CaseEvaluation['severityChanges'];
  calendar: 'business' | '24x7' | null;
  dueMs: number | null;
  breachMs: number | null;
  steps: ExplainStep[];
  /** Contacts that did not stop the response clock, because the severity then in force refuses their channel. */
  refusedContacts: { at: number; channel: string; severity: number }[];
  result: ClockResult;
}

export function explainClock(
  timeline: CaseTimeline,
  evaluation: CaseEvaluation,
  clock: ClockName,
  policy: CompiledPolicy,
): ClockExplanation {
  const result = evaluation[clock];
  const base: ClockExplanation = {
    clock,
    state: result.state,
    caseId: timeline.id,
    evaluatedAt: evaluation.at,
    severity: null,
    severityChanges: evaluation.severityChanges,
    calendar: null,
    dueMs: null,
    breachMs: null,
    steps: [],
    refusedContacts: clock === 'response' ? refusedContacts(timeline, evaluation, policy) : [],
    result,
  };
  if (result.severity === null) return base;

  const sev = severityOf(policy, result.severity, timeline.id);
  const dueMs = clock === 'response' ? sev.responseDueMs : sev.resolutionDueMs;
  const breachMs = clock === 'response' ? sev.responseBreachMs : sev.resolutionBreachMs;
  const why = result.stop ? 'when-stopped' : evaluation.severityChanges.length > 0 ? 'at-evaluation' : 'at-first-report';
  const steps: ExplainStep[] = [{ kind: 'start', at: timeline.loggedAt }];
  if (result.state === 'unreachable') {
    return { ...base, severity: { level: sev.level, name: sev.name, why }, calendar: sev.calendar.kind, dueMs, breachMs, steps };
  }
  let total = 0;
  let cursor = timeline.loggedAt;
  const calendar = sev.calendar;
  const [dueAt, breachAt] = countForward(calendar, timeline.loggedAt, [dueMs, breachMs], result.pauses, (from, to) => {
    if (from > cursor) steps.push({ kind: 'skipped', from: cursor, to: from, reasons: skipReasons(policy, calendar instanceof BusinessCalendar, cursor, from, evaluation) });
    total += to - from;
    steps.push({ kind: 'counted', from, to, ms: to - from, totalMs: total });
    cursor = to;
  });
  const reached: ExplainStep[] = [];
  if (Number.isFinite(dueAt!)) reached.push({ kind: 'reached', target: 'due', at: dueAt!, afterMs: dueMs });
  if (Number.isFinite(breachAt!)) reached.push({ kind: 'reached', target: 'breach', at: breachAt!, afterMs: breachMs });
  // Weave the reached targets in after the counted span that contains them.
  const woven: ExplainStep[] = [];
  for (const step of steps) {
    woven.push(step);
    if (step.kind === 'counted') {
      while (reached.length > 0 && (reached[0] as { at: number }).at <= step.to) woven.push(reached.shift()!);
    }
  }
  if (!Number.isFinite(breachAt!)) {
    const open = result.pauses[result.pauses.length - 1];
    if (open) woven.push({ kind: 'skipped', from: open.start, to: null, reasons: skipReasons(policy, false, open.start, Number.POSITIVE_INFINITY, evaluation) });
  }
  return {
    ...base,
    severity: { level: sev.level, name: sev.name, why },
    calendar: calendar.kind,
    dueMs,
    breachMs,
    steps: woven,
  };
}

function refusedContacts(timeline: CaseTimeline, evaluation: CaseEvaluation, policy: CompiledPolicy) {
  const stopAt = evaluation.response.stop?.at ?? evaluation.at;
  const out: ClockExplanation['refusedContacts'] = [];
  for (const e of timeline.events) {
    if (e.kind !== 'contact' || e.at > stopAt || e.at > evaluation.at) continue;
    if (evaluation.response.stop?.by === 'contact' && e.index === evaluation.response.stop.eventIndex) continue;
    let level = timeline.severity;
    for (const change of evaluation.severityChanges) if (change.at <= e.at) level = change.to;
    if (!severityOf(policy, level, timeline.id).responseChannels.has(e.channel)) out.push({ at: e.at, channel: e.channel, severity: level });
  }
  return out;
}

function skipReasons(policy: CompiledPolicy, business: boolean, from: number, to: number, evaluation: CaseEvaluation): SkipReason[] {
  const reasons: SkipReason[] = [];
  for (const spell of evaluation.spells) {
    const end = spell.end ?? Number.POSITIVE_INFINITY;
    if (spell.start < to && end > from) reasons.push({ kind: 'pause', from: spell.start, to: spell.end, endedBy: spell.endedBy });
  }
  if (business && Number.isFinite(to)) {
    const cal = policy.business;
    let outside = false;
    for (let d = cal.zone.localDay(from); d <= cal.zone.localDay(to - 1); d++) {
      const day = cal.day(d);
      if (day.end <= from || day.start >= to) continue;
      if (day.holiday !== null) reasons.push({ kind: 'holiday', date: day.date, name: day.holiday });
      else if (day.open.length === 0) reasons.push(day.weekday >= 6 ? { kind: 'weekend', date: day.date } : { kind: 'closed-day', date: day.date });
      else outside = true;
    }
    if (outside && !reasons.some((r) => r.kind === 'pause')) reasons.unshift({ kind: 'outside-hours' });
    else if (outside) reasons.push({ kind: 'outside-hours' });
  }
  return reasons;
}

// ---- Text --------------------------------------------------------------------------------------

export function formatMoment(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-LL-dd HH:mm ZZZZ');
}

/** How an explanation writes its instants: one alone, and the end of a span counted from `from`. */
export interface MomentWriter {
  moment(ms: number): string;
  spanEnd(from: number, to: number): string;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${String(m).padStart(2, '0')}m`;
}

function dayLabel(date: string): string {
  const dt = DateTime.fromISO(date);
  return `${dt.toFormat('ccc')} ${date}`;
}

function describeStop(stop: ClockStop): string {
  switch (stop.by) {
    case 'contact':
      return `the ${stop.channel} contact (event ${stop.eventIndex + 1})`;
    case 'workaround':
      return `the work-around delivered (event ${stop.eventIndex + 1})`;
    case 'status':
      return `the status change to ${stop.status} (event ${stop.eventIndex + 1})`;
    case 'auto-close':
      return 'the automatic close (no customer answer)';
  }
}

function describePauseEnd(reason: Extract<SkipReason, { kind: 'pause' }>, w: MomentWriter): string {
  if (reason.to === null) return 'still awaiting the customer';
  const by = reason.endedBy === 'customer-reply' ? 'customer reply' : reason.endedBy === 'auto-close' ? 'automatic close' : 'status change';
  return `until the ${by} at ${w.moment(reason.to)}`;
}

function describeSkip(step: Extract<ExplainStep, { kind: 'skipped' }>, w: MomentWriter): string {
  const parts: string[] = [];
  for (const r of step.reasons) {
    switch (r.kind) {
      case 'outside-hours':
        parts.push('outside support hours');
        break;
      case 'weekend':
        parts.push(`weekend (${dayLabel(r.date)})`);
        break;
      case 'closed-day':
        parts.push(`no support hours (${dayLabel(r.date)})`);
        break;
      case 'holiday':
        parts.push(`holiday: ${r.name} (${dayLabel(r.date)})`);
        break;
      case 'pause':
        parts.push(`paused: awaiting customer since ${w.moment(r.from)}, ${describePauseEnd(r, w)}`);
        break;
    }
  }
  const span = step.to === null ? `from ${w.moment(step.from)}` : `${w.moment(step.from)} → ${w.moment(step.to)}`;
  return `  not counted ${span}: ${parts.join('; ') || 'closed'}`;
}

const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function describeHours(policy: CompiledPolicy): string {
  const hours = policy.policy.businessHours;
  const texts = WEEKDAY_NAMES.map((name) => hours[name].map((h) => `${h.start}–${h.end}`).join(', '));
  // Runs of consecutive days with the same hours: "Mon–Fri 08:00–19:00".
  const groups: string[] = [];
  for (let i = 0; i < texts.length; ) {
    let j = i;
    while (j + 1 < texts.length && texts[j + 1] === texts[i]) j++;
    if (texts[i]) groups.push(`${WEEKDAY_SHORT[i]}${j > i ? `–${WEEKDAY_SHORT[j]}` : ''} ${texts[i]}`);
    i = j + 1;
  }
  return groups.join('; ');
}

function spanEnd(from: number, to: number, zone: string): string {
  const a = DateTime.fromMillis(from, { zone });
  const b = DateTime.fromMillis(to, { zone });
  return a.hasSame(b, 'day') ? b.toFormat('HH:mm') : formatMoment(to, zone);
}

/**
 * The explanation as lines of text, instants in `zone` (the policy zone unless told otherwise) as
 * the command line writes them, or as `writer` writes them (the app: moment-text.ts's convention).
 */
export function explanationText(ex: ClockExplanation, policy: CompiledPolicy, zone = policy.zone.name, writer?: MomentWriter): string {
  const w: MomentWriter = writer ?? { moment: (ms) => formatMoment(ms, zone), spanEnd: (from, to) => spanEnd(from, to, zone) };
  const title = ex.clock === 'response' ? 'Response clock' : 'Resolution clock';
  const lines: string[] = [];
  const r = ex.result;
  lines.push(`${title} of case ${ex.caseId}: ${r.state.toUpperCase()}`);
  if (r.state === 'not-applicable') {
    const na = r.notApplicable;
    if (na?.reason === 'feature-request' && na.at === null) {
      lines.push('  A feature request is not a problem: no clocks run. It is forwarded to product management.');
    } else if (na?.reason === 'feature-request' && na.at !== null) {
      lines.push(
        `  The case was found to be a request for new functionality at ${w.moment(na.at)} and forwarded to product management:`,
        '  this clock has no deadlines and no escalations.',
      );
    } else if (na?.reason === 'third-party') {
      lines.push(
        `  Another vendor's product${na.vendor ? ` (${na.vendor})` : ''} was identified as the cause at ${w.moment(na.at)}:`,
        '  the standard resolution procedures no longer apply, so this clock has no deadlines and no escalations.',
      );
    }
    return lines.join('\n');
  }
  const sev = ex.severity!;
  const why =
    sev.why === 'when-stopped' ? 'the severity in force when the clock stopped' : sev.why === 'at-evaluation' ? 'the severity in force now' : 'the severity at first report';
  const calendar =
    ex.calendar === '24x7' ? 'around the clock (24×7, real elapsed time)' : `on business hours (${describeHours(policy)}, ${policy.zone.name}, holidays excepted)`;
  lines.push(`  Judged under ${sev.name} (${why}), counted ${calendar}.`);
  lines.push(
    ex.dueMs === ex.breachMs
      ? `  Target: ${formatDuration(ex.dueMs!)} from the first report.`
      : `  Target: due after ${formatDuration(ex.dueMs!)}, breached after ${formatDuration(ex.breachMs!)}, from the first report.`,
  );
  if (r.state === 'unreachable') {
    lines.push(
      '  Not worked out: counted on this calendar from the first report, the target lies more than ten years away.',
      '  The policy opens too few hours for its targets; correct the policy (casedesk policy check names the clock).',
    );
    return lines.join('\n');
  }
  for (const change of ex.severityChanges) {
    if (change.at <= ex.evaluatedAt) lines.push(`  Severity changed from ${change.from} to ${change.to} at ${w.moment(change.at)}.`);
  }
  for (const refused of ex.refusedContacts) {
    lines.push(
      `  The ${refused.channel} contact at ${w.moment(refused.at)} did not stop it: severity ${refused.severity} accepts ${[
        ...severityOf(policy, refused.severity, ex.caseId).responseChannels,
      ].join(', ')} only.`,
    );
  }
  for (const step of ex.steps) {
    switch (step.kind) {
      case 'start':
        lines.push(`  Starts at the first report, ${w.moment(step.at)}.`);
        break;
      case 'counted':
        lines.push(
          `  counted ${w.moment(step.from)} → ${w.spanEnd(step.from, step.to)}: ${formatDuration(step.ms)} (total ${formatDuration(step.totalMs)})`,
        );
        break;
      case 'skipped':
        lines.push(describeSkip(step, w));
        break;
      case 'reached':
        lines.push(`  → ${step.target === 'due' ? 'DUE' : 'BREACH'} at ${w.moment(step.at)} (${formatDuration(step.afterMs)} counted)`);
        break;
    }
  }
  const counted = [...ex.steps].reverse().find((step) => step.kind === 'counted')?.totalMs ?? 0;
  if (r.stop) {
    const when = w.moment(r.stop.at);
    const verdict =
      r.state === 'breached'
        ? 'after the breach instant: BREACHED'
        : r.stop.at <= r.dueAt!
          ? 'on time: MET'
          : 'after it was due but before the breach instant: MET';
    lines.push(`  Stopped at ${when} by ${describeStop(r.stop)}, ${verdict}.`);
  } else if (r.state === 'paused') {
    lines.push(
      `  Paused while the case awaits the customer: ${formatDuration(counted)} of ${formatDuration(ex.breachMs!)} counted so far; the deadlines move out by the time it waits.`,
    );
  } else if (r.state === 'running') {
    lines.push(`  Still running at ${w.moment(ex.evaluatedAt)}: due ${w.moment(r.dueAt!)}, breached if not stopped by ${w.moment(r.breachAt!)}.`);
  } else if (r.state === 'breached') {
    lines.push(`  Not stopped by the breach instant: BREACHED at ${w.moment(r.breachAt!)}.`);
  }
  if (r.state === 'breached') lines.push(`  Escalated to support management at ${w.moment(r.breachAt!)}.`);
  return lines.join('\n');
}
