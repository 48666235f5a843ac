// Review of the SLA engine against docs sla-semantics.md: edge cases the example tests in
// sla-clock.test.ts do not reach. Every instant is worked out by hand from the spec (business
// hours Mon–Fri 08:00–19:00 America/New_York = 11 h a day; 2010 holidays Jan 1, Feb 15, May 31,
// Jul 5, Sep 6, Nov 25, Nov 26, Dec 24, Dec 31).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { defaultPolicyDocument, parsePolicy } from '../../../shared/policy/load-policy';
import { evaluationJson } from '../../../shared/sla/evaluation-json';
import { evaluateCase } from '../../../shared/sla/sla-clock';
import { formatInstant, instantOrThrow } from '../../../shared/time/instant';
import { check, policy, timeline, type CaseSpec } from '../../support/sla-fixtures';

const running = (dueAt: string, breachAt: string) => ({ state: 'running', dueAt, breachAt, metAt: null });
const met = (dueAt: string, breachAt: string, metAt: string) => ({ state: 'met', dueAt, breachAt, metAt });
const breached = (dueAt: string, breachAt: string, metAt: string | null) => ({ state: 'breached', dueAt, breachAt, metAt });
const paused = { state: 'paused', dueAt: null, breachAt: null, metAt: null };
const na = { state: 'not-applicable', dueAt: null, breachAt: null, metAt: null };

// November 2010 (EST, -05:00): Mon 15, Tue 16, Wed 17, Thu 18, Fri 19, Sat 20, Sun 21, Mon 22,
// Tue 23, Wed 24, Thu 25 (Thanksgiving), Fri 26 (holiday), Mon 29, Tue 30; Wed Dec 1 …
const MON = '2010-11-15T09:00:00-05:00';

