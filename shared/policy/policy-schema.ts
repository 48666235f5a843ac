// The support policy as data (format `casedesk.policy/1`): calendar, holidays, severities and
// their targets, pause statuses, auto-close, reminders, the troubleshooting checklist. Validated with zod on load; every rule the SLA engine
// applies is a field here, not a constant in code.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { daysOfIsoDate, WEEKDAY_NAMES } from '../time/civil-date';
import defaultPolicyJson from './default-policy.json';

export const POLICY_FORMAT = 'casedesk.policy/1';

export const CASE_STATUSES = ['new', 'in-progress', 'awaiting-customer', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CONTACT_CHANNELS = ['phone', 'email', 'onsite', 'remote'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time of day "HH:MM" (00:00–24:00)');

export function minutesOfClockTime(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

const openInterval = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((i) => minutesOfClockTime(i.start) < minutesOfClockTime(i.end), {
    message: 'start must be before end',
  });

const dayHours = z.array(openInterval).superRefine((intervals, ctx) => {
  for (let i = 1; i < intervals.length; i++) {
    if (minutesOfClockTime(intervals[i]!.start) < minutesOfClockTime(intervals[i - 1]!.end)) {
      ctx.addIssue({ code: 'custom', path: [i], message: 'intervals must be in order and must not overlap' });
    }
  }
});

const weekdayName = z.enum(WEEKDAY_NAMES);

/** A refinement of a list that flags each entry whose `key` an earlier entry already has. */
function noRepeats<T, K extends keyof T & string>(key: K, message: (value: T[K]) => string) {
  return (list: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Set<T[K]>();
    list.forEach((entry, i) => {
      if (seen.has(entry[key])) ctx.addIssue({ code: 'custom', path: [i, key], message: message(entry[key]) });
      seen.add(entry[key]);
    });
  };
}

const businessHours = z
  .strictObject(Object.fromEntries(WEEKDAY_NAMES.map((d) => [d, dayHours])) as Record<
    (typeof WEEKDAY_NAMES)[number],
    typeof dayHours
  >)
  .refine((week) => Object.values(week).some((intervals) => intervals.length > 0), {
    message: 'the business calendar must be open at some time of the week',
  });

const isoDate = z.string().refine((s) => daysOfIsoDate(s) !== null, 'must be a real date "YYYY-MM-DD"');

const holidayName = z.string().trim().min(1, 'a holiday needs a name');

const fixedHoliday = z.strictObject({
  name: holidayName,
  type: z.literal('fixed'),
  month: z.int().min(1).max(12),
  day: z.int().min(1).max(31),
  /** `nearest-weekday`: Saturday is observed on the Friday before, Sunday on the Monday after. */
  observed: z.enum(['nearest-weekday', 'as-is']).default('nearest-weekday'),
});

const nthWeekdayHoliday = z.strictObject({
  name: holidayName,
  type: z.literal('nth-weekday'),
  month: z.int().min(1).max(12),
  weekday: weekdayName,
  /** 1–5 for the first to fifth, -1 for the last of the month. */
  nth: z.union([z.int().min(1).max(5), z.literal(-1)]),
  /** Days after (or before, negative) the nth weekday: the Friday after Thanksgiving is +1. */
  offsetDays: z.int().min(-31).max(31).default(0),
});

const holidayRule = z.discriminatedUnion('type', [fixedHoliday, nthWeekdayHoliday]);

const holidays = z.strictObject({
  rules: z.array(holidayRule),
  add: z.array(z.strictObject({ date: isoDate, name: holidayName })).default([]),
  remove: z.array(isoDate).default([]),
});

/** The structured part of the case a troubleshooting step fills in (shared/diagnostics/). */
export const STEP_SECTIONS = ['configuration', 'servers', 'symptoms', 'topology', 'files', 'changes'] as const;
export type StepSection = (typeof STEP_SECTIONS)[number];

const diagnosticStep = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a step id is lowercase letters, digits and "-"').max(40),
  name: z.string().trim().min(1, 'a step needs a name').max(200),
  hint: z.string().max(1000).default(''),
  section: z.enum(STEP_SECTIONS),
});

const diagnostics = z.strictObject({
  steps: z
    .array(diagnosticStep)
    .min(1, 'the checklist needs at least one step')
    .max(30)
    .superRefine(noRepeats('id', (id) => `step "${id}" is defined twice`)),
});

/** The longest target a policy may set, in hours (one year). */
export const MAX_TARGET_HOURS = 8760;

/** Hours and minutes, longer than zero and at most MAX_TARGET_HOURS, refused in the words given. */
function hoursAndMinutes(words: { zero: string; tooLong: string }) {
  const minutes = (d: { hours?: number; minutes?: number }) => (d.hours ?? 0) * 60 + (d.minutes ?? 0);
  return (
    z
      .strictObject({ hours: z.number().min(0).optional(), minutes: z.number().min(0).optional() })
      .refine((d) => minutes(d) > 0, { message: words.zero })
      // Counting a deadline walks the calendar day by day: a year of hours is far beyond any support
      // target, and keeps a policy from another desktop from stalling every clock that reads it.
      .refine((d) => minutes(d) <= MAX_TARGET_HOURS * 60, { message: words.tooLong })
  );
}

const duration = hoursAndMinutes({ zero: 'a target must be longer than zero', tooLong: `a target is at most ${MAX_TARGET_HOURS.toLocaleString('en-US')} hours` });

const reminder = z.strictObject({
  severity: z.int().min(1).max(9),
  /** How long before the due instant, on the severity's calendar. */
  before: hoursAndMinutes({ zero: 'a reminder must come some time before the due instant', tooLong: `a reminder comes at most ${MAX_TARGET_HOURS.toLocaleString('en-US')} hours before` }),
});

const pages = z.strictObject({
  /** How long a page waits for its acknowledgement before it goes to the next in the on-call chain. */
  acknowledgeWithin: hoursAndMinutes({ zero: 'a page must wait some time for its acknowledgement', tooLong: 'a page waits at most 24 hours for its acknowledgement' }).refine(
    (d) => durationMs(d) <= 24 * 3_600_000,
    { message: 'a page waits at most 24 hours for its acknowledgement' },
  ),
});

const alerts = z.strictObject({
  reminders: z.array(reminder).superRefine(noRepeats('severity', (severity) => `severity ${severity} has two reminders`)),
  /** Severity-1 pages (a policy recorded before pages escalated waits the default policy's 15 minutes). */
  pages: pages.default(() => ({ acknowledgeWithin: { ...defaultPolicyJson.alerts.pages.acknowledgeWithin } })),
});

const target = z
  .strictObject({ due: duration, breach: duration.optional() })
  .refine((t) => t.breach === undefined || durationMs(t.breach) >= durationMs(t.due), {
    message: 'breach must not come before due',
    path: ['breach'],
  });

export const CALENDAR_KINDS = ['business', '24x7'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

const severity = z.strictObject({
  level: z.int().min(1).max(9),
  name: z.string().min(1),
  definition: z.string().default(''),
  calendar: z.enum(CALENDAR_KINDS),
  response: target,
  resolution: target,
  responseChannels: z.array(z.enum(CONTACT_CHANNELS)).min(1, 'at least one channel must answer the response clock'),
});

/**
 * A policy's document as once recorded: every field checked, but not the reach of its targets, so
 * that a store holding a policy recorded before that rule stays readable (its clocks then show as
 * unreachable rather than counting for ever: countForward's horizon).
 */
export const recordedPolicySchema = z.strictObject({
  format: z.literal(POLICY_FORMAT),
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"'),
  version: z.int().min(1),
  name: z.string().min(1),
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as "America/New_York"'),
  businessHours,
  holidays,
  severities: z
    .array(severity)
    .min(1)
    .superRefine(noRepeats('level', (level) => `severity ${level} is defined twice`)),
  pauseStatuses: z.array(z.enum(CASE_STATUSES)).refine((list) => !list.includes('resolved') && !list.includes('closed'), {
    message: 'resolved and closed stop the resolution clock; they cannot pause it',
  }),
  /**
   * The support status of products and versions ("released, supported Xecuritas products as
   * opposed to unsupported/discontinued products; beta and field test technology is covered by a
   * separate policy"). A version is matched by its start: "7." covers 7.2.1. Empty: nothing known.
   */
  products: z
    .array(
      z.strictObject({
        product: z.string().trim().min(1),
        version: z.string().default(''),
        status: z.enum(['supported', 'beta', 'field-test', 'unsupported', 'discontinued']),
        note: z.string().default(''),
      }),
    )
    .default([]),
  autoClose: z.strictObject({
    /** Calendar days an unanswered pause spell lasts before the case closes by itself. */
    afterDays: z.int().min(1).max(365),
    /** Calendar days before the close that its warning comes (the same wall-clock time); 0: none. */
    warnDaysBefore: z.int().min(0).max(365).default(defaultPolicyJson.autoClose.warnDaysBefore),
  }).refine((a) => a.warnDaysBefore < a.afterDays, { message: 'the warning must come after the pause began: warnDaysBefore must be less than afterDays', path: ['warnDaysBefore'] }),
  /**
   * When deadlines speak up: a reminder before each due instant, per severity, its lead counted on
   * the severity's calendar (Severity-3's 4 hours are business hours). A severity without one has
   * no reminder; its due and breach still alert. A policy recorded before alerts existed has the
   * default policy's.
   */
  alerts: alerts.default(() => ({
    reminders: defaultPolicyJson.alerts.reminders.map((r) => ({ ...r })),
    pages: { acknowledgeWithin: { ...defaultPolicyJson.alerts.pages.acknowledgeWithin } },
  })),
  /**
   * The policy's troubleshooting steps "upon initial customer contact", as data: an edited policy
   * may add or reword them, and a case keeps the steps of the policy it was logged under. A policy
   * recorded before the checklist existed has the default policy's steps.
   */
  diagnostics: diagnostics.default(() => ({ steps: defaultPolicyJson.diagnostics.steps.map((step) => ({ ...step, section: step.section as StepSection })) })),
});

/** A policy that may be put in use: its targets reachable within two years of its calendar. */
export const policySchema = recordedPolicySchema.superRefine((policy, ctx) => {
  // A target the calendar cannot reach within two years would put deadlines centuries away and
  // make every clock that reads it count for ever: refused, naming the severity and the clock.
  const weekly = weeklyOpenMinutes(policy.businessHours);
  const longestDay = Math.max(...Object.values(policy.businessHours).map((day) => day.reduce((sum, i) => sum + minutesOfClockTime(i.end) - minutesOfClockTime(i.start), 0)));
  // The worst two years: 104 whole weeks, less a whole open day for every holiday they can hold.
  const holidayDays = policy.holidays.rules.length * 3 + policy.holidays.add.length;
  const reachable = Math.max(0, REACH_WEEKS * weekly - holidayDays * longestDay);
  const levels = new Set(policy.severities.map((s) => s.level));
  policy.alerts.reminders.forEach((r, i) => {
    if (!levels.has(r.severity)) ctx.addIssue({ code: 'custom', path: ['alerts', 'reminders', i, 'severity'], message: `the policy has no severity ${r.severity}` });
  });
  policy.severities.forEach((severity, i) => {
    if (severity.calendar !== 'business') return;
    for (const clock of ['response', 'resolution'] as const) {
      const target = severity[clock];
      const minutes = durationMs(target.breach ?? target.due) / 60_000;
      if (minutes <= reachable) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['severities', i, clock],
        message: `${severity.name}'s ${clock} target of ${formatMinutes(minutes)} cannot be reached within two years on business hours (open ${formatMinutes(weekly)} a week)`,
      });
    }
  });
});

/** Whole weeks in the two years within which every target must be reachable. */
const REACH_WEEKS = 104;

function weeklyOpenMinutes(week: Record<string, readonly { start: string; end: string }[]>): number {
  let total = 0;
  for (const day of Object.values(week)) for (const i of day) total += minutesOfClockTime(i.end) - minutesOfClockTime(i.start);
  return total;
}

function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return m === 0 ? `${h}h` : `${h}h ${String(m).padStart(2, '0')}m`;
}

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type SeverityPolicy = Policy['severities'][number];
export type HolidayRule = z.output<typeof holidayRule>;
export type HolidayAdjustments = Policy['holidays'];
export type Duration = z.output<typeof duration>;
export type DiagnosticStep = z.output<typeof diagnosticStep>;
export type Target = z.output<typeof target>;
export type Reminder = z.output<typeof reminder>;

export function durationMs(d: Duration): number {
  return Math.round(((d.hours ?? 0) * 60 + (d.minutes ?? 0)) * 60_000);
}
