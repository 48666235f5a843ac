// One example for every rule and every example of docs sla-semantics.md, under the default policy.
import { describe, expect, it } from 'vitest';
import { check } from '../../support/sla-fixtures';

const running = (dueAt: string, breachAt: string) => ({ state: 'running', dueAt, breachAt, metAt: null });

describe('business-hour targets', () => {
  it('counts "within 1 day" as 11 business hours: Tuesday 10:00 is due Wednesday 10:00', () => {
    const r = check({ severity: 3, loggedAt: '2010-11-16T10:00:00-05:00' }, '2010-11-16T12:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-17T10:00:00-05:00', '2010-11-17T10:00:00-05:00'));
    // One week = 5 business days of 11 hours.
    expect(r.resolution).toEqual(running('2010-11-23T10:00:00-05:00', '2010-11-23T10:00:00-05:00'));
  });

  it('starts a case logged outside business hours at the next opening', () => {
    const r = check({ severity: 2, loggedAt: '2010-11-20T12:00:00-05:00' }, '2010-11-20T13:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-22T12:00:00-05:00', '2010-11-22T14:00:00-05:00'));
  });

  it('puts a target reached exactly at closing time at 19:00 that day, not 08:00 the next', () => {
    const r = check({ severity: 2, loggedAt: '2010-11-15T15:00:00-05:00' }, '2010-11-15T16:00:00-05:00');
    expect(r.response).toEqual(running('2010-11-15T19:00:00-05:00', '2010-11-16T10:00:00-05:00'));
  });

  it('skips Thanksgiving, the day after and the weekend (the format example C-1001)', () => {
    const r = check(
      {
        id: 'C-1001',
        severity: 2,
        loggedAt: '2010-11-24T17:30:00-05:00',
        events: [{ at: '2010-11-29T09:10:00-05:00', type: 'contact', channel: 'phone' }],
      },
      '2010-11-29T12:00:00-05:00',
    );
    expect(r.response).toEqual({
      state: 'met',
      dueAt: '2010-11-29T10:30:00-05:00',
      breachAt: '2010-11-29T12:30:00-05:00',
      metAt: '2010-11-29T09:10:00-05:00',
    });
    // 1h30 Wednesday + 11h Monday + 9h30 Tuesday = 22 business hours.
    expect(r.resolution).toEqual(running('2010-11-30T17:30:00-05:00', '2010-11-30T17:30:00-05:00'));
    expect(r.escalations).toEqual([]);
  });

  it('keeps business hours at 08:00–19:00 local across the spring DST change', () => {
    const r = check({ severity: 2, loggedAt: '2010-03-12T17:00:00-05:00' }, '2010-03-12T18:00:00-05:00');
    expect(r.response).toEqual(running('2010-03-15T10:00:00-04:00', '2010-03-15T12:00:00-04:00'));
  });
});

describe('24×7 targets', () => {
  it('counts Severity-1 around the clock, 24 real hours across the autumn DST change', () => {
    const r = check({ severity: 1, loggedAt: '2010-11-06T12:00:00-04:00' }, '2010-11-06T12:30:00-04:00');
    expect(r.response).toEqual(running('2010-11-06T13:00:00-04:00', '2010-11-06T13:00:00-04:00'));
    expect(r.resolution).toEqual(running('2010-11-07T11:00:00-05:00', '2010-11-07T11:00:00-05:00'));
  });

  it('answers a Severity-1 response by phone only', () => {
    const spec = {
      severity: 1,
      loggedAt: '2010-11-06T02:00:00-04:00',
      events: [
        { at: '2010-11-06T02:20:00-04:00', type: 'contact', channel: 'email' },
        { at: '2010-11-06T02:40:00-04:00', type: 'contact', channel: 'phone' },
      ],
    };
    expect(check(spec, '2010-11-06T02:30:00-04:00').response.state).toBe('running');
    expect(check(spec, '2010-11-06T02:50:00-04:00').response).toEqual({
      state: 'met',
      dueAt: '2010-11-06T03:00:00-04:00',
      breachAt: '2010-11-06T03:00:00-04:00',
      metAt: '2010-11-06T02:40:00-04:00',
    });
  });
});

