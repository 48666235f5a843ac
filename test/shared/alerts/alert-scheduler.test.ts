// The scheduler on a simulated clock: it wakes at each alert's instant and raises it once, in
// order; after a 3-day sleep, a wall clock moved forward or back, or a change of time zone, no alert
// is lost or raised twice; a case that changes is planned again alone, and the cases are never
// all looked at again unless something that concerns them all happened.
import { beforeEach, describe, expect, it } from 'vitest';
import { alertInputsOf, planAlerts, planCaseAlerts, type PlannedAlert } from '../../../shared/alerts/alert-plan';
import { AlertScheduler, type AlertSource, type ReplanReason } from '../../../shared/alerts/alert-scheduler';
import type { CaseTimeline } from '../../../shared/cases/case-timeline';
import { formatInstant, instantOrThrow } from '../../../shared/time/instant';
import { policy, timeline, type CaseSpec } from '../../support/sla-fixtures';
import { SimulatedHost } from '../../support/simulated-host';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cases: CaseSpec[] = [
  { id: 'S1', severity: 1, loggedAt: '2010-11-26T22:00:00-05:00' },
  { id: 'S2', severity: 2, loggedAt: '2010-11-26T17:00:00-05:00' },
  { id: 'S3', severity: 3, loggedAt: '2010-11-24T15:00:00-05:00' },
  { id: 'P', severity: 3, loggedAt: '2010-11-22T09:00:00-05:00', events: [{ at: '2010-11-22T09:30:00-05:00', type: 'contact', channel: 'email' }, { at: '2010-11-24T10:00:00-05:00', type: 'status', status: 'awaiting-customer' }] },
  { id: 'S1b', severity: 1, loggedAt: '2010-11-27T01:00:00-05:00' },
];
const START = '2010-11-27T01:30:00-05:00';

let host: SimulatedHost;
let timelines: Map<string, CaseTimeline>;
let raised: { alert: PlannedAlert; wall: number }[];
let replans: ReplanReason[];
let planAllCalls: number;
let scheduler: AlertScheduler;

const source: AlertSource = {
  planAll: (from) => {
    planAllCalls++;
    return planAlerts([...timelines.values()], policy, from, Infinity);
  },
  planCase: (id, from) => {
    const t = timelines.get(id);
    return t && t.loggedAt <= from ? planCaseAlerts(alertInputsOf(t, policy, from), policy, from, Infinity) : [];
  },
};

const text = (a: PlannedAlert) => `${a.caseId} ${a.kind} ${a.clock ?? '-'} ${formatInstant(a.at, policy.zone)}`;
/** What the planner says comes in (from, to], for the cases as they are. */
const expected = (from: string, to: number) => planAlerts([...timelines.values()], policy, instantOrThrow(from), to).map(text);

beforeEach(() => {
  host = new SimulatedHost(START);
  timelines = new Map(cases.map((c) => [c.id!, timeline(c)]));
  raised = [];
  replans = [];
  planAllCalls = 0;
  scheduler = new AlertScheduler({
    clock: host.clock,
    timers: host.timersApi,
    source,
    raise: (alert) => raised.push({ alert, wall: host.wall }),
    replanned: (reason) => replans.push(reason),
  });
  scheduler.start();
});

describe('the alert scheduler', () => {
  it('raises every alert at its instant, once, in order, planning the cases once', () => {
    host.advance(4 * DAY);
    expect(raised.map((r) => text(r.alert))).toEqual(expected(START, host.wall));
    expect(raised.length).toBeGreaterThan(10);
    for (const r of raised) expect(r.wall).toBe(r.alert.at);
    expect(planAllCalls).toBe(1);
    expect(replans).toEqual(['start']);
  });

  it('wakes for the next alert, not on a poll: a timer to each instant, a heartbeat a minute at most', () => {
    expect(text(scheduler.next()!)).toBe('S1b reminder response 2010-11-27T01:45:00-05:00');
    host.advance(DAY);
    // One timer a minute while nothing is due, one more per alert: never one per case per wake.
    expect(host.timersSet).toBeLessThanOrEqual(24 * 60 + raised.length + 2);
  });

  it('after a 3-day sleep, raises what came meanwhile on waking, in order, each once, then goes on', () => {
    host.advance(10 * MINUTE);
    const before = raised.length;
    host.sleep(3 * DAY);
    scheduler.resumed();
    const woke = host.wall;
    expect(raised.slice(before).every((r) => r.wall === woke)).toBe(true);
    host.advance(3 * DAY);
    expect(raised.map((r) => text(r.alert))).toEqual(expected(START, host.wall));
  });

  it('notices a sleep the host did not report within a minute', () => {
    host.sleep(2 * DAY);
    host.advance(MINUTE);
    expect(replans).toContain('clock-jump');
    expect(raised.map((r) => text(r.alert))).toEqual(expected(START, host.wall));
  });

  it('a wall clock moved forward raises what it skipped; moved back, raises nothing twice', () => {
    host.advance(20 * MINUTE);
    host.wall += 5 * HOUR; // forward, unannounced
    host.advance(MINUTE);
    expect(replans).toContain('clock-jump');
    const afterForward = raised.map((r) => text(r.alert));
    expect(afterForward).toEqual(expected(START, host.wall));
    host.wall -= 5 * HOUR; // back, to before alerts raised after the jump forward
    host.advance(MINUTE);
    // A change of rules and of a case after it: still nothing raised twice.
    scheduler.replanAll('policy');
    scheduler.caseChanged('S1');
    host.advance(4 * HOUR);
    const all = raised.map((r) => text(r.alert));
    expect(new Set(all).size).toBe(all.length);
    host.advance(3 * DAY);
    expect(raised.map((r) => text(r.alert))).toEqual(expected(START, host.wall));
  });

  it('plans everything again when the time zone changes, raising nothing twice', () => {
    host.advance(30 * MINUTE);
    host.zoneName = 'Europe/Berlin';
    host.advance(MINUTE);
    expect(replans).toEqual(['start', 'time-zone']);
    host.advance(2 * DAY);
    expect(raised.map((r) => text(r.alert))).toEqual(expected(START, host.wall));
  });

  it('plans a changed case again alone: a call made stops its response alerts, the others keep theirs', () => {
    host.advance(5 * MINUTE);
    // The Severity-1 case S1b is called back at 01:40, before its reminder.
    const spec = cases.find((c) => c.id === 'S1b')!;
    timelines.set('S1b', timeline({ ...spec, events: [{ at: '2010-11-27T01:40:00-05:00', type: 'contact', channel: 'phone' }] }));
    host.advance(5 * MINUTE);
    scheduler.caseChanged('S1b');
    host.advance(2 * DAY);
    const texts = raised.map((r) => text(r.alert));
    expect(texts.filter((t) => t.startsWith('S1b') && t.includes('response'))).toEqual([]);
    expect(texts).toContain('S1b reminder resolution 2010-11-28T00:45:00-05:00');
    expect(texts).toContain('S1 breach resolution 2010-11-27T22:00:00-05:00');
    expect(planAllCalls).toBe(1);
  });

  it('goes on raising the other alerts when raising one fails', () => {
    const failures: string[] = [];
    scheduler.stop();
    const seen: string[] = [];
    scheduler = new AlertScheduler({
      clock: host.clock,
      timers: host.timersApi,
      source,
      raise: (alert) => {
        seen.push(text(alert));
        if (seen.length === 1) throw new Error('the notification service is down');
      },
      failed: (alert, error) => failures.push(`${text(alert)}: ${(error as Error).message}`),
    });
    scheduler.start();
    host.advance(DAY);
    expect(failures).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(3);
  });
});
