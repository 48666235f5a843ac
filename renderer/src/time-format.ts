// How the UI writes instants and durations: the one convention of shared/time/moment-text.ts, in
// the engineer's own zone (the browser's) first and the policy's beside it when it differs, and
// how far an instant is from now.
import { DateTime } from 'luxon';
import { momentText } from '../../shared/time/moment-text';

/** The engineer's own zone: the browser's. */
export function viewerZone(): string {
  return DateTime.local().zoneName;
}

/** An instant as the page writes it: "today 14:05 CET (08:05 EST)", "Sat 25 Dec 2010 04:15 CET (22:15 EST)"; "—" for none. */
export function moment(ms: number | null, policyZone?: string, now = Date.now()): string {
  if (ms === null) return '—';
  return momentText(ms, { zone: viewerZone(), alsoZone: policyZone, now });
}

const DAYS_PER_YEAR = 365.2425;
const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

/**
 * "in 1h 05m", "in 12m 30s", "3d 4h ago", "15y 11mo ago": how far `ms` is from `now` (seconds
 * within the hour; years and months beyond a year, so a clock breached in 2010 fits its column).
 */
export function relative(ms: number, now: number): string {
  const diff = ms - now;
  if (Math.abs(diff) < 3_600_000) {
    const seconds = Math.floor(Math.abs(diff) / 1000);
    const text = `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
    return diff >= 0 ? `in ${text}` : `${text} ago`;
  }
  const minutes = Math.round(Math.abs(diff) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const years = Math.floor(d / DAYS_PER_YEAR);
  const months = Math.floor((d - years * DAYS_PER_YEAR) / DAYS_PER_MONTH);
  const text = years > 0 ? `${years}y ${months}mo` : d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}