describe('severity changes and stopped clocks', () => {
  it('keeps a response met under Sev-3 by e-mail when the severity is raised to 1 afterwards', () => {
    const spec = {
      severity: 3,
      loggedAt: MON,
      events: [
        { at: '2010-11-15T11:00:00-05:00', type: 'contact', channel: 'email' },
        { at: '2010-11-15T12:00:00-05:00', type: 'severity', severity: 1 },
      ],
    };
    const r = check(spec, '2010-11-15T14:00:00-05:00');
    // Sev-3 response: 11 business hours from Mon 09:00 = Tue 09:00.
    expect(r.response).toEqual(met('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00', '2010-11-15T11:00:00-05:00'));
    // The resolution clock still runs, so it is judged under Sev-1: 24 real hours from loggedAt.
    expect(r.resolution).toEqual(running('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00'));
    expect(r.escalations).toEqual([]);
    const later = check(spec, '2010-11-16T10:00:00-05:00');
    expect(later.response.state).toBe('met');
    expect(later.resolution).toMatchObject({ state: 'breached', breachAt: '2010-11-16T09:00:00-05:00' });
    expect(later.escalations).toEqual([{ clock: 'resolution', at: '2010-11-16T09:00:00-05:00' }]);
  });

  it('ignores an e-mail contact once Sev-1 is in force; the later phone call stops the clock late', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:20:00-05:00', type: 'severity', severity: 1 },
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-15T10:30:00-05:00', type: 'contact', channel: 'phone' },
        ],
      },
      '2010-11-15T11:00:00-05:00',
    );
    expect(r.response).toEqual(breached('2010-11-15T10:00:00-05:00', '2010-11-15T10:00:00-05:00', '2010-11-15T10:30:00-05:00'));
    expect(r.escalations).toEqual([{ clock: 'response', at: '2010-11-15T10:00:00-05:00' }]);
  });

  it('does not let an e-mail refused under Sev-1 count retroactively when the severity is lowered', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-15T09:45:00-05:00', type: 'severity', severity: 3 },
        ],
      },
      '2010-11-15T12:00:00-05:00',
    );
    expect(r.response).toEqual(running('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00'));
    // Sev-3 resolution: 55 business hours from Mon 09:00 = Mon Nov 22 09:00.
    expect(r.resolution).toEqual(running('2010-11-22T09:00:00-05:00', '2010-11-22T09:00:00-05:00'));
    expect(r.escalations).toEqual([]);
  });

  it('accepts an e-mail at the same instant as a lowering from Sev-1 (severity first)', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-15T09:30:00-05:00', type: 'severity', severity: 2 },
        ],
      },
      '2010-11-15T10:30:00-05:00',
    );
    expect(r.response).toEqual(met('2010-11-15T13:00:00-05:00', '2010-11-15T15:00:00-05:00', '2010-11-15T09:30:00-05:00'));
  });

  it('raising the severity during a pause: paused resolution, response breached under Sev-1', () => {
    const spec = {
      severity: 2,
      loggedAt: MON,
      events: [
        { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
        { at: '2010-11-15T12:00:00-05:00', type: 'severity', severity: 1 },
        { at: '2010-11-16T10:00:00-05:00', type: 'customer-reply' },
      ],
    };
    const during = check(spec, '2010-11-15T13:00:00-05:00');
    expect(during.resolution).toEqual(paused);
    expect(during.response).toEqual(breached('2010-11-15T10:00:00-05:00', '2010-11-15T10:00:00-05:00', null));
    expect(during.escalations).toEqual([{ clock: 'response', at: '2010-11-15T10:00:00-05:00' }]);
    expect(during.autoCloseAt).toBe('2010-11-25T10:00:00-05:00');
    // After the reply: 1 h counted, 24 real hours paused (24×7 excludes them too), 23 h to go.
    const after = check(spec, '2010-11-16T11:00:00-05:00');
    expect(after.resolution).toEqual(running('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00'));
    expect(after.autoCloseAt).toBeNull();
  });

  it('raising the severity during a pause breaches at once when the new target passed before the pause', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:10:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-16T12:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-16T14:00:00-05:00', type: 'severity', severity: 1 },
        ],
      },
      '2010-11-16T15:00:00-05:00',
    );
    expect(r.response).toEqual(met('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00', '2010-11-15T09:10:00-05:00'));
    // Sev-1: 24 h from Mon 09:00 = Tue 09:00, before the pause at Tue 12:00.
    expect(r.resolution).toEqual(breached('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00', null));
    expect(r.escalations).toEqual([{ clock: 'resolution', at: '2010-11-16T09:00:00-05:00' }]);
  });

  it('lowering the severity during a pause clears the breach and escalation of the (not stopped) resolution clock', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:10:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-16T12:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-16T14:00:00-05:00', type: 'severity', severity: 3 },
        ],
      },
      '2010-11-16T15:00:00-05:00',
    );
    // Sev-3: 10 h Monday + 4 h Tuesday = 14 of 55 business hours, then the open pause.
    expect(r.resolution).toEqual(paused);
    expect(r.response).toEqual(met('2010-11-15T10:00:00-05:00', '2010-11-15T10:00:00-05:00', '2010-11-15T09:10:00-05:00'));
    expect(r.escalations).toEqual([]);
  });

  it('lowering the severity during a pause: Sev-3 business time after the reply', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-15T11:00:00-05:00', type: 'severity', severity: 3 },
          { at: '2010-11-16T10:00:00-05:00', type: 'customer-reply' },
        ],
      },
      '2010-11-16T12:00:00-05:00',
    );
    // 1 h Monday, pause Mon 10:00–Tue 10:00 (11 business hours), then 9 + 11×4 + 1 = 54 → Tue Nov 23 09:00.
    expect(r.resolution).toEqual(running('2010-11-23T09:00:00-05:00', '2010-11-23T09:00:00-05:00'));
    expect(r.response).toEqual(met('2010-11-15T10:00:00-05:00', '2010-11-15T10:00:00-05:00', '2010-11-15T09:30:00-05:00'));
  });
});

