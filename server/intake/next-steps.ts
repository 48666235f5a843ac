// What a customer who has just opened a case online may expect, read from the policy in force:
// the response and resolution targets of their severity, as spans and as the instants they fall
// on (counted on the severity's calendar, so nights, weekends and holidays are skipped as the SLA
// clock skips them), how we will get in touch, and whether the on-call staff were paged.
import { DateTime } from 'luxon';
import { countForward } from '../../shared/calendar/work-calendar';
import { supportHoursStatus } from '../../shared/calendar/support-hours';
import { compilePolicy, type CompiledSeverity } from '../../shared/policy/compiled-policy';
import { minutesOfClockTime, type ContactChannel, type Policy } from '../../shared/policy/policy-schema';
import { WEEKDAY_NAMES } from '../../shared/time/civil-date';

/**
 * "Severity-1 level cases opened online will automatically alert the on-call technical staff via
 * pager" (the policy's How to Report a Problem). The policy document names no level for it.
 */
export const PAGED_SEVERITY = 1;

/** The policy's support line and address ("How to Report a Problem"); the policy document has no field for them. */
export const SUPPORT_PHONE = '1.888.624.5928, option 2';
export const SUPPORT_EMAIL = 'cs@xecuritas.com';

export interface Target {
  /** "1 hour", "4–6 support hours", "2 support days". */
  within: string;
  /** When the target falls, in the policy's zone: "Mon 29 Nov 2010, 1:00 PM EST". */
  by: string;
  /** When it is late, if later than `by`. */
  latest: string | null;
}

export interface NextSteps {
  severityName: string;
  response: Target;
  resolution: Target;
  /** "by phone", "by phone, email, a visit or a remote session". */
  how: string;
  paged: boolean;
  /** The business hours, e.g. "Monday to Friday, 8:00 AM – 7:00 PM Eastern Standard Time". */
  supportHours: string;
  /** For a severity counted in business hours only: whether support is open now, and until or from when. */
  openNow: string | null;
}

const CHANNEL_WORDS: Record<ContactChannel, string> = { phone: 'phone', email: 'email', onsite: 'a visit', remote: 'a remote session' };

export function nextSteps(policy: Policy, level: number, loggedAt: number): NextSteps {
  const compiled = compilePolicy(policy);
  const severity = compiled.severities.get(level);
  if (!severity) throw new Error(`the policy has no severity ${level}`);
  const zone = policy.timeZone;
  const dayMs = severity.calendar.kind === 'business' ? businessDayMs(policy) : 24 * 3_600_000;
  const unit = severity.calendar.kind === 'business' ? 'support ' : '';
  const target = (dueMs: number, breachMs: number): Target => {
    const [due, breach] = countForward(severity.calendar, loggedAt, [dueMs, breachMs]);
    return {
      within: spanWords(dueMs, breachMs, dayMs, unit),
      by: moment(due!, zone),
      // On the same day the date is said once: "by Mon 2 Mar 2026, 2:30 PM EST (4:30 PM EST at the latest)".
      latest: breach! <= due! ? null : moment(breach!, zone, sameDay(due!, breach!, zone) ? 'h:mm a ZZZZ' : undefined),
    };
  };
  const status = supportHoursStatus(compiled, loggedAt);
  return {
    severityName: severity.name,
    response: target(severity.responseDueMs, severity.responseBreachMs),
    resolution: target(severity.resolutionDueMs, severity.resolutionBreachMs),
    how: `by ${listWords(channelsOf(severity).map((c) => CHANNEL_WORDS[c]), 'or')}`,
    paged: level === PAGED_SEVERITY,
    supportHours: describeBusinessHours(policy, loggedAt),
    openNow:
      severity.calendar.kind !== 'business'
        ? null
        : status.open
          ? `Support is open now, until ${moment(status.changesAt, zone, 'h:mm a ZZZZ')}.`
          : `Support is closed now${status.holiday ? ` for ${status.holiday}` : ''}; it opens ${moment(status.changesAt, zone)}.`,
  };
}

function channelsOf(severity: CompiledSeverity): ContactChannel[] {
  // In the policy's order, so the most direct way is named first.
  return severity.source.responseChannels.filter((c, i, all) => all.indexOf(c) === i);
}

function sameDay(a: number, b: number, zone: string): boolean {
  return DateTime.fromMillis(a, { zone }).toISODate() === DateTime.fromMillis(b, { zone }).toISODate();
}

function moment(ms: number, zone: string, pattern = 'ccc d LLL yyyy, h:mm a ZZZZ'): string {
  return DateTime.fromMillis(ms, { zone, locale: 'en-US' }).toFormat(pattern);
}

/** The length of a business day, when every open day is as long; else 0 (spans are then told in hours). */
function businessDayMs(policy: Policy): number {
  const lengths = new Set(
    WEEKDAY_NAMES.map((d) => policy.businessHours[d].reduce((sum, i) => sum + minutesOfClockTime(i.end) - minutesOfClockTime(i.start), 0)).filter((m) => m > 0),
  );
  return lengths.size === 1 ? [...lengths][0]! * 60_000 : 0;
}

function spanWords(dueMs: number, breachMs: number, dayMs: number, unit: string): string {
  const inDays = dayMs > 0 && dueMs % dayMs === 0 && breachMs % dayMs === 0 && dueMs >= dayMs;
  const size = inDays ? dayMs : 3_600_000;
  const noun = inDays ? 'day' : 'hour';
  const count = (ms: number) => Math.round((ms / size) * 100) / 100;
  const first = count(dueMs);
  const last = count(breachMs);
  if (first === last) return `${first} ${unit}${noun}${first === 1 ? '' : 's'}`;
  return `${first}–${last} ${unit}${noun}s`;
}

function listWords(words: string[], last: 'and' | 'or'): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`;
}

/** Days with the same hours told together: "Monday to Friday, 8:00 AM – 7:00 PM". */
export function describeBusinessHours(policy: Policy, at: number): string {
  const clock = (text: string) => {
    const minutes = minutesOfClockTime(text);
    return DateTime.fromObject({ hour: Math.floor(minutes / 60) % 24, minute: minutes % 60 }, { locale: 'en-US' }).toFormat('h:mm a');
  };
  const hoursOf = (day: (typeof WEEKDAY_NAMES)[number]) => policy.businessHours[day].map((i) => `${clock(i.start)} – ${clock(i.end)}`).join(', ');
  const title = (day: string) => day.charAt(0).toUpperCase() + day.slice(1);
  const groups: { from: string; to: string; hours: string }[] = [];
  for (const day of WEEKDAY_NAMES) {
    const hours = hoursOf(day);
    const previous = groups.at(-1);
    if (hours && previous && previous.hours === hours && WEEKDAY_NAMES.indexOf(previous.to as (typeof WEEKDAY_NAMES)[number]) === WEEKDAY_NAMES.indexOf(day) - 1) previous.to = day;
    else if (hours) groups.push({ from: day, to: day, hours });
  }
  const zoneName = DateTime.fromMillis(at, { zone: policy.timeZone, locale: 'en-US' }).toFormat('ZZZZZ');
  const days = groups.map((g) => `${title(g.from)}${g.to === g.from ? '' : ` to ${title(g.to)}`}, ${g.hours}`);
  return `${listWords(days, 'and')} ${zoneName}`;
}