describe('stopping the clocks', () => {
  it('stops the response clock at the first contact in any channel for Severity-2 and -3', () => {
    const r = check(
      { severity: 3, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T11:00:00-05:00', type: 'contact', channel: 'email' }] },
      '2010-11-15T12:00:00-05:00',
    );
    expect(r.response.state).toBe('met');
    expect(r.response.metAt).toBe('2010-11-15T11:00:00-05:00');
  });

  it('counts a contact exactly at the breach instant as met', () => {
    const r = check(
      { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T15:00:00-05:00', type: 'contact', channel: 'remote' }] },
      '2010-11-15T16:00:00-05:00',
    );
    expect(r.response.state).toBe('met');
  });

  it('reports a late contact as breached, with its metAt and an escalation at the breach instant', () => {
    const r = check(
      { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T16:00:00-05:00', type: 'contact', channel: 'phone' }] },
      '2010-11-15T17:00:00-05:00',
    );
    expect(r.response).toEqual({
      state: 'breached',
      dueAt: '2010-11-15T13:00:00-05:00',
      breachAt: '2010-11-15T15:00:00-05:00',
      metAt: '2010-11-15T16:00:00-05:00',
    });
    expect(r.escalations).toEqual([{ clock: 'response', at: '2010-11-15T15:00:00-05:00' }]);
  });

  it('keeps the response clock running when a case is resolved without any contact', () => {
    const r = check(
      { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'resolved' }] },
      '2010-11-16T09:00:00-05:00',
    );
    expect(r.response.state).toBe('breached');
    expect(r.resolution.state).toBe('met');
    expect(r.resolution.metAt).toBe('2010-11-15T10:00:00-05:00');
    expect(r.escalations).toEqual([{ clock: 'response', at: '2010-11-15T15:00:00-05:00' }]);
  });

  it.each([
    [{ type: 'workaround' }],
    [{ type: 'status', status: 'resolved' }],
    [{ type: 'status', status: 'closed' }],
  ])('stops the resolution clock at %o', (event) => {
    const r = check(
      { severity: 3, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-16T10:00:00-05:00', ...event }] },
      '2010-11-30T09:00:00-05:00',
    );
    expect(r.resolution).toMatchObject({ state: 'met', metAt: '2010-11-16T10:00:00-05:00' });
  });

  it('escalates both clocks at their breach instants, earliest first', () => {
    const r = check({ severity: 1, loggedAt: '2010-11-15T09:00:00-05:00' }, '2010-11-17T09:00:00-05:00');
    expect(r.escalations).toEqual([
      { clock: 'response', at: '2010-11-15T10:00:00-05:00' },
      { clock: 'resolution', at: '2010-11-16T09:00:00-05:00' },
    ]);
  });
});

describe('pauses while awaiting the customer', () => {
  const base = { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00' };

  it('pauses the resolution clock (instants unknown) but never the response clock', () => {
    const r = check({ ...base, events: [{ at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' }] }, '2010-11-15T12:00:00-05:00');
    expect(r.resolution).toEqual({ state: 'paused', dueAt: null, breachAt: null, metAt: null });
    expect(r.response).toEqual(running('2010-11-15T13:00:00-05:00', '2010-11-15T15:00:00-05:00'));
  });

  it('moves the deadline out by the business time spent waiting, once the customer replies', () => {
    const r = check(
      {
        ...base,
        events: [
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-15T12:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-15T14:00:00-05:00', type: 'customer-reply' },
        ],
      },
      '2010-11-15T15:00:00-05:00',
    );
    // 22 business hours from Mon 09:00 is Wed 09:00; 4 paused hours push it to Wed 13:00.
    expect(r.resolution).toEqual(running('2010-11-17T13:00:00-05:00', '2010-11-17T13:00:00-05:00'));
  });

  it('ends a pause at any other status change', () => {
    const r = check(
      {
        ...base,
        events: [
          { at: '2010-11-15T10:00:00-05:00', type: 'status', status: 'awaiting-customer' },
          { at: '2010-11-15T11:00:00-05:00', type: 'status', status: 'in-progress' },
        ],
      },
      '2010-11-15T12:00:00-05:00',
    );
    expect(r.resolution).toEqual(running('2010-11-17T10:00:00-05:00', '2010-11-17T10:00:00-05:00'));
  });
});

describe('auto-close after 10 days without an answer', () => {
  // A Severity-3 case, logged at 09:00 the working day before, that starts waiting for the customer.
  const dayBefore: Record<string, string> = {
    '2010-11-01': '2010-10-29T09:00:00-04:00',
    '2010-10-21': '2010-10-20T09:00:00-04:00',
    '2010-03-04': '2010-03-03T09:00:00-05:00',
    '2010-10-28': '2010-10-27T09:00:00-04:00',
  };
  const waiting = (at: string, more: Record<string, unknown>[] = []) => ({
    severity: 3,
    loggedAt: dayBefore[at.slice(0, 10)]!,
    events: [{ at, type: 'status', status: 'awaiting-customer' }, ...more],
  });

  it('reports the pending close at the same local wall time 10 days on, across DST', () => {
    const r = check(waiting('2010-11-01T10:00:00-04:00'), '2010-11-05T09:00:00-04:00');
    expect(r.autoCloseAt).toBe('2010-11-11T10:00:00-05:00');
    expect(r.resolution.state).toBe('paused');
  });

  it('closes the case at that instant: the pause ends and the resolution clock stops', () => {
    const r = check(waiting('2010-10-21T10:00:00-04:00'), '2010-11-15T09:00:00-05:00');
    expect(r.autoCloseAt).toBeNull();
    expect(r.resolution.metAt).toBe('2010-10-31T10:00:00-04:00');
    // Only 12 of the 55 business hours had been counted before the pause.
    expect(r.resolution.state).toBe('met');
  });

  it('is cancelled by an auto-close-hold ("other arrangements"), while the pause goes on', () => {
    const r = check(waiting('2010-11-01T10:00:00-04:00', [{ at: '2010-11-03T10:00:00-04:00', type: 'auto-close-hold', note: 'on vacation' }]), '2010-11-20T09:00:00-05:00');
    expect(r.autoCloseAt).toBeNull();
    expect(r.resolution.state).toBe('paused');
  });

  it('lets an event at exactly the close instant come first', () => {
    const r = check(waiting('2010-11-01T10:00:00-04:00', [{ at: '2010-11-11T10:00:00-05:00', type: 'customer-reply' }]), '2010-11-12T09:00:00-05:00');
    expect(r.autoCloseAt).toBeNull();
    expect(r.resolution.state).not.toBe('met');
  });

  it('closes also when a work-around was delivered and the case awaits confirmation', () => {
    const spec = waiting('2010-11-01T10:00:00-04:00');
    spec.events.unshift({ at: '2010-10-29T10:00:00-04:00', type: 'workaround' });
    expect(check(spec, '2010-11-05T09:00:00-04:00').autoCloseAt).toBe('2010-11-11T10:00:00-05:00');
    const after = check(spec, '2010-11-12T09:00:00-05:00');
    expect(after.autoCloseAt).toBeNull();
    expect(after.resolution.metAt).toBe('2010-10-29T10:00:00-04:00');
  });

  it('moves a wall time skipped by DST forward by the gap', () => {
    expect(check(waiting('2010-03-04T02:30:00-05:00'), '2010-03-05T09:00:00-05:00').autoCloseAt).toBe('2010-03-14T03:30:00-04:00');
  });

  it('takes the first occurrence of a wall time repeated by DST', () => {
    expect(check(waiting('2010-10-28T01:30:00-04:00'), '2010-10-29T09:00:00-04:00').autoCloseAt).toBe('2010-11-07T01:30:00-04:00');
  });

  it('counts 10 days from the first awaiting-customer of a spell, not a repeated one', () => {
    const r = check(waiting('2010-11-01T10:00:00-04:00', [{ at: '2010-11-04T10:00:00-04:00', type: 'status', status: 'awaiting-customer' }]), '2010-11-05T09:00:00-04:00');
    expect(r.autoCloseAt).toBe('2010-11-11T10:00:00-05:00');
  });
});

describe('severity changes', () => {
  it('judges a running clock under the raised severity, which can breach before the change itself', () => {
    const r = check(
      { severity: 3, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T12:00:00-05:00', type: 'severity', severity: 1 }] },
      '2010-11-15T13:00:00-05:00',
    );
    expect(r.response).toMatchObject({ state: 'breached', breachAt: '2010-11-15T10:00:00-05:00' });
    expect(r.escalations).toContainEqual({ clock: 'response', at: '2010-11-15T10:00:00-05:00' });
  });

  it('clears the breach and its escalation of a running clock when the severity is lowered', () => {
    const r = check(
      { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T15:10:00-05:00', type: 'severity', severity: 3 }] },
      '2010-11-15T16:00:00-05:00',
    );
    expect(r.response).toEqual(running('2010-11-16T09:00:00-05:00', '2010-11-16T09:00:00-05:00'));
    expect(r.escalations).toEqual([]);
  });

  it('keeps the result of a stopped clock, judged under the severity in force when it stopped', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: '2010-11-15T09:00:00-05:00',
        events: [
          { at: '2010-11-15T16:00:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-15T17:00:00-05:00', type: 'severity', severity: 3 },
        ],
      },
      '2010-11-15T18:00:00-05:00',
    );
    expect(r.response).toMatchObject({ state: 'breached', breachAt: '2010-11-15T15:00:00-05:00' });
  });

  it('applies a severity change before a contact at the same instant', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: '2010-11-15T09:00:00-05:00',
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'email' },
          { at: '2010-11-15T09:30:00-05:00', type: 'severity', severity: 1 },
        ],
      },
      '2010-11-15T09:45:00-05:00',
    );
    expect(r.response).toEqual(running('2010-11-15T10:00:00-05:00', '2010-11-15T10:00:00-05:00'));
  });
});

describe('clocks that do not apply', () => {
  const na = { state: 'not-applicable', dueAt: null, breachAt: null, metAt: null };

  it('runs no clock for a feature request', () => {
    const r = check({ severity: 3, type: 'feature-request', loggedAt: '2010-11-15T09:00:00-05:00' }, '2010-12-15T09:00:00-05:00');
    expect(r.response).toEqual(na);
    expect(r.resolution).toEqual(na);
    expect(r.escalations).toEqual([]);
  });

  it('makes every clock not yet stopped not applicable at a third-party finding, even one already breached', () => {
    const r = check(
      {
        severity: 1,
        loggedAt: '2010-11-15T09:00:00-05:00',
        events: [
          { at: '2010-11-15T09:30:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-17T09:00:00-05:00', type: 'third-party', vendor: 'Acme MTA' },
        ],
      },
      '2010-11-18T09:00:00-05:00',
    );
    expect(r.response.state).toBe('met');
    expect(r.resolution).toEqual(na);
    expect(r.escalations).toEqual([]);
  });

  it('treats a case found to be a feature request like a third-party finding: clocks not yet stopped stop applying', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: '2010-11-15T09:00:00-05:00',
        events: [
          { at: '2010-11-15T16:00:00-05:00', type: 'contact', channel: 'phone' },
          { at: '2010-11-16T10:00:00-05:00', type: 'feature-request' },
        ],
      },
      '2010-11-20T09:00:00-05:00',
    );
    expect(r.response.state).toBe('breached');
    expect(r.resolution).toEqual(na);
    expect(r.escalations.map((e) => e.clock)).toEqual(['response']);
  });

  it('applies a third-party finding before a work-around at the same instant', () => {
    const r = check(
      {
        severity: 2,
        loggedAt: '2010-11-15T09:00:00-05:00',
        events: [
          { at: '2010-11-15T10:00:00-05:00', type: 'workaround' },
          { at: '2010-11-15T10:00:00-05:00', type: 'third-party' },
        ],
      },
      '2010-11-15T11:00:00-05:00',
    );
    expect(r.resolution).toEqual(na);
  });
});

describe('the evaluation instant', () => {
  it('counts only events at or before it', () => {
    const spec = { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T10:00:00-05:00', type: 'contact', channel: 'phone' }] };
    expect(check(spec, '2010-11-15T09:59:59-05:00').response.state).toBe('running');
    expect(check(spec, '2010-11-15T10:00:00-05:00').response.state).toBe('met');
  });

  it('reports a case logged after it with both clocks running and instants in the future', () => {
    const r = check(
      { severity: 2, loggedAt: '2010-11-16T09:00:00-05:00', events: [{ at: '2010-11-16T09:30:00-05:00', type: 'contact', channel: 'phone' }] },
      '2010-11-15T09:00:00-05:00',
    );
    expect(r.response).toEqual(running('2010-11-16T13:00:00-05:00', '2010-11-16T15:00:00-05:00'));
    expect(r.resolution.state).toBe('running');
  });

  it('counts a breach instant equal to the evaluation instant as breached', () => {
    expect(check({ severity: 1, loggedAt: '2010-11-15T09:00:00-05:00' }, '2010-11-15T10:00:00-05:00').response.state).toBe('breached');
  });
});
