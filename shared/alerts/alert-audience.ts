// Who hears an alert, and how: the engineer's preferences (which kinds, which cases, quiet hours,
// sound) and the rules the issue sets — my cases, the unassigned ones of the queue, every
// Severity-1 for whoever is on call, breaches for managers. An alert that reaches nobody here is
// not shown at all; one that does goes to the app's list of alerts, and pops up as a notification
// unless quiet hours or a mute hold it back — never for a Severity-1, which always gets through.
import { z } from 'zod';
import { ALERT_KINDS, type AlertKind, type PlannedAlert } from './alert-plan';

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00 to 23:59)');

export const CASE_SCOPES = ['mine', 'mine-and-unassigned', 'all'] as const;
export type CaseScope = (typeof CASE_SCOPES)[number];

export const alertPreferencesSchema = z.strictObject({
  /** Which kinds of alert notify at all. */
  kinds: z.strictObject(Object.fromEntries(ALERT_KINDS.map((k) => [k, z.boolean()])) as Record<AlertKind, z.ZodBoolean>),
  /** Whose cases: mine; mine and the unassigned ones; every case. */
  cases: z.enum(CASE_SCOPES),
  /** No pop-up nor sound between these wall-clock times, in the engineer's zone (across midnight when `from` > `to`). */
  quietHours: z.strictObject({ from: wallTime, to: wallTime }).refine((q) => q.from !== q.to, 'quiet hours must start and end at different times').nullable(),
  sound: z.boolean(),
});
export type AlertPreferences = z.output<typeof alertPreferencesSchema>;

export const DEFAULT_ALERT_PREFERENCES: AlertPreferences = {
  kinds: { reminder: true, due: true, breach: true, 'auto-close-warning': true, 'auto-close': true },
  cases: 'mine-and-unassigned',
  quietHours: null,
  sound: true,
};

/** The person the alerts are for. */
export interface AlertReader {
  /** Their name as cases' engineer field holds it ('' when unknown: then no case is theirs). */
  name: string;
  /** Their role on the central store (null working alone). */
  role: string | null;
  /** Whether they are on call now. */
  onCall: boolean;
}

/** What the audience rules read of the case. */
export interface AlertCaseFacts {
  engineer: string | null;
  severity: number;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** Whether `alert` concerns `reader` by their preferences and the rules (one reason, or null). */
export function audienceOf(alert: PlannedAlert, c: AlertCaseFacts, reader: AlertReader, prefs: AlertPreferences): string | null {
  if (!prefs.kinds[alert.kind]) return null;
  const engineer = c.engineer?.trim() ?? '';
  if (reader.name.trim() !== '' && engineer !== '' && sameName(engineer, reader.name)) return 'your case';
  if (engineer === '' && prefs.cases !== 'mine') return 'unassigned';
  if (prefs.cases === 'all') return 'a case of the team';
  if (c.severity === 1 && reader.onCall) return 'you are on call';
  if (alert.kind === 'breach' && (reader.role === 'manager' || reader.role === 'admin')) return 'breaches go to managers';
  return null;
}

/** Minutes since midnight of a wall-clock time "HH:MM". */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a wall-clock time of day (minutes since midnight) falls in the quiet hours. */
export function inQuietHours(quiet: AlertPreferences['quietHours'], minuteOfDay: number): boolean {
  if (!quiet) return false;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

/** Why an alert did not pop up. */
export const ALERT_HELD = ['quiet hours', 'muted', 'while Casedesk was closed'] as const;
export type AlertHeld = (typeof ALERT_HELD)[number];

export interface AlertDelivery {
  /** A Severity-1: it pops up and sounds through quiet hours and a mute. */
  critical: boolean;
  /** Shown as a notification (else only in the app's list). */
  popup: boolean;
  sound: boolean;
  /** Why it does not pop up, when it does not. */
  held: AlertHeld | null;
}

/** How an alert that concerns the reader reaches them at an instant (its wall-clock minute given). */
export function deliveryOf(c: AlertCaseFacts, prefs: AlertPreferences, at: number, minuteOfDay: number, mutedUntil: number | null): AlertDelivery {
  const critical = c.severity === 1;
  const held = critical ? null : mutedUntil !== null && at < mutedUntil ? 'muted' : inQuietHours(prefs.quietHours, minuteOfDay) ? 'quiet hours' : null;
  const popup = held === null;
  return { critical, popup, sound: popup && prefs.sound, held };
}