describe('pauses', () => {
  it('excludes several spells, one across a weekend, by the business time they cover', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: '2010-11-18T09:00:00-05:00',
        events: [
          { at: '2010-11-18T10:00:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-18T17:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-22T09:00:00-05:00', type: 'customer-reply' },
          { at: '2010-11-22T15:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-22T16:00:00-05:00', type: 'status', status: 'in-progress' },
        ],
      },
      '2010-11-22T17:00:00-05:00',
    );
    // Thu 09–17 (8) + Mon 09–15 (6) + Mon 16–19 (3) + Tue 08–13 (5) = 22.
    expect(r.resolution).toEqual(running('2010-11-23T13:00:00-05:00', '2010-11-23T13:00:00-05:00'));
    expect(r.response).toEqual(met('2010-11-18T13:00:00-05:00', '2010-11-18T15:00:00-05:00', '2010-11-18T10:00:00-05:00'));
    expect(r.autoCloseAt).toBeNull();
  });

  it('excludes only the business hours of a pause spanning Thanksgiving', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: '2010-11-24T09:00:00-05:00',
        events: [
          { at: '2010-11-24T10:00:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-24T18:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-29T09:00:00-05:00', type: 'customer-reply' },
        ],
      },
      '2010-11-29T10:00:00-05:00',
    );
    // Wed 09–18 (9) + Mon 09–19 (10) + Tue, Wed, Thu (33) + Fri Dec 3 08–11 (3) = 55.
    expect(r.resolution).toEqual(running('2010-12-03T11:00:00-05:00', '2010-12-03T11:00:00-05:00'));
    // Response: Wed 09–19 (10) + Mon 08–09 (1).
    expect(r.response).toEqual(met('2010-11-29T09:00:00-05:00', '2010-11-29T09:00:00-05:00', '2010-11-24T10:00:00-05:00'));
  });

  it('excludes real time of a 24×7 pause, a real 25 hours across the autumn DST change', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: '2010-11-06T10:00:00-04:00',
        events: [
          { at: '2010-11-06T10:15:00-04:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-06T11:00:00-04:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-07T11:00:00-05:00', type: 'customer-reply' },
        ],
      },
      '2010-11-07T12:00:00-05:00',
    );
    // 1 h counted, 23 h left from Sun 11:00 EST.
    expect(r.resolution).toEqual(running('2010-11-08T10:00:00-05:00', '2010-11-08T10:00:00-05:00'));
  });

  it('excludes a weekend pause from a Sev-1 (24×7) clock', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: '2010-11-20T10:00:00-05:00',
        events: [
          { at: '2010-11-20T10:15:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-20T12:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-21T12:00:00-05:00', type: 'customer-reply' },
        ],
      },
      '2010-11-21T13:00:00-05:00',
    );
    expect(r.resolution).toEqual(running('2010-11-22T10:00:00-05:00', '2010-11-22T10:00:00-05:00'));
  });

  it('clips a pause at a resolution inside it', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-16T10:00:00-05:00', type: 'status', status: 'resolved' },
        ],
      },
      '2010-11-16T11:00:00-05:00',
    );
    // 1 h + (pause Mon 10:00–Tue 10:00) + Tue 10–19 (9) + Wed (11) + Thu 08–09 (1) = 22.
    expect(r.resolution).toEqual(met('2010-11-18T09:00:00-05:00', '2010-11-18T09:00:00-05:00', '2010-11-16T10:00:00-05:00'));
  });

  it('counts a pause that began before loggedAt only from loggedAt on', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T08:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-15T10:00:00-05:00', type: 'customer-reply' },
        ],
      },
      '2010-11-15T11:00:00-05:00',
    );
    // 22 business hours from Mon 09:00 = Wed 09:00, plus the 1 h paused after loggedAt.
    expect(r.resolution).toEqual(running('2010-11-17T10:00:00-05:00', '2010-11-17T10:00:00-05:00'));
  });
});

describe('first report time at the edges of business hours', () => {
  it('starts a case logged on a holiday (Thanksgiving) at the next opening, Monday 08:00', () => {
    const r = check({ severity: 2, loggedAt: '2010-11-25T10:00:00-05:00' }, '2010-11-25T12:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-29T12:00:00-05:00', '2010-11-29T14:00:00-05:00'));
    expect(r.resolution).toEqual(running('2010-11-30T19:00:00-05:00', '2010-11-30T19:00:00-05:00'));
  });

  it('starts a case logged at exactly 19:00 at 08:00 the next business day', () => {
    const r = check({ severity: 3, loggedAt: '2010-11-15T19:00:00-05:00' }, '2010-11-15T20:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-16T19:00:00-05:00', '2010-11-16T19:00:00-05:00'));
    expect(r.resolution).toEqual(running('2010-11-22T19:00:00-05:00', '2010-11-22T19:00:00-05:00'));
  });

  it('counts from 08:00 sharp and ends a full day at 19:00 the same day', () => {
    const r = check({ severity: 3, loggedAt: '2010-11-15T08:00:00-05:00' }, '2010-11-15T09:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-15T19:00:00-05:00', '2010-11-15T19:00:00-05:00'));
    expect(r.resolution).toEqual(running('2010-11-19T19:00:00-05:00', '2010-11-19T19:00:00-05:00'));
    const friday = check({ severity: 2, loggedAt: '2010-11-19T08:00:00-05:00' }, '2010-11-19T09:00:00-05:00');
    expect(friday.resolution).toEqual(running('2010-11-22T19:00:00-05:00', '2010-11-22T19:00:00-05:00'));
  });

  it('skips the observed New Year (Fri Dec 31, 2010) and Christmas (Fri Dec 24)', () => {
    const r = check({ severity: 2, loggedAt: '2010-12-23T15:00:00-05:00' }, '2010-12-23T16:00:00-05:00');
    // Thu 15–19 (4) = due at 19:00; breach 2 h into Mon Dec 27.
    expect(r.response).toEqual(running('2010-12-23T19:00:00-05:00', '2010-12-27T10:00:00-05:00'));
    // 4 + Mon 27 (11) + Tue 28 08–15 (7) = 22.
    expect(r.resolution).toEqual(running('2010-12-28T15:00:00-05:00', '2010-12-28T15:00:00-05:00'));
    const ny = check({ severity: 2, loggedAt: '2010-12-30T18:00:00-05:00' }, '2010-12-30T18:30:00-05:00');
    expect(ny.response).toEqual(running('2011-01-03T11:00:00-05:00', '2011-01-03T13:00:00-05:00'));
  });
});

