// ISO 8601 instants as the case format writes them: always with a UTC offset, 1970–2100. Parsed
// and formatted by hand because the CLI reads and writes hundreds of thousands of them; luxon
// stays for human-readable formatting.
import { civilFromDays, daysFromCivil, daysInMonth, DAY_MS, HOUR_MS, MINUTE_MS } from './civil-date';
import type { TimeZone } from './time-zone';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;

export type InstantParse = { ok: true; ms: number } | { ok: false; error: string };

/** Digits of `text` at [from, from + count), or -1 when any is not a digit. */
function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The common shapes `YYYY-MM-DDTHH:MM:SS±HH:MM` and `…SSZ`, read without a regular expression;
 * NaN for anything else (which then takes the general path).
 */
function fastInstant(text: string): number {
  const len = text.length;
  if ((len !== 25 && len !== 20) || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') {
    return Number.NaN;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) {
    return Number.NaN; // also days 29–31: the general path checks the month's length
  }
  let offset = 0;
  if (len === 25) {
    const sign = text[19];
    const oh = digits(text, 20, 2);
    const om = digits(text, 23, 2);
    if ((sign !== '+' && sign !== '-') || text[22] !== ':' || oh < 0 || oh > 18 || om < 0 || om > 59) return Number.NaN;
    offset = (sign === '-' ? -1 : 1) * (oh * HOUR_MS + om * MINUTE_MS);
  } else if (text[19] !== 'Z') {
    return Number.NaN;
  }
  return daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 - offset;
}

/** Parse an ISO 8601 timestamp with an offset into epoch milliseconds, saying what is wrong. */
export function parseInstant(text: unknown): InstantParse {
  if (typeof text !== 'string') return { ok: false, error: 'expected an ISO 8601 timestamp string' };
  const fast = fastInstant(text);
  if (!Number.isNaN(fast)) return { ok: true, ms: fast };
  const m = ISO_INSTANT.exec(text);
  if (!m) {
    if (ISO_LOCAL.test(text)) {
      return { ok: false, error: `timestamp "${text}" has no UTC offset: add one, e.g. "-05:00" or "Z"` };
    }
    return { ok: false, error: `"${clip(text)}" is not an ISO 8601 timestamp like 2010-11-29T09:10:00-05:00` };
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `"${text}" is not a real calendar date` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, error: `"${text}" is not a valid time of day` };
  let offset = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 18 || om > 59) return { ok: false, error: `"${text}" has an impossible UTC offset` };
    offset = (m[9] === '-' ? -1 : 1) * (oh * HOUR_MS + om * MINUTE_MS);
  }
  if (year < 1970 || year > 2100) {
    return { ok: false, error: `"${text}" is outside the years 1970–2100 that Casedesk accepts` };
  }
  const ms =
    daysFromCivil(year, month, day) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + millis - offset;
  return { ok: true, ms };
}

/** Parse an instant or throw an Error carrying the reason. */
export function instantOrThrow(text: unknown): number {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.ms;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ISO 8601 of an instant as wall time in `zone`, with its offset: 2010-11-29T09:10:00-05:00. */
export function formatInstant(ms: number, zone: TimeZone): string {
  const offset = zone.offsetMs(ms);
  const wall = ms + offset;
  const days = Math.floor(wall / DAY_MS);
  const { year, month, day } = civilFromDays(days);
  let rest = wall - days * DAY_MS;
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / MINUTE_MS);
  rest -= minute * MINUTE_MS;
  const second = Math.floor(rest / 1000);
  const frac = rest - second * 1000;
  const abs = Math.abs(offset) / MINUTE_MS;
  return (
    `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}` +
    (frac ? `.${String(frac).padStart(3, '0')}` : '') +
    `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}
