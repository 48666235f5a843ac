// A recent change to the customer's environment against the case's first report: one made before
// it is a likely cause. A change is dated by a day (`2026-12-01`) or an instant with its offset;
// a day is read in the policy's time zone, as the core reads it when it refuses a future date
// (shared/diagnostics/decide-diagnostics.ts).
import { DateTime } from 'luxon';
import { parseInstant } from '../../../shared/time/instant';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export type ChangeTiming = 'before' | 'after';

/** Whether a change dated `when` came before or after the first report (null: a date that cannot be read). */
export function changeTiming(when: string, firstReport: string, zone: string): ChangeTiming | null {
  const report = parseInstant(firstReport);
  if (!report.ok) return null;
  if (DAY.test(when)) {
    const reportDay = DateTime.fromMillis(report.ms, { zone }).toISODate();
    if (!reportDay) return null;
    // A change dated only by the day of the first report counts as before it: it may well have
    // come first, and a likely cause is better shown than missed. (ISO days compare as text.)
    return when <= reportDay ? 'before' : 'after';
  }
  const at = parseInstant(when);
  if (!at.ok) return null;
  // At the very instant of the report: before, for the same reason.
  return at.ms <= report.ms ? 'before' : 'after';
}

/** When a change happened, for ordering: an instant as it is, a day from its start in `zone`. */
function sortKey(when: string, zone: string): number {
  if (DAY.test(when)) {
    const start = DateTime.fromISO(when, { zone });
    return start.isValid ? start.toMillis() : Number.POSITIVE_INFINITY;
  }
  const at = parseInstant(when);
  return at.ok ? at.ms : Number.POSITIVE_INFINITY;
}

/** The rows oldest first (rows dated alike keep the order they were added in). */
export function chronological<T>(rows: readonly T[], whenOf: (row: T) => string, zone: string): T[] {
  return rows
    .map((row, index) => ({ row, index, key: sortKey(whenOf(row), zone) }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map((x) => x.row);
}
