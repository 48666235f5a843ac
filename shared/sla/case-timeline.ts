// The SLA engine's view of a case: the few facts its clocks depend on, with instants as epoch
// milliseconds. Built from a validated `casedesk.cases/1` record.
import type { CaseRecord } from '../cases/case-format';
import type { CaseStatus, ContactChannel } from '../policy/policy-schema';
import { instantOrThrow } from '../time/instant';

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
    | { kind: 'other'; type: string }
  );

export interface CaseTimeline {
  id: string;
  severity: number;
  type: 'problem' | 'feature-request';
  loggedAt: number;
  events: TimelineEvent[];
}

export function timelineOf(record: CaseRecord): CaseTimeline {
  return {
    id: record.id,
    severity: record.severity,
    type: record.type,
    loggedAt: instantOrThrow(record.loggedAt),
    events: record.events.map((raw, index): TimelineEvent => {
      const at = instantOrThrow(raw.at);
      const e = raw as Record<string, unknown>;
      switch (raw.type) {
        case 'contact':
          return { at, index, kind: 'contact', channel: e.channel as ContactChannel };
        case 'status':
          return { at, index, kind: 'status', status: e.status as CaseStatus };
        case 'severity':
          return { at, index, kind: 'severity', severity: e.severity as number };
        case 'third-party':
          return { at, index, kind: 'third-party', vendor: typeof e.vendor === 'string' ? e.vendor : null };
        case 'customer-reply':
        case 'auto-close-hold':
        case 'workaround':
          return { at, index, kind: raw.type };
        default:
          return { at, index, kind: 'other', type: raw.type };
      }
    }),
  };
}
