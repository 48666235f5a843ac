// Property tests of countForward / countBetween on the default policy's two calendars (business
// hours Mon–Fri 08:00–19:00 America/New_York minus holidays, and 24×7), over instants 2009–2012
// and durations from 1 minute to 200 business hours.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { countBetween, countForward, type Interval, type WorkCalendar } from '../../../shared/calendar/work-calendar';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { defaultPolicy } from '../../../shared/policy/load-policy';

const policy = compilePolicy(defaultPolicy());
const business = policy.business;
const continuous = policy.continuous;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FROM = Date.UTC(2009, 0, 1);
const TO = Date.UTC(2013, 0, 1);
const RUNS = { numRuns: Number(process.env.REVIEW_RUNS ?? 300) };

// Instants 2009–2012: mostly whole minutes (so edges like 08:00 and 19:00 come up), some to the ms.
const minuteInstant = fc.integer({ min: FROM / MINUTE, max: TO / MINUTE - 1 }).map((m) => m * MINUTE);
const msInstant = fc.integer({ min: FROM, max: TO - 1 });
const instant = fc.oneof({ arbitrary: minuteInstant, weight: 4 }, { arbitrary: msInstant, weight: 1 });
// Instants exactly at an opening or closing time, which are the interesting edges.
const edgeInstant = fc
  .tuple(fc.integer({ min: 0, max: (TO - FROM) / DAY - 1 }), fc.constantFrom(8, 19), fc.integer({ min: -1, max: 1 }))
  .map(([day, hour, nudge]) =>
    DateTime.fromMillis(FROM + day * DAY, { zone: 'America/New_York' }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toMillis() + nudge * MINUTE,
  );
const start = fc.oneof({ arbitrary: instant, weight: 3 }, { arbitrary: edgeInstant, weight: 1 });
const duration = fc.integer({ min: 1, max: 200 * 60 }).map((m) => m * MINUTE);

const forward = (cal: WorkCalendar, s: number, d: number, excluded: Interval[] = []): number => countForward(cal, s, [d], excluded)[0]!;

const calendars: [string, WorkCalendar][] = [
  ['business', business],
  ['24x7', continuous],
];

describe.each(calendars)('countForward / countBetween on the %s calendar', (_name, cal) => {
  it('add then measure gives back the duration', () => {
    fc.assert(
      fc.property(start, duration, (s, d) => {
        expect(countBetween(cal, s, forward(cal, s, d))).toBe(d);
      }),
      RUNS,
    );
  });

  it('the deadline is the earliest instant: one minute (and one ms) earlier, less time has been counted', () => {
    fc.assert(
      fc.property(start, duration, (s, d) => {
        const r = forward(cal, s, d);
        expect(r).toBeGreaterThan(s);
        expect(countBetween(cal, s, r - MINUTE)).toBeLessThan(d);
        expect(countBetween(cal, s, r - 1)).toBeLessThan(d);
      }),
      RUNS,
    );
  });

  it('is monotonic in the start instant', () => {
    fc.assert(
      fc.property(start, start, duration, (a, b, d) => {
        const [s1, s2] = a <= b ? [a, b] : [b, a];
        expect(forward(cal, s1, d)).toBeLessThanOrEqual(forward(cal, s2, d));
      }),
      RUNS,
    );
  });

  it('is monotonic in the duration, and several targets at once give the single-target answers', () => {
    fc.assert(
      fc.property(start, duration, duration, (s, x, y) => {
        const [d1, d2] = x <= y ? [x, y] : [y, x];
        const r1 = forward(cal, s, d1);
        const r2 = forward(cal, s, d2);
        expect(r1).toBeLessThanOrEqual(r2);
        expect(countForward(cal, s, [d1, d2])).toEqual([r1, r2]);
      }),
      RUNS,
    );
  });

  it('counts additively: time from s to r is the time to any m in between plus the time from m', () => {
    fc.assert(
      fc.property(start, duration, fc.double({ min: 0, max: 1, noNaN: true }), (s, d, f) => {
        const r = forward(cal, s, d);
        const m = s + Math.floor((r - s) * f);
        expect(countBetween(cal, s, m) + countBetween(cal, m, r)).toBe(d);
      }),
      RUNS,
    );
  });

  // With a pause [a, b) excluded, let before = time counted in [s, a) and covered = time counted in
  // [max(s, a), b). If the target is reached before the pause begins (before >= d), the deadline is
  // unchanged; otherwise it is the deadline without the pause for the longer target d + covered.
  // An open pause (b = +Infinity) that begins before the deadline gives +Infinity.
  const pause = fc.tuple(
    fc.integer({ min: -3 * 24 * 60, max: 40 * 24 * 60 }).map((m) => m * MINUTE),
    fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 15 * 24 * 60 }).map((m) => m * MINUTE), weight: 9 },
      { arbitrary: fc.constant(Number.POSITIVE_INFINITY), weight: 1 },
    ),
  );

  it('a pause pushes the deadline out by exactly the time it covered (when it starts before it)', () => {
    fc.assert(
      fc.property(start, duration, pause, (s, d, [offset, length]) => {
        const a = s + offset;
        const b = a + length;
        const r0 = forward(cal, s, d);
        const before = countBetween(cal, s, a);
        const withPause = forward(cal, s, d, [{ start: a, end: b }]);
        if (before >= d) {
          expect(withPause).toBe(r0);
        } else if (b === Number.POSITIVE_INFINITY) {
          expect(withPause).toBe(Number.POSITIVE_INFINITY);
        } else {
          const covered = countBetween(cal, Math.max(s, a), b);
          expect(withPause).toBe(forward(cal, s, d + covered));
          // And measuring with the same exclusion gives back d.
          expect(countBetween(cal, s, withPause, [{ start: a, end: b }])).toBe(d);
        }
      }),
      RUNS,
    );
  });
});

