// The one way Casedesk writes an instant for a person: in the viewer's own zone first, "today",
// "yesterday" or "tomorrow" where that is shorter, the year whenever it is not the current one
// (in the viewer's zone), and a second zone — the policy's — beside it in parentheses when its
// offset differs at that instant: "Sat 25 Dec 2010 04:15 CET (22:15 EST)". UTC is for the
// machine-readable side (`instantUtc`: a <time> element's dateTime and its tooltip).
import { DateTime, IANAZone } from 'luxon';

export interface MomentStyle {
  /** The viewer's zone (IANA name): the instant is written in it first. */
  zone: string;
  /** The policy's zone: written in parentheses when its offset differs from the viewer's then. */
  alsoZone?: string;
  /** The viewer's now: what "today" is, and which year goes without saying. */
  now: number;
}

const LOCALE = 'en-GB';
const abbreviations = new Map<string, string>();

/** Whether a zone name is one luxon (and so Casedesk) knows. */
export function isKnownZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/**
 * The zone's short name at that instant: EST, EDT, CET, BST, UTC — the US and the European
 * abbreviations from the locale that has them, else the offset ("GMT+5:30").
 */
export function zoneAbbreviation(ms: number, zone: string): string {
  const z = IANAZone.create(zone);
  const key = `${zone}|${z.offset(ms)}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    const offsetLike = (s: string) => /^(GMT|UTC)[+\-−]/.test(s);
    name = z.offsetName(ms, { format: 'short', locale: 'en-US' }) ?? '';
    if (offsetLike(name)) {
      const british = z.offsetName(ms, { format: 'short', locale: 'en-GB' }) ?? name;
      if (!offsetLike(british)) name = british;
    }
    abbreviations.set(key, name);
  }
  return name;
}

/** The calendar days from `now`'s day to `dt`'s, both in dt's zone. */
function daysApart(dt: DateTime, now: DateTime): number {
  return Math.round(dt.startOf('day').diff(now.startOf('day'), 'days').days);
}

function dateOf(dt: DateTime, nowYear: number): string {
  return dt.year === nowYear ? dt.toFormat('ccc d LLL') : dt.toFormat('ccc d LLL yyyy');
}

/** "today", "yesterday", "tomorrow", else "Sat 25 Dec" (and the year when it is not this one). */
function dayOf(dt: DateTime, now: DateTime): string {
  const apart = daysApart(dt, now);
  if (apart === 0) return 'today';
  if (apart === -1) return 'yesterday';
  if (apart === 1) return 'tomorrow';
  return dateOf(dt, now.year);
}

/** The instant in the other zone, when its offset differs: "22:15 EST", or with its date if that differs too. */
function otherZone(ms: number, dt: DateTime, style: MomentStyle, nowYear: number, withDate: boolean): string {
  if (!style.alsoZone) return '';
  const other = DateTime.fromMillis(ms, { zone: style.alsoZone, locale: LOCALE });
  if (other.offset === dt.offset) return '';
  const sameDate = other.toISODate() === dt.toISODate();
  const date = withDate && !sameDate ? `${dateOf(other, nowYear)} ` : '';
  return ` (${date}${other.toFormat('HH:mm')} ${zoneAbbreviation(ms, style.alsoZone)})`;
}

/** An instant for a person: "today 14:05 CET (08:05 EST)", "Sat 25 Dec 2010 04:15 CET (22:15 EST)". */
export function momentText(ms: number, style: MomentStyle): string {
  const dt = DateTime.fromMillis(ms, { zone: style.zone, locale: LOCALE });
  const now = DateTime.fromMillis(style.now, { zone: style.zone, locale: LOCALE });
  return `${dayOf(dt, now)} ${dt.toFormat('HH:mm')} ${zoneAbbreviation(ms, style.zone)}${otherZone(ms, dt, style, now.year, true)}`;
}

/**
 * The end of a span that began at `from`: its time alone when it falls on the same day (in both
 * zones), else the whole moment — "counted today 14:05 CET (08:05 EST) → 19:00 CET (13:00 EST)".
 */
export function spanEndText(from: number, to: number, style: MomentStyle): string {
  const a = DateTime.fromMillis(from, { zone: style.zone });
  const b = DateTime.fromMillis(to, { zone: style.zone, locale: LOCALE });
  const sameDay = (zone: string) => DateTime.fromMillis(from, { zone }).hasSame(DateTime.fromMillis(to, { zone }), 'day');
  if (!a.hasSame(b, 'day') || (style.alsoZone && !sameDay(style.alsoZone))) return momentText(to, style);
  const nowYear = DateTime.fromMillis(style.now, { zone: style.zone }).year;
  return `${b.toFormat('HH:mm')} ${zoneAbbreviation(to, style.zone)}${otherZone(to, b, style, nowYear, false)}`;
}

/** The instant in UTC, ISO 8601 to the second: "2010-12-25T03:15:00Z" (for dateTime and tooltips). */
export function instantUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
