// Whether support is open at an instant and, if not, when it opens next and why it is closed
// (a named holiday, the weekend, outside hours). Severity-1 is answered around the clock anyway.
import { DateTime } from 'luxon';
import type { CompiledPolicy } from '../policy/compiled-policy';
import type { Span } from './work-calendar';

export interface SupportHoursStatus {
  open: boolean;
  /** When the current state ends: closing time while open, the next opening while closed. */
  changesAt: number;
  /** While closed: the holiday observed today, if that is why. */
  holiday: string | null;
  text: string;
}

export function supportHoursStatus(policy: CompiledPolicy, at: number): SupportHoursStatus {
  const calendar = policy.business;
  const zone = policy.zone.name;
  const span: Span = { start: 0, end: 0 };
  calendar.nextOpen(at, span);
  const fmt = (ms: number, pattern: string) => DateTime.fromMillis(ms, { zone }).toFormat(pattern);
  const open = span.start <= at;
  if (open) {
    return { open, changesAt: span.end, holiday: null, text: `Support open until ${fmt(span.end, 'HH:mm ZZZZ')}` };
  }
  const today = calendar.day(policy.zone.localDay(at));
  const sameDay = policy.zone.localDay(span.start) === today.days;
  const opens = sameDay ? fmt(span.start, 'HH:mm ZZZZ') : fmt(span.start, 'ccc d LLL HH:mm ZZZZ');
  const why = today.holiday ? ` (today is ${today.holiday})` : '';
  return {
    open,
    changesAt: span.start,
    holiday: today.holiday,
    text: `Support closed${why}: opens ${opens}. Severity-1: on-call around the clock`,
  };
}
