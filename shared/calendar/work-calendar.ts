// The calendars a clock can count on: the policy's business hours (weekly hours in the policy
// zone, minus holidays) or 24×7 real time. Each local date's open intervals are worked out once, as
// epoch milliseconds, and cached, so counting never touches a date object.
import type { CalendarKind, Policy } from '../policy/policy-schema';
import { minutesOfClockTime } from '../policy/policy-schema';
import { civilFromDays, DAY_MS, isoDateOfDays, MINUTE_MS, weekdayOfDays, WEEKDAY_NAMES, type IsoWeekday } from '../time/civil-date';
import { timeZone, type TimeZone } from '../time/time-zone';
import { holidaysOfYear } from './holiday-rules';

/** Out-parameter of `nextOpen`, reused to keep the counting loop free of allocations. */
export interface Span {
  start: number;
  end: number;
}

export interface WorkCalendar {
  readonly kind: CalendarKind;
  /** Set `span` to the first open interval that ends after `t`, clipped to start no earlier than `t`. */
  nextOpen(t: number, span: Span): void;
  /**
   * Jump over whole weeks: the latest end of a week `to` (no later than `limit`) such that the
   * open time in [t, to) stays below `budget`. Sets span.start = to and span.end = that open time,
   * and returns true; returns false (span untouched) when not even the rest of t's week fits.
   */
  skipWeeks?(t: number, budget: number, limit: number, span: Span): boolean;
}

export class ContinuousCalendar implements WorkCalendar {
  readonly kind = '24x7' as const;
  nextOpen(t: number, span: Span): void {
    span.start = t;
    span.end = Number.POSITIVE_INFINITY;
  }
}

export interface CalendarDay {
  days: number; // local day number
  date: string; // YYYY-MM-DD
  weekday: IsoWeekday;
  start: number; // instant of local midnight
  end: number; // instant of the next local midnight
  holiday: string | null;
  /** Open intervals as flat [start, end, start, end, …] instants; empty when closed all day. */
  open: number[];
}

/** How long a business calendar may be closed in a row before counting gives up (10 years). */
const MAX_CLOSED_DAYS = 3660;

/** One local week, Monday midnight to Monday midnight, with its open intervals and their total. */
interface CalendarWeek {
  days: number; // local day number of its Monday
  start: number;
  end: number;
  open: number[]; // flat [start, end, …] instants of the seven days, in order
  total: number; // ms open in the week
}

export class BusinessCalendar implements WorkCalendar {
  readonly kind = 'business' as const;
  readonly zone: TimeZone;
  private readonly weekly: number[][]; // per ISO weekday - 1: flat [startMin, endMin, …]
  private readonly policy: Policy;
  private readonly dayCache = new Map<number, CalendarDay>();
  private readonly weekCache = new Map<number, CalendarWeek>();
  private readonly holidayYears = new Map<number, Map<string, string>>();

  constructor(policy: Policy) {
    this.policy = policy;
    this.zone = timeZone(policy.timeZone);
    this.weekly = WEEKDAY_NAMES.map((name) =>
      policy.businessHours[name].flatMap((i) => [minutesOfClockTime(i.start), minutesOfClockTime(i.end)]),
    );
  }

  /** The holiday observed on a local date, by name, or null. */
  holidayOn(days: number): string | null {
    const { year } = civilFromDays(days);
    let map = this.holidayYears.get(year);
    if (!map) {
      map = new Map(holidaysOfYear(this.policy.holidays.rules, this.policy.holidays, year).map((h) => [h.date, h.name]));
      this.holidayYears.set(year, map);
    }
    return map.get(isoDateOfDays(days)) ?? null;
  }

  day(days: number): CalendarDay {
    let info = this.dayCache.get(days);
    if (!info) {
      const weekday = weekdayOfDays(days);
      const holiday = this.holidayOn(days);
      const wallMidnight = days * DAY_MS;
      const open: number[] = [];
      if (holiday === null) {
        for (const minutes of this.weekly[weekday - 1]!) open.push(this.zone.instantOfWall(wallMidnight + minutes * MINUTE_MS));
      }
      info = {
        days,
        date: isoDateOfDays(days),
        weekday,
        start: this.zone.instantOfWall(wallMidnight),
        end: this.zone.instantOfWall(wallMidnight + DAY_MS),
        holiday,
        open,
      };
      this.dayCache.set(days, info);
    }
    return info;
  }

  /** The local week (Monday first) that holds local day `days`. */
  week(days: number): CalendarWeek {
    const monday = days - (weekdayOfDays(days) - 1);
    let info = this.weekCache.get(monday);
    if (!info) {
      const open: number[] = [];
      let total = 0;
      for (let d = monday; d < monday + 7; d++) {
        const dayOpen = this.day(d).open;
        for (let i = 0; i < dayOpen.length; i += 2) {
          open.push(dayOpen[i]!, dayOpen[i + 1]!);
          total += dayOpen[i + 1]! - dayOpen[i]!;
        }
      }
      info = { days: monday, start: this.day(monday).start, end: this.day(monday + 6).end, open, total };
      this.weekCache.set(monday, info);
    }
    return info;
  }

