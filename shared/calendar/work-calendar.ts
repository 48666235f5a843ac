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

export class BusinessCalendar implements WorkCalendar {
  readonly kind = 'business' as const;
  readonly zone: TimeZone;
  private readonly weekly: number[][]; // per ISO weekday - 1: flat [startMin, endMin, …]
  private readonly policy: Policy;
  private readonly dayCache = new Map<number, CalendarDay>();
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

/**
 * The earliest instants at which time counted on `calendar` from `start`, skipping `excluded`
 * (sorted, non-overlapping), reaches each of `targets` (ms, ascending). A target that is never
 * reached — counting stopped by an exclusion that has no end — gives +Infinity.
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
  while (i < targets.length) {
    calendar.nextOpen(t, span);
    const s = span.start;
    let e = span.end;
    while (j < excluded.length && excluded[j]!.end <= s) j++;
    const ex = excluded[j];
    if (ex && ex.start <= s) {
      t = ex.end;
      if (t === Number.POSITIVE_INFINITY) break;
      continue;
    }
    if (ex && ex.start < e) e = ex.start;
    const length = e - s;
    while (i < targets.length && counted + length >= targets[i]!) {
      out[i] = s + (targets[i]! - counted);
      i++;
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