describe('auto-close', () => {
  it('closes a spell begun on a Saturday 10 calendar days later, stopping the resolution clock', () => {
    const spec = {
      severity: 3,
      loggedAt: '2010-11-12T09:00:00-05:00',
      events: [
        { at: '2010-11-12T10:00:00-05:00', type: 'contact', channel: 'email' },
        { at: '2010-11-13T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
      ],
    };
    const before = check(spec, '2010-11-22T09:00:00-05:00');
    expect(before.autoCloseAt).toBe('2010-11-23T10:00:00-05:00');
    expect(before.resolution).toEqual(paused);
    const after = check(spec, '2010-11-24T09:00:00-05:00');
    expect(after.autoCloseAt).toBeNull();
    // 10 h Friday, paused Sat 13 10:00–Tue 23 10:00, then Tue 9 + Wed 11 + Mon 29 11 + Tue 30 11 +
    // Wed Dec 1 08–11 (3) = 55.
    expect(after.resolution).toEqual(met('2010-12-01T11:00:00-05:00', '2010-12-01T11:00:00-05:00', '2010-11-23T10:00:00-05:00'));
    expect(after.response).toEqual(met('2010-11-15T09:00:00-05:00', '2010-11-15T09:00:00-05:00', '2010-11-12T10:00:00-05:00'));
  });

  const heldThenNewSpell = {
    severity: 3,
    loggedAt: MON,
    events: [
      { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'email' },
      { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
      { at: '2010-11-16T10:00:00-05:00', type: 'auto-close-hold', note: 'customer travelling' },
      { at: '2010-11-29T10:00:00-05:00', type: 'customer-reply' },
      { at: '2010-11-30T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
    ],
  };

  it('a hold cancels only the current spell: after a reply, a new spell gets its own 10-day close', () => {
    // The original close (Nov 25 10:00) was held: nothing happened then.
    const mid = check(heldThenNewSpell, '2010-11-26T09:00:00-05:00');
    expect(mid.autoCloseAt).toBeNull();
    expect(mid.resolution).toEqual(paused);
    const r = check(heldThenNewSpell, '2010-12-01T09:00:00-05:00');
    expect(r.autoCloseAt).toBe('2010-12-10T10:00:00-05:00');
    expect(r.resolution).toEqual(paused);
    expect(check(heldThenNewSpell, '2010-12-10T09:59:59-05:00').autoCloseAt).toBe('2010-12-10T10:00:00-05:00');
  });

  it('at an evaluation instant equal to the close instant the close has happened', () => {
    const r = check(heldThenNewSpell, '2010-12-10T10:00:00-05:00');
    expect(r.autoCloseAt).toBeNull();
    // 1 h Mon 15 + Mon 29 10–19 (9) + Tue 30 08–10 (2) = 12; then Fri Dec 10 10–19 (9) + Mon, Tue,
    // Wed (33) + Thu Dec 16 08–09 (1) = 55.
    expect(r.resolution).toEqual(met('2010-12-16T09:00:00-05:00', '2010-12-16T09:00:00-05:00', '2010-12-10T10:00:00-05:00'));
  });

  it('a hold at exactly the close instant comes first and cancels the close', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-25T10:00:00-05:00', type: 'auto-close-hold' },
        ],
      },
      '2010-11-26T09:00:00-05:00',
    );
    expect(r.autoCloseAt).toBeNull();
    expect(r.resolution).toEqual(paused);
  });

  it('a hold before the spell began does not cancel its close', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'auto-close-hold' },
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
        ],
      },
      '2010-11-16T09:00:00-05:00',
    );
    expect(r.autoCloseAt).toBe('2010-11-25T10:00:00-05:00');
  });

  it('an event of an unknown type at the close instant does not prevent the close', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-16T10:00:00-05:00', type: 'note', text: 'left a voicemail' },
          { at: '2010-11-25T10:00:00-05:00', type: 'reminder-sent' },
        ],
      },
      '2010-11-26T09:00:00-05:00',
    );
    expect(r.autoCloseAt).toBeNull();
    // 1 h, pause to Thu 25 10:00, Thanksgiving and Friday off, Mon 29 (11) + Tue 30 08–18 (10) = 22.
    expect(r.resolution).toEqual(met('2010-11-30T18:00:00-05:00', '2010-11-30T18:00:00-05:00', '2010-11-25T10:00:00-05:00'));
  });

  it('a severity change at the close instant comes first and judges the closed clock', () => {
    const spec = (sevAt: string) => ({
      severity: 3,
      loggedAt: MON,
      events: [
        { at: '2010-11-15T09:10:00-05:00', type: 'contact', channel: 'email' },
        { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
        { at: sevAt, type: 'severity', severity: 1 },
      ],
    });
    // Sev-1: 1 h counted, paused to Thu 25 10:00, 23 h left.
    expect(check(spec('2010-11-25T10:00:00-05:00'), '2010-11-30T09:00:00-05:00').resolution).toEqual(
      met('2010-11-26T09:00:00-05:00', '2010-11-26T09:00:00-05:00', '2010-11-25T10:00:00-05:00'),
    );
    // One minute after the close, the stopped clock keeps its Sev-3 result: 1 h + Mon 29 … Thu Dec 2
    // (44) + Fri Dec 3 08–18 (10) = 55.
    expect(check(spec('2010-11-25T10:01:00-05:00'), '2010-11-30T09:00:00-05:00').resolution).toEqual(
      met('2010-12-03T18:00:00-05:00', '2010-12-03T18:00:00-05:00', '2010-11-25T10:00:00-05:00'),
    );
  });

  it('closes a feature request too, but its clocks stay not applicable', () => {
    const r = check(
      {
        severity: 3,
        type: 'feature-request',
        loggedAt: MON,
        events: [{ at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' }],
      },
      '2010-11-16T09:00:00-05:00',
    );
    expect(r.response).toEqual(na);
    expect(r.resolution).toEqual(na);
    expect(r.escalations).toEqual([]);
    // The close is a rule of the case, not a clock: it is still pending.
    expect(r.autoCloseAt).toBe('2010-11-25T10:00:00-05:00');
  });

  it('an auto-closed case without a contact keeps its response clock running and breaching', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: MON,
        events: [{ at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' }],
      },
      '2010-11-26T09:00:00-05:00',
    );
    expect(r.response).toEqual(breached('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00', null));
    expect(r.resolution.metAt).toBe('2010-11-25T10:00:00-05:00');
    expect(r.escalations).toEqual([{ clock: 'response', at: '2010-11-16T09:00:00-05:00' }]);
  });
});