describe('business calendar specifics', () => {
  it('a deadline never falls outside business hours: the calendar is open just before it', () => {
    fc.assert(
      fc.property(start, duration, (s, d) => {
        expect(business.isOpen(forward(business, s, d) - 1)).toBe(true);
      }),
      RUNS,
    );
  });

  it('24×7 counts real elapsed time', () => {
    fc.assert(
      fc.property(instant, duration, (s, d) => {
        expect(forward(continuous, s, d)).toBe(s + d);
        expect(countBetween(continuous, s, s + d)).toBe(d);
      }),
      RUNS,
    );
  });

  // An independent model: each local date from luxon, Mon–Fri 08:00–19:00 unless a holiday of this
  // hand-written list (the 2010 one is the support policy's; the others follow the same rules).
  const HOLIDAYS = new Set([
    '2009-01-01', '2009-02-16', '2009-05-25', '2009-07-03', '2009-09-07', '2009-11-26', '2009-11-27', '2009-12-25',
    '2010-01-01', '2010-02-15', '2010-05-31', '2010-07-05', '2010-09-06', '2010-11-25', '2010-11-26', '2010-12-24', '2010-12-31',
    '2011-02-21', '2011-05-30', '2011-07-04', '2011-09-05', '2011-11-24', '2011-11-25', '2011-12-26',
    '2012-01-02', '2012-02-20', '2012-05-28', '2012-07-04', '2012-09-03', '2012-11-22', '2012-11-23', '2012-12-25',
    '2013-01-01', '2013-02-18',
  ]);
  function modelForward(s: number, d: number): number {
    const first = DateTime.fromMillis(s, { zone: 'America/New_York' }).startOf('day');
    let counted = 0;
    for (let k = 0; k < 400; k++) {
      const date = first.plus({ days: k });
      if (date.weekday > 5 || HOLIDAYS.has(date.toISODate()!)) continue;
      const open = Math.max(s, date.set({ hour: 8 }).toMillis());
      const close = date.set({ hour: 19 }).toMillis();
      if (close <= open) continue;
      if (counted + (close - open) >= d) return open + (d - counted);
      counted += close - open;
    }
    throw new Error('model ran out of days');
  }

  it('agrees with an independent day-by-day model (luxon dates, hand-written 2009–2013 holidays)', () => {
    fc.assert(
      fc.property(start, duration, (s, d) => {
        expect(forward(business, s, d)).toBe(modelForward(s, d));
      }),
      RUNS,
    );
  });
});
