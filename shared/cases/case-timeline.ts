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
    events: (record.events ?? []).map((raw, index): TimelineEvent => {
      const at = instant(raw.at, ['events', index, 'at']);
      const e = raw as Record<string, unknown>;
      switch (raw.type) {
        case 'contact':
          if (typeof e.channel !== 'string' || !CHANNELS.has(e.channel)) {
            fail(['events', index, 'channel'], `a contact needs a channel: ${CONTACT_CHANNELS.join(', ')}`);
          }
          return { at, index, kind: 'contact', channel: e.channel as ContactChannel };
        case 'status':
          if (typeof e.status !== 'string' || !STATUSES.has(e.status)) {
            fail(['events', index, 'status'], `a status change needs a status: ${CASE_STATUSES.join(', ')}`);
          }
          return { at, index, kind: 'status', status: e.status as CaseStatus };
        case 'severity':
          if (typeof e.severity !== 'number' || !Number.isInteger(e.severity) || e.severity < 1) {
            fail(['events', index, 'severity'], 'a severity change needs a severity level (1, 2 or 3)');
          }
          return { at, index, kind: 'severity', severity: e.severity as number };
        case 'third-party':
          if (e.vendor !== undefined && typeof e.vendor !== 'string') fail(['events', index, 'vendor'], 'must be text');
          return { at, index, kind: 'third-party', vendor: typeof e.vendor === 'string' ? e.vendor : null };
        case 'customer-reply':
        case 'auto-close-hold':
        case 'workaround':
        case 'feature-request':
          return { at, index, kind: raw.type };
        default:
          return { at, index, kind: 'other', type: raw.type };
      }
    }),
  };
}
