// The SLA engine's view of a case: the few facts its clocks depend on, with instants as epoch
// milliseconds. Built from a validated `casedesk.cases/1` record.
import type { CaseRecord } from './case-format';
import { CASE_STATUSES, CONTACT_CHANNELS, type CaseStatus, type ContactChannel } from '../policy/policy-schema';
import { parseInstant } from '../time/instant';

interface EventBase {
  at: number;
  /** Position of the event in the case's `events` array, for explanations. */
  index: number;
}

export type TimelineEvent = EventBase &
  (
    | { kind: 'contact'; channel: ContactChannel }
    | { kind: 'status'; status: CaseStatus }
    | { kind: 'customer-reply' }
    | { kind: 'auto-close-hold' }
    | { kind: 'workaround' }
    | { kind: 'severity'; severity: number }
    | { kind: 'third-party'; vendor: string | null }
    /** Casedesk's own event: the case was found to be a request for new functionality. */
    | { kind: 'feature-request' }
    | { kind: 'other'; type: string }
  );

export interface CaseTimeline {
  id: string;
  severity: number;
  type: 'problem' | 'feature-request';
  loggedAt: number;
  events: TimelineEvent[];
}

/** A field of a record that cannot be read (an instant that does not parse, a missing channel…). */
export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

const STATUSES: ReadonlySet<string> = new Set(CASE_STATUSES);
const CHANNELS: ReadonlySet<string> = new Set(CONTACT_CHANNELS);

/** Event types whose own fields the clocks read (the others matter by their type alone). */
export const EVENT_TYPES_WITH_FIELDS: ReadonlySet<string> = new Set(['contact', 'status', 'severity', 'third-party', 'retraction']);

/** The positions of the events an undo took back (each `retraction` names one by its position). */
export function retractedEvents(events: readonly { type: string; retracts?: unknown }[]): Set<number> {
  const retracted = new Set<number>();
  for (const e of events) if (e.type === 'retraction' && typeof e.retracts === 'number') retracted.add(e.retracts);
  return retracted;
}

/**
 * The position of a case's last event still in force (not an undo, not undone), or -1: the one
 * an undo would take back.
 */
export function lastEventInForce(events: readonly { type: string; retracts?: unknown }[]): number {
  const retracted = new Set(events.filter((e) => e.type === 'retraction').map((e) => e.retracts));
  let last = events.length - 1;
  while (last >= 0 && (events[last]!.type === 'retraction' || retracted.has(last))) last--;
  return last;
}

/**
 * Casedesk's own `retraction` event (an undone change: `{ "type": "retraction", "retracts": N }`)
 * takes event N out of the timeline the clocks read; the log keeps both, append-only.
 */
export function withoutRetracted(events: TimelineEvent[], fields: (index: number) => Record<string, unknown>): TimelineEvent[] {
  const retracted = new Set<number>();
  for (const e of events) {
    if (e.kind === 'other' && e.type === 'retraction') {
      const n = fields(e.index).retracts;
      if (typeof n === 'number') retracted.add(n);
    }
  }
  if (retracted.size === 0) return events;
  return events.filter((e) => !retracted.has(e.index));
}

/** What is wrong with the fields a known event type needs, or null. */
function eventFieldProblem(type: string, e: Record<string, unknown>, index: number, all: readonly { type: string }[]): { field: string; message: string } | null {
  switch (type) {
    case 'retraction': {
      const n = e.retracts;
      return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < index && all[n]?.type !== 'retraction'
        ? null
        : { field: 'retracts', message: 'an undo names an earlier event (its position), not another undo' };
    }
    case 'contact':
      return typeof e.channel === 'string' && CHANNELS.has(e.channel) ? null : { field: 'channel', message: `a contact needs a channel: ${CONTACT_CHANNELS.join(', ')}` };
    case 'status':
      return typeof e.status === 'string' && STATUSES.has(e.status) ? null : { field: 'status', message: `a status change needs a status: ${CASE_STATUSES.join(', ')}` };
    case 'severity':
      return typeof e.severity === 'number' && Number.isInteger(e.severity) && e.severity >= 1
        ? null
        : { field: 'severity', message: 'a severity change needs a severity level (1, 2 or 3)' };
    case 'third-party':
      return e.vendor === undefined || typeof e.vendor === 'string' ? null : { field: 'vendor', message: 'must be text' };
    default:
      return null;
  }
}

/**
 * An event as the engine reads it, from its type and fields (`fields` is only read for the
 * types in EVENT_TYPES_WITH_FIELDS). No checks: the event has been validated already.
 */
export function timelineEvent(index: number, at: number, type: string, fields: Record<string, unknown>): TimelineEvent {
  switch (type) {
    case 'contact':
      return { at, index, kind: 'contact', channel: fields.channel as ContactChannel };
    case 'status':
      return { at, index, kind: 'status', status: fields.status as CaseStatus };
    case 'severity':
      return { at, index, kind: 'severity', severity: fields.severity as number };
    case 'third-party':
      return { at, index, kind: 'third-party', vendor: typeof fields.vendor === 'string' ? fields.vendor : null };
    case 'customer-reply':
    case 'auto-close-hold':
    case 'workaround':
    case 'feature-request':
      return { at, index, kind: type };
    default:
      return { at, index, kind: 'other', type };
  }
}

/**
 * The timeline of a structurally valid record. Instants and the fields each known event type
 * needs are checked here, once; a bad one is reported through `problems` (the timeline is then
 * not usable), or thrown when no list is given.
 */
export function timelineOf(record: CaseRecord, problems?: FieldProblem[]): CaseTimeline {
  const fail = (path: (string | number)[], message: string): void => {
    if (!problems) throw new Error(`case "${record.id}": ${path.join('.')}: ${message}`);
    problems.push({ path, message });
  };
  const instant = (text: string, path: (string | number)[]): number => {
    const parsed = parseInstant(text);
    if (parsed.ok) return parsed.ms;
    fail(path, parsed.error);
    return Number.NaN;
  };
  return {
    id: record.id,
    severity: record.severity,
    type: record.type,
    loggedAt: instant(record.loggedAt, ['loggedAt']),
    events: withoutRetracted(
      (record.events ?? []).map((raw, index): TimelineEvent => {
        const e = raw as Record<string, unknown>;
        const problem = eventFieldProblem(raw.type, e, index, record.events ?? []);
        if (problem) fail(['events', index, problem.field], problem.message);
        return timelineEvent(index, instant(raw.at, ['events', index, 'at']), raw.type, e);
      }),
      (index) => record.events![index] as Record<string, unknown>,
    ),
  };
}