describe('third-party', () => {
  it('leaves a resolution clock already stopped by an auto-close with its result', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-26T10:00:00-05:00', type: 'third-party', vendor: 'Acme MTA' },
        ],
      },
      '2010-11-29T09:00:00-05:00',
    );
    expect(r.resolution).toEqual(met('2010-11-30T18:00:00-05:00', '2010-11-30T18:00:00-05:00', '2010-11-25T10:00:00-05:00'));
    // The response clock was never stopped (no contact): not applicable, its breach forgotten.
    expect(r.response).toEqual(na);
    expect(r.escalations).toEqual([]);
    expect(r.autoCloseAt).toBeNull();
  });

  it('at the close instant itself, comes first: the close then stops nothing', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-25T10:00:00-05:00', type: 'third-party' },
        ],
      },
      '2010-11-29T09:00:00-05:00',
    );
    expect(r.resolution).toEqual(na);
    expect(r.response).toEqual(met('2010-11-15T13:00:00-05:00', '2010-11-15T15:00:00-05:00', '2010-11-15T09:30:00-05:00'));
  });

  it('keeps a late contact breached (stopped before the finding) with its escalation', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T16:00:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-16T09:00:00-05:00', type: 'third-party' },
        ],
      },
      '2010-11-18T09:00:00-05:00',
    );
    expect(r.response).toEqual(breached('2010-11-15T13:00:00-05:00', '2010-11-15T15:00:00-05:00', '2010-11-15T16:00:00-05:00'));
    expect(r.resolution).toEqual(na);
    expect(r.escalations).toEqual([{ clock: 'response', at: '2010-11-15T15:00:00-05:00' }]);
  });

  it('ignores a contact after the finding (the response clock stays not applicable)', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T10:00:00-05:00', type: 'third-party' },
          { at: '2010-11-15T11:00:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-15T12:00:00-05:00', type: 'workaround' },
        ],
      },
      '2010-11-15T13:00:00-05:00',
    );
    expect(r.response).toEqual(na);
    expect(r.resolution).toEqual(na);
  });
});

