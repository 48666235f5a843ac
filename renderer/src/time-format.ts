// How the UI writes instants and durations: in the engineer's own zone, short.
import { DateTime } from 'luxon';

export function shortMoment(ms: number): string {
  return DateTime.fromMillis(ms).toFormat('ccc d LLL HH:mm');
}

/** "in 1h 05m", "in 12m 30s", "3d 4h ago": how far `ms` is from `now` (seconds within the hour). */
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
  const text = d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** An instant in the engineer's zone, and in the policy's too when that differs: "Mon 29 Nov 18:00 UTC (13:00 EST)". */
export function inBothZones(ms: number | null, policyZone: string): string {
  if (ms === null) return '—';
  const mine = DateTime.fromMillis(ms);
  const theirs = DateTime.fromMillis(ms, { zone: policyZone });
  const text = mine.toFormat('ccc d LLL HH:mm ZZZZ');
  return mine.offset === theirs.offset ? text : `${text} (${theirs.toFormat('HH:mm ZZZZ')})`;
}
