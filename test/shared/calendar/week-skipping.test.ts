// Counting forward skips whole weeks by their open time: the deadlines it gives are exactly those of
// counting span by span (which an observer forces), on calendars of few hours a week, with
// holidays, clock changes and pauses; and no policy makes one evaluation count without end.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNT_HORIZON_MS, ClockBoundError, countForward, type Interval } from '../../../shared/calendar/work-calendar';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { defaultPolicy, parsePolicy } from '../../../shared/policy/load-policy';
import type { Policy } from '../../../shared/policy/policy-schema';
import { evaluateCase } from '../../../shared/sla/sla-clock';
import { explainClock, explanationText } from '../../../shared/sla/sla-explain';
import type { CaseTimeline } from '../../../shared/cases/case-timeline';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FROM = Date.UTC(2009, 0, 1);
const TO = Date.UTC(2013, 0, 1);
const RUNS = { numRuns: Number(process.env.REVIEW_RUNS ?? 200) };

function policyWith(edit: (d: any) => void, options: { recorded?: boolean } = {}): Policy {
  const d = structuredClone(defaultPolicy()) as any;
  edit(d);
  return parsePolicy(d, 'test policy', options);
}

const oneHourAWeek = policyWith((d) => {
  for (const day of Object.keys(d.businessHours)) d.businessHours[day] = [];
  d.businessHours.monday = [{ start: '09:00', end: '10:00' }];
});
// Two short spells on two days, and Sunday 01:00–03:30 across the spring-forward and fall-back hour.
const fewHours = policyWith((d) => {
  for (const day of Object.keys(d.businessHours)) d.businessHours[day] = [];
  d.businessHours.tuesday = [{ start: '08:00', end: '08:30' }, { start: '17:00', end: '18:15' }];
  d.businessHours.sunday = [{ start: '01:00', end: '03:30' }];
});
const calendars = [
  ['the default policy', compilePolicy(defaultPolicy()).business],
  ['one hour a week', compilePolicy(oneHourAWeek).business],
  ['a few hours across clock changes', compilePolicy(fewHours).business],
] as const;

/** Counting span by span: an observer turns the skipping off. */
const stepwise = (cal: (typeof calendars)[number][1], s: number, targets: number[], pauses: Interval[]) =>
  countForward(cal, s, targets, pauses, () => {});

const instant = fc.integer({ min: FROM / MINUTE, max: TO / MINUTE - 1 }).map((m) => m * MINUTE);
const targets = fc
  .array(fc.integer({ min: 1, max: 55 * 60 }), { minLength: 1, maxLength: 3 })
  .map((list) => list.map((m) => m * MINUTE).sort((a, b) => a - b));
// Up to three pauses after the start, the last perhaps still open.
const pauses = (s: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 200 * DAY }), fc.integer({ min: 1, max: 60 * DAY })), { maxLength: 3 })
    .chain((gaps) =>
      fc.boolean().map((openEnded) => {
        const out: Interval[] = [];
        let t = s;
        for (const [gap, length] of gaps) {
          const start = t + gap;
          out.push({ start, end: start + length });
          t = start + length + MINUTE;
        }
        if (openEnded && out.length > 0) out[out.length - 1]!.end = Number.POSITIVE_INFINITY;
        return out;
      }),
    );

describe.each(calendars)('skipping whole weeks on %s', (_name, cal) => {
  it('gives the deadlines counting span by span gives, pauses included', () => {
    fc.assert(
      fc.property(
        instant.chain((s) => fc.tuple(fc.constant(s), targets, pauses(s))),
        ([s, t, p]) => {
          expect(countForward(cal, s, t, p)).toEqual(stepwise(cal, s, t, p));
        },
      ),
      RUNS,
    );
  });
});

describe('a calendar open one hour a week', () => {
  const cal = compilePolicy(oneHourAWeek).business;

  it('reaches a 55-hour target on the Monday of the 55th week, holidays skipped', () => {
    // Monday 2011-01-03 09:00 New York is 14:00 UTC; the policy's Monday holidays push the 55th
    // open hour later than 55 weeks on.
    const start = Date.UTC(2011, 0, 3, 14, 0);
    const [due] = countForward(cal, start, [55 * HOUR]);
    expect(due).toBe(stepwise(cal, start, [55 * HOUR], [])[0]);
    expect(new Date(due!).getUTCDay()).toBe(1);
    expect(due! - start).toBeGreaterThan(55 * 7 * DAY - DAY);
  });

  it('counts 100 two-year targets in well under a second', () => {
    const started = performance.now();
    for (let n = 0; n < 100; n++) countForward(cal, FROM + n * 7 * HOUR, [90 * HOUR, 100 * HOUR]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('a policy recorded before targets had to be reachable', () => {
  // Monday 08:00–08:01 and 1,000-hour targets: put in use today it is refused; read back from a
  // store it still parses, and its clocks show as unreachable instead of counting for minutes.
  const edit = (d: any) => {
    for (const day of Object.keys(d.businessHours)) d.businessHours[day] = [];
    d.businessHours.monday = [{ start: '08:00', end: '08:01' }];
    for (const s of d.severities) s.resolution = { due: { hours: 1000 }, breach: { hours: 1000 } };
  };

  it('is refused for use and read when recorded', () => {
    expect(() => policyWith(edit)).toThrow(/cannot be reached within two years/);
    expect(policyWith(edit, { recorded: true }).id).toBe(defaultPolicy().id);
  });

  it('gives every business clock the state unreachable, quickly, and says why', () => {
    const policy = compilePolicy(policyWith(edit, { recorded: true }));
    const timeline: CaseTimeline = {
      id: 'HOSTILE-1',
      loggedAt: Date.UTC(2011, 2, 1, 15),
      severity: 3,
      type: 'problem',
      events: [],
    };
    const started = performance.now();
    const e = evaluateCase(timeline, policy, Date.UTC(2011, 5, 1));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(e.resolution.state).toBe('unreachable');
    expect(e.resolution.dueAt).toBeNull();
    expect(e.resolution.breachAt).toBeNull();
    expect(e.escalations).toEqual([]);
    const text = explanationText(explainClock(timeline, e, 'resolution', policy), policy);
    expect(text).toContain('UNREACHABLE');
    expect(text).toContain('more than ten years away');
  });

  it('throws ClockBoundError from countForward past the horizon, span by span as well', () => {
    const cal = compilePolicy(policyWith(edit, { recorded: true })).business;
    expect(() => countForward(cal, FROM, [1000 * HOUR])).toThrow(ClockBoundError);
    expect(() => stepwise(cal, FROM, [1000 * HOUR], [])).toThrow(ClockBoundError);
    // A target inside the horizon is still worked out: 400 minutes at one a week, some 8½ years.
    const [due] = countForward(cal, FROM, [400 * MINUTE]);
    expect(due! - FROM).toBeLessThan(COUNT_HORIZON_MS);
  });
});