describe('feature requests, unknown events, events before loggedAt', () => {
  it('runs no response clock for a feature request, whatever the severity and contacts', () => {
    const r = check(
      {
        severity: 1,
        type: 'feature-request',
        loggedAt: MON,
        events: [
          { at: '2010-11-15T12:00:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-16T12:00:00-05:00', type: 'workaround' },
        ],
      },
      '2010-11-20T09:00:00-05:00',
    );
    expect(r.response).toEqual(na);
    expect(r.resolution).toEqual(na);
    expect(r.escalations).toEqual([]);
  });

  it('ignores events of unknown types', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'internal-note', text: 'looking' },
          { at: '2010-11-15T10:00:00-05:00', type: 'escalation-call', channel: 'phone' },
          { at: '2010-11-15T10:30:00-05:00', type: 'status-change', status: 'resolved' },
        ],
      },
      '2010-11-15T16:00:00-05:00',
    );
    expect(r.response).toEqual(breached('2010-11-15T13:00:00-05:00', '2010-11-15T15:00:00-05:00', null));
    expect(r.resolution).toEqual(running('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00'));
    expect(r.escalations).toEqual([{ clock: 'response', at: '2010-11-15T15:00:00-05:00' }]);
  });

  it('a contact recorded before loggedAt is the first contact: met, metAt before the start', () => {
    const r = check(
      { severity: 2, loggedAt: MON, events: [{ at: '2010-11-15T08:50:00-05:00', type: 'contact', channel: 'phone' }] },
      '2010-11-15T16:00:00-05:00',
    );
    expect(r.response).toEqual(met('2010-11-15T13:00:00-05:00', '2010-11-15T15:00:00-05:00', '2010-11-15T08:50:00-05:00'));
  });
});

describe('met versus breached at the breach instant', () => {
  // Sev-2 from Mon 09:00: resolution due and breach Wed Nov 17 09:00.
  it('a work-around delivered exactly at the breach instant is met, with no escalation', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:05:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-17T09:00:00-05:00', type: 'workaround' },
        ],
      },
      '2010-11-18T09:00:00-05:00',
    );
    expect(r.resolution).toEqual(met('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00'));
    expect(r.escalations).toEqual([]);
  });

  it('one second later it is breached, escalated at the breach instant', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [
          { at: '2010-11-15T09:05:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-17T09:00:01-05:00', type: 'workaround' },
        ],
      },
      '2010-11-18T09:00:00-05:00',
    );
    expect(r.resolution).toEqual(breached('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00', '2010-11-17T09:00:01-05:00'));
    expect(r.escalations).toEqual([{ clock: 'resolution', at: '2010-11-17T09:00:00-05:00' }]);
  });

  it('a resolution reached exactly at 19:00 on Friday is due then, and a work-around at Monday 08:00 is late', () => {
    const r = check(
      {
        severity: 3,
        loggedAt: '2010-11-15T08:00:00-05:00',
        events: [
          { at: '2010-11-15T08:30:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-22T08:00:00-05:00', type: 'workaround' },
        ],
      },
      '2010-11-22T09:00:00-05:00',
    );
    expect(r.resolution).toEqual(breached('2010-11-19T19:00:00-05:00', '2010-11-19T19:00:00-05:00', '2010-11-22T08:00:00-05:00'));
    expect(r.escalations).toEqual([{ clock: 'resolution', at: '2010-11-19T19:00:00-05:00' }]);
  });
});