  skipWeeks(t: number, budget: number, limit: number, span: Span): boolean {
    let week = this.week(this.zone.localDay(t));
    if (week.end > limit) return false;
    let counted = 0;
    const open = week.open;
    for (let i = 0; i < open.length; i += 2) if (open[i + 1]! > t) counted += open[i + 1]! - (open[i]! > t ? open[i]! : t);
    if (counted >= budget) return false;
    // At most MAX_CLOSED_DAYS of weeks per jump: a calendar closed for good is nextOpen's to report.
    for (let n = 0; n < MAX_CLOSED_DAYS / 7; n++) {
      const next = this.week(week.days + 7);
      if (counted + next.total >= budget || next.end > limit) break;
      counted += next.total;
      week = next;
    }
    span.start = week.end;
    span.end = counted;
    return true;
  }

  nextOpen(t: number, span: Span): void {
    let days = this.zone.localDay(t);
    for (let n = 0; n < MAX_CLOSED_DAYS; n++, days++) {
      const open = this.day(days).open;
      for (let i = 0; i < open.length; i += 2) {
        if (open[i + 1]! > t) {
          span.start = open[i]! > t ? open[i]! : t;
          span.end = open[i + 1]!;
          return;
        }
      }
    }
    throw new Error(`the business calendar has no open hours in the ${MAX_CLOSED_DAYS} days after ${isoDateOfDays(this.zone.localDay(t))}`);
  }

  /** Whether the calendar is open at instant `t`. */
  isOpen(t: number): boolean {
    const open = this.day(this.zone.localDay(t)).open;
    for (let i = 0; i < open.length; i += 2) if (open[i]! <= t && t < open[i + 1]!) return true;
    return false;
  }
}

/** An interval a clock does not count (a pause); `end` is +Infinity while it is still open. */
export interface Interval {
  start: number;
  end: number;
}

/** Called with each counted span, in order, while counting forward. */
export type SpanObserver = (start: number, end: number) => void;

/** How far past its start, in calendar time not excluded, a clock may count (ten years). */
export const COUNT_HORIZON_MS = 3660 * DAY_MS;

/** A target that counting would reach only beyond COUNT_HORIZON_MS: the clock cannot be worked out. */
export class ClockBoundError extends Error {
  constructor(readonly from: number) {
    super(`the target is not reached within ten years of the calendar from ${new Date(from).toISOString()}`);
    this.name = 'ClockBoundError';
  }
}

/**
 * The earliest instants at which time counted on `calendar` from `start`, skipping `excluded`
 * (sorted, non-overlapping), reaches each of `targets` (ms, ascending). A target that is never
 * reached — counting stopped by an exclusion that has no end — gives +Infinity.
 *
 * The cost grows with the weeks crossed, never the minutes: without an observer, whole weeks are
 * skipped by their open time (holidays and clock changes included). Counting further than
 * COUNT_HORIZON_MS of calendar time past `start` (excluded time aside) throws ClockBoundError, so
 * that no policy or case can make one evaluation run without end.
 */
export function countForward(
  calendar: WorkCalendar,
  start: number,
  targets: readonly number[],
  excluded: readonly Interval[] = [],
  observe?: SpanObserver,
): number[] {
  const out = targets.map(() => Number.POSITIVE_INFINITY);
  const span: Span = { start: 0, end: 0 };
  let t = start;
  let counted = 0;
  let i = 0;
  let j = 0;
  let horizon = start + COUNT_HORIZON_MS;
  // Try a jump over whole weeks at the start, after each target reached and after each exclusion.
  let trySkip = !observe && calendar.skipWeeks !== undefined;
  while (i < targets.length) {
    if (t > horizon) throw new ClockBoundError(start);
    if (trySkip) {
      trySkip = false;
      while (j < excluded.length && excluded[j]!.end <= t) j++;
      const limit = j < excluded.length ? excluded[j]!.start : Number.POSITIVE_INFINITY;
      if (calendar.skipWeeks!(t, targets[i]! - counted, limit < horizon ? limit : horizon, span)) {
        t = span.start;
        counted += span.end;
        continue;
      }
    }
    calendar.nextOpen(t, span);
    const s = span.start;
    let e = span.end;
    while (j < excluded.length && excluded[j]!.end <= s) j++;
    const ex = excluded[j];
    if (ex && ex.start <= s) {
      if (ex.end === Number.POSITIVE_INFINITY) break;
      horizon += ex.end - (ex.start > t ? ex.start : t);
      t = ex.end;
      trySkip = !observe && calendar.skipWeeks !== undefined;
      continue;
    }
    if (ex && ex.start < e) e = ex.start;
    const length = e - s;
    const before = i;
    while (i < targets.length && counted + length >= targets[i]!) {
      out[i] = s + (targets[i]! - counted);
      i++;
    }
    if (i > before) {
      if (out[i - 1]! > horizon) throw new ClockBoundError(start);
      trySkip = !observe && calendar.skipWeeks !== undefined;
    }
    if (observe) observe(s, i < targets.length ? e : out[i - 1]!);
    counted += length;
    t = e;
  }
  return out;
}

/** Time counted on `calendar` between two instants, skipping `excluded`. */
export function countBetween(calendar: WorkCalendar, from: number, to: number, excluded: readonly Interval[] = []): number {
  if (to <= from) return 0;
  let total = 0;
  const span: Span = { start: 0, end: 0 };
  let t = from;
  let j = 0;
  while (t < to) {
    calendar.nextOpen(t, span);
    if (span.start >= to) break;
    const s = span.start;
    let e = Math.min(span.end, to);
    while (j < excluded.length && excluded[j]!.end <= s) j++;
    const ex = excluded[j];
    if (ex && ex.start <= s) {
      t = ex.end;
      continue;
    }
    if (ex && ex.start < e) e = ex.start;
    total += e - s;
    t = e;
  }
  return total;
}
