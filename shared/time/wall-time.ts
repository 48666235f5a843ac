// A wall-clock time typed by a person ("2026-12-04T08:00", as a datetime-local input gives it)
// read in a zone: the instant it names, with what to say when the zone's clocks skip it (a
// spring-forward gap: no such time) or pass it twice (a fall-back night: the first is taken).
import { daysFromCivil, daysInMonth, DAY_MS, HOUR_MS, MINUTE_MS } from './civil-date';
import { formatInstant } from './instant';
import { timeZone } from './time-zone';

export type WallTimeReading =
  | { ok: true; ms: number; iso: string; twice: boolean }
  | { ok: false; error: string };

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The instant wall-clock time `text` (YYYY-MM-DDTHH:MM[:SS]) names in `zone`, as epoch ms and as ISO 8601 with that zone's offset. */
export function readWallTime(text: string, zone: string): WallTimeReading {
  const m = WALL.exec(text);
  if (!m) return { ok: false, error: 'not a date and time' };
  const [year, month, day, hour, minute, second] = m.slice(1).map((d) => Number(d ?? 0)) as [number, number, number, number, number, number];
  if (year < 1970 || year > 2100) return { ok: false, error: 'outside the years 1970–2100 that Casedesk accepts' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, error: 'not a real date and time' };
  }
  const tz = timeZone(zone);
  const wall = daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000;
  const ms = tz.instantOfWall(wall);
  const hhmm = `${m[4]}:${m[5]}`;
  if (tz.wallOf(ms) !== wall) {
    return { ok: false, error: `there is no ${hhmm} on ${m[1]}-${m[2]}-${m[3]} in ${zone}: the clocks go forward then; give a time before or after the change` };
  }
  // Passed twice (clocks set back): the same wall time an offset-change later is valid too.
  const later = wall - tz.offsetMs(wall + DAY_MS);
  const twice = later !== ms && tz.wallOf(later) === wall;
  return { ok: true, ms, iso: formatInstant(ms, tz), twice };
}

/** The wall-clock time of an instant in `zone`, as a datetime-local input takes it: "2026-12-04T08:00". */
export function wallTimeOf(ms: number, zone: string): string {
  return formatInstant(ms, timeZone(zone)).slice(0, 16);
}