describe('a pause beginning exactly at the breach instant', () => {
  // Sev-2 from Mon 09:00: resolution breach Wed Nov 17 09:00.
  const spec = (at: string) => ({
    severity: 2,
    loggedAt: MON,
    events: [
      { at: '2010-11-15T09:05:00-05:00', type: 'contact', channel: 'phone' },
      { at, type: 'status', status: 'awaiting-customer' },
    ],
  });

  it('is too late: the target was reached as the pause began, so the clock is breached', () => {
    const r = check(spec('2010-11-17T09:00:00-05:00'), '2010-11-17T10:00:00-05:00');
    expect(r.resolution).toEqual(breached('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00', null));
    expect(r.escalations).toEqual([{ clock: 'resolution', at: '2010-11-17T09:00:00-05:00' }]);
  });

  it('one minute earlier, it holds the clock paused, not breached', () => {
    const r = check(spec('2010-11-17T08:59:00-05:00'), '2010-11-17T10:00:00-05:00');
    expect(r.resolution).toEqual(paused);
    expect(r.escalations).toEqual([]);
  });
});

describe('holidays added and removed by the user', () => {
  it('closes an added date and opens a removed one', () => {
    const doc = structuredClone(defaultPolicyDocument()) as { holidays: { add: unknown[]; remove: string[] } };
    doc.holidays.add = [{ date: '2010-11-22', name: 'Company offsite' }];
    doc.holidays.remove = ['2010-11-26'];
    const custom = compilePolicy(parsePolicy(doc));
    const spec = { severity: 3, loggedAt: '2010-11-19T18:00:00-05:00' };
    const r = evaluationJson(evaluateCase(timeline(spec), custom, instantOrThrow('2010-11-19T18:30:00-05:00')), custom.zone);
    // Fri 1 h, Mon 22 closed, Tue 23 08–18 (10) = 11.
    expect(r.response).toEqual(running('2010-11-23T18:00:00-05:00', '2010-11-23T18:00:00-05:00'));
    // 1 + Tue 11 + Wed 11 + (Thu 25 closed) Fri 26 11 + Mon 29 11 + Tue 30 08–18 (10) = 55.
    expect(r.resolution).toEqual(running('2010-11-30T18:00:00-05:00', '2010-11-30T18:00:00-05:00'));
  });
});

describe('the evaluation instant', () => {
  it('reports a Sev-1 case logged after it with both clocks running in the future', () => {
    const r = check({ severity: 1, loggedAt: '2010-11-16T09:00:00-05:00' }, '2010-11-15T09:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-16T10:00:00-05:00', '2010-11-16T10:00:00-05:00'));
    expect(r.resolution).toEqual(running('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00'));
    expect(r.escalations).toEqual([]);
    expect(r.autoCloseAt).toBeNull();
  });

  it('ignores a spell starting after it, however long it would pause', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: MON,
        events: [{ at: '2010-11-15T12:00:00-05:00', type: 'status', status: 'awaiting-customer' }],
      },
      '2010-11-15T11:59:59-05:00',
    );
    expect(r.resolution).toEqual(running('2010-11-17T09:00:00-05:00', '2010-11-17T09:00:00-05:00'));
    expect(r.autoCloseAt).toBeNull();
  });
});

// Properties the spec implies for any timeline, checked on random ones (events on a half-hour grid
// so that same-instant ties and auto-close instants come up).
describe('spec invariants on random timelines', () => {
  const BASE = instantOrThrow('2010-11-01T00:00:00-04:00');
  const HALF_HOUR = 30 * 60_000;
  const iso = (ms: number) => formatInstant(ms, policy.zone);
  const slot = fc.integer({ min: 0, max: 60 * 48 }); // 60 days of half hours
  const event = fc.oneof(
    fc.record({ type: fc.constant('contact'), channel: fc.constantFrom('phone', 'email', 'onsite', 'remote') }),
    { arbitrary: fc.record({ type: fc.constant('status'), status: fc.constantFrom('awaiting-customer') }), weight: 3 },
    fc.record({ type: fc.constant('status'), status: fc.constantFrom('new', 'in-progress', 'resolved', 'closed') }),
    { arbitrary: fc.constant({ type: 'customer-reply' }), weight: 2 },
    fc.constant({ type: 'auto-close-hold' }),
    fc.constant({ type: 'workaround' }),
    { arbitrary: fc.record({ type: fc.constant('severity'), severity: fc.integer({ min: 1, max: 3 }) }), weight: 2 },
    fc.constant({ type: 'third-party', vendor: 'Acme' }),
  );
  const caseArb = fc
    .record({
      severity: fc.integer({ min: 1, max: 3 }),
      type: fc.constantFrom('problem', 'problem', 'problem', 'feature-request') as fc.Arbitrary<'problem' | 'feature-request'>,
      logged: fc.integer({ min: 0, max: 10 * 48 }),
      events: fc.array(fc.tuple(slot, event), { maxLength: 10 }),
    })
    .map(({ severity, type, logged, events }): CaseSpec => ({
      severity,
      type,
      loggedAt: iso(BASE + logged * HALF_HOUR),
      events: events.map(([at, e]) => ({ at: iso(BASE + at * HALF_HOUR), ...e })),
    }));
  const evalAt = fc.integer({ min: 0, max: 70 * 48 * 30 }).map((m) => BASE + m * 60_000);
  const RUNS = { numRuns: Number(process.env.REVIEW_RUNS ?? 300) };

  it('a stopped (or not-applicable) clock keeps its result at every later evaluation instant', () => {
    fc.assert(
      fc.property(caseArb, evalAt, evalAt, (spec, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        if (a < instantOrThrow(spec.loggedAt)) return;
        const ra = check(spec, iso(a));
        const rb = check(spec, iso(b));
        for (const clock of ['response', 'resolution'] as const) {
          if (ra[clock].metAt !== null || ra[clock].state === 'not-applicable') expect(rb[clock]).toEqual(ra[clock]);
        }
      }),
      RUNS,
    );
  });

  it('reports consistent states, escalations and a future auto-close', () => {
    fc.assert(
      fc.property(caseArb, evalAt, (spec, at) => {
        const r = check(spec, iso(at));
        const expected: { clock: string; at: string }[] = [];
        for (const clock of ['response', 'resolution'] as const) {
          const c = r[clock];
          const t = (s: string | null) => (s === null ? Number.NaN : instantOrThrow(s));
          if (c.state === 'paused' || c.state === 'not-applicable') expect([c.dueAt, c.breachAt, c.metAt]).toEqual([null, null, null]);
          if (c.state === 'running') {
            expect(c.metAt).toBeNull();
            expect(t(c.breachAt)).toBeGreaterThan(at);
          }
          if (c.state === 'met') expect(t(c.metAt)).toBeLessThanOrEqual(t(c.breachAt));
          if (c.state === 'breached') {
            expect(t(c.breachAt)).toBeLessThanOrEqual(at);
            if (c.metAt !== null) expect(t(c.metAt)).toBeGreaterThan(t(c.breachAt));
            expected.push({ clock, at: c.breachAt! });
          }
          if (c.metAt !== null) expect(t(c.metAt)).toBeLessThanOrEqual(at);
          if (c.breachAt !== null) expect(t(c.dueAt)).toBeLessThanOrEqual(t(c.breachAt));
          else expect(c.state).toBeOneOf(['paused', 'not-applicable']);
        }
        expected.sort((p, q) => instantOrThrow(p.at) - instantOrThrow(q.at));
        expect(r.escalations).toEqual(expected);
        if (r.autoCloseAt !== null) expect(instantOrThrow(r.autoCloseAt)).toBeGreaterThan(at);
        if (spec.type === 'feature-request') expect([r.response.state, r.resolution.state]).toEqual(['not-applicable', 'not-applicable']);
      }),
      RUNS,
    );
  });

  it('events of unknown types change nothing', () => {
    fc.assert(
      fc.property(caseArb, fc.array(slot, { minLength: 1, maxLength: 4 }), evalAt, (spec, notes, at) => {
        const noisy = { ...spec, events: [...spec.events!, ...notes.map((n) => ({ at: iso(BASE + n * HALF_HOUR), type: 'note', text: 'x' }))] };
        expect(check(noisy, iso(at))).toEqual(check(spec, iso(at)));
      }),
      RUNS,
    );
  });

  it('with nothing happening between two evaluation instants, a running clock keeps its instants (and breaches on time)', () => {
    fc.assert(
      fc.property(caseArb, evalAt, evalAt, (spec, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const logged = instantOrThrow(spec.loggedAt);
        if (a < logged) return;
        if (spec.events!.some((e) => instantOrThrow(e.at as string) > a && instantOrThrow(e.at as string) <= b)) return;
        const ra = check(spec, iso(a));
        if (ra.autoCloseAt !== null && instantOrThrow(ra.autoCloseAt) <= b) return;
        const rb = check(spec, iso(b));
        for (const clock of ['response', 'resolution'] as const) {
          const c = ra[clock];
          if (c.state === 'running') {
            const breachedByB = instantOrThrow(c.breachAt!) <= b;
            expect(rb[clock]).toEqual({ ...c, state: breachedByB ? 'breached' : 'running' });
          } else {
            expect(rb[clock]).toEqual(c);
          }
        }
        expect(rb.autoCloseAt).toBe(ra.autoCloseAt);
      }),
      RUNS,
    );
  });
});
