// The alert planner under the default policy: reminders at the policy's lead before each due
// instant (counted on the severity's calendar), due and breach (one alert when they coincide), the
// auto-close and its warning two days before; nothing for a case not yet reported, closed, out of
// scope or answered; only (from, to].
import { describe, expect, it } from 'vitest';
import { alertInputsOf, planAlerts, planCaseAlerts } from '../../../shared/alerts/alert-plan';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { defaultPolicy, parsePolicy } from '../../../shared/policy/load-policy';
import { formatInstant, instantOrThrow } from '../../../shared/time/instant';
import { policy, timeline, type CaseSpec } from '../../support/sla-fixtures';

function plan(spec: CaseSpec, from: string, to = '2011-12-31T00:00:00-05:00', under = policy) {
  return planCaseAlerts(alertInputsOf(timeline(spec), under, instantOrThrow(from)), under, instantOrThrow(from), instantOrThrow(to)).map((a) => `${a.kind} ${a.clock ?? '-'} ${formatInstant(a.at, under.zone)}`);
}

describe('the alert planner', () => {
  it('reminds 15 minutes before a Severity-1 deadline, and raises one alert, the breach, where due and breach coincide', () => {
    expect(plan({ severity: 1, loggedAt: '2010-11-27T02:00:00-05:00' }, '2010-11-27T02:00:00-05:00')).toEqual([
      'reminder response 2010-11-27T02:45:00-05:00',
      'breach response 2010-11-27T03:00:00-05:00',
      'reminder resolution 2010-11-28T01:45:00-05:00',
      'breach resolution 2010-11-28T02:00:00-05:00',
    ]);
  });

  it('reminds a Severity-2 one business hour before, then says due, then breach; a reminder falls back across the weekend and the holiday', () => {
    // Logged on the Friday after Thanksgiving (a holiday): counting starts on Monday at 08:00.
    expect(plan({ severity: 2, loggedAt: '2010-11-26T17:00:00-05:00' }, '2010-11-26T17:00:00-05:00')).toEqual([
      'reminder response 2010-11-29T11:00:00-05:00',
      'due response 2010-11-29T12:00:00-05:00',
      'breach response 2010-11-29T14:00:00-05:00',
      'reminder resolution 2010-11-30T18:00:00-05:00',
      'breach resolution 2010-11-30T19:00:00-05:00',
    ]);
    // Due on Monday at 08:30: one business hour before is the Wednesday before Thanksgiving, 18:30.
    expect(plan({ severity: 2, loggedAt: '2010-11-24T15:30:00-05:00' }, '2010-11-24T15:30:00-05:00')[0]).toBe('reminder response 2010-11-24T18:30:00-05:00');
  });

  it('reminds a Severity-3 four business hours before its due instant', () => {
    // 11 business hours from Tuesday 10:00: due Wednesday 10:00; 4 business hours before is Tuesday 17:00.
    expect(plan({ severity: 3, loggedAt: '2010-11-23T10:00:00-05:00' }, '2010-11-23T10:00:00-05:00').slice(0, 2)).toEqual([
      'reminder response 2010-11-23T17:00:00-05:00',
      'breach response 2010-11-24T10:00:00-05:00',
    ]);
  });

  it('takes the case as it stands at the planning instant: a contact made later is not assumed, a contact made before stops the clock', () => {
    const spec = { severity: 1, loggedAt: '2010-11-27T02:00:00-05:00', events: [{ at: '2010-11-27T02:30:00-05:00', type: 'contact', channel: 'phone' }] };
    expect(plan(spec, '2010-11-27T02:10:00-05:00')[0]).toBe('reminder response 2010-11-27T02:45:00-05:00');
    expect(plan(spec, '2010-11-27T02:40:00-05:00')).toEqual(['reminder resolution 2010-11-28T01:45:00-05:00', 'breach resolution 2010-11-28T02:00:00-05:00']);
  });

  it('plans only after --from (exclusive) and up to --to (inclusive)', () => {
    const spec = { severity: 1, loggedAt: '2010-11-27T02:00:00-05:00' };
    expect(plan(spec, '2010-11-27T02:45:00-05:00', '2010-11-28T01:45:00-05:00')).toEqual(['breach response 2010-11-27T03:00:00-05:00', 'reminder resolution 2010-11-28T01:45:00-05:00']);
  });

  it('warns two days before an auto-close, at the same wall-clock time, and raises no clock alert from the close on', () => {
    // Awaiting the customer from Tuesday 23 November 10:00: closes by itself on 3 December at 10:00.
    const spec = {
      severity: 3,
      loggedAt: '2010-11-22T09:00:00-05:00',
      events: [{ at: '2010-11-23T10:00:00-05:00', type: 'status', status: 'awaiting-customer' }],
    };
    expect(plan(spec, '2010-11-23T10:00:00-05:00')).toEqual(['auto-close-warning - 2010-12-01T10:00:00-05:00', 'auto-close - 2010-12-03T10:00:00-05:00']);
  });

  it('keeps the wall-clock time of a warning across a change to daylight saving time', () => {
    // Paused on 5 March 2010 at 09:00 EST: closes on 15 March at 09:00 EDT, warned on 13 March at 09:00 EST.
    const spec = {
      severity: 3,
      loggedAt: '2010-03-04T09:00:00-05:00',
      events: [{ at: '2010-03-04T09:30:00-05:00', type: 'contact', channel: 'email' }, { at: '2010-03-05T09:00:00-05:00', type: 'status', status: 'awaiting-customer' }],
    };
    expect(plan(spec, '2010-03-05T09:00:00-05:00')).toEqual(['auto-close-warning - 2010-03-13T09:00:00-05:00', 'auto-close - 2010-03-15T09:00:00-04:00']);
  });

  it('raises no auto-close alert once other arrangements are recorded, and none for a case the customer answered', () => {
    const paused = { at: '2010-11-23T10:00:00-05:00', type: 'status', status: 'awaiting-customer' };
    const base = { severity: 3, loggedAt: '2010-11-22T09:00:00-05:00', events: [{ at: '2010-11-22T09:30:00-05:00', type: 'contact', channel: 'email' }, paused] };
    expect(plan({ ...base, events: [...base.events, { at: '2010-11-24T10:00:00-05:00', type: 'auto-close-hold', note: 'call on Monday' }] }, '2010-11-25T00:00:00-05:00')).toEqual([]);
    expect(plan({ ...base, events: [...base.events, { at: '2010-11-24T10:00:00-05:00', type: 'customer-reply' }] }, '2010-11-25T00:00:00-05:00')[0]).toMatch(/^reminder resolution /);
  });

  it('raises nothing for a case not reported yet, a closed one, a feature request or one found to be another vendor\'s', () => {
    expect(plan({ severity: 1, loggedAt: '2010-11-27T02:00:00-05:00' }, '2010-11-27T01:00:00-05:00')).toEqual([]);
    expect(plan({ severity: 1, loggedAt: '2010-11-27T02:00:00-05:00', events: [{ at: '2010-11-27T02:05:00-05:00', type: 'status', status: 'closed' }] }, '2010-11-27T02:10:00-05:00')).toEqual([]);
    expect(plan({ severity: 2, type: 'feature-request', loggedAt: '2010-11-23T10:00:00-05:00' }, '2010-11-23T10:00:00-05:00')).toEqual([]);
    expect(plan({ severity: 2, loggedAt: '2010-11-23T10:00:00-05:00', events: [{ at: '2010-11-23T10:05:00-05:00', type: 'third-party', vendor: 'Acme MTA' }] }, '2010-11-23T10:10:00-05:00')).toEqual([]);
  });

  it('takes the reminders from the policy: another lead, or none for a severity without one', () => {
    const edited = compilePolicy(parsePolicy({ ...defaultPolicy(), version: 2, alerts: { reminders: [{ severity: 1, before: { minutes: 30 } }] }, autoClose: { afterDays: 10, warnDaysBefore: 0 } }, 'an edited policy'));
    expect(plan({ severity: 1, loggedAt: '2010-11-27T02:00:00-05:00' }, '2010-11-27T02:00:00-05:00', undefined, edited)[0]).toBe('reminder response 2010-11-27T02:30:00-05:00');
    expect(plan({ severity: 2, loggedAt: '2010-11-23T10:00:00-05:00' }, '2010-11-23T10:00:00-05:00', undefined, edited)[0]).toBe('due response 2010-11-23T14:00:00-05:00');
  });

  it('orders the alerts of many cases by instant, cases at one instant in the order given', () => {
    const a = timeline({ id: 'A', severity: 1, loggedAt: '2010-11-27T02:00:00-05:00' });
    const b = timeline({ id: 'B', severity: 1, loggedAt: '2010-11-27T01:30:00-05:00' });
    const c = timeline({ id: 'C', severity: 1, loggedAt: '2010-11-27T02:00:00-05:00' });
    const alerts = planAlerts([a, b, c], policy, instantOrThrow('2010-11-27T02:00:00-05:00'), instantOrThrow('2010-11-27T03:00:00-05:00'));
    expect(alerts.map((x) => `${x.caseId} ${x.kind} ${formatInstant(x.at, policy.zone)}`)).toEqual([
      'B reminder 2010-11-27T02:15:00-05:00',
      'B breach 2010-11-27T02:30:00-05:00',
      'A reminder 2010-11-27T02:45:00-05:00',
      'C reminder 2010-11-27T02:45:00-05:00',
      'A breach 2010-11-27T03:00:00-05:00',
      'C breach 2010-11-27T03:00:00-05:00',
    ]);
  });
});

describe('reminders in the policy', () => {
  it('are refused for a severity the policy does not have, twice for one severity, or with no lead', () => {
    const base = defaultPolicy();
    expect(() => parsePolicy({ ...base, alerts: { reminders: [{ severity: 4, before: { hours: 1 } }] } }, 'p.json')).toThrow('alerts.reminders[0].severity: the policy has no severity 4');
    expect(() => parsePolicy({ ...base, alerts: { reminders: [{ severity: 1, before: { hours: 1 } }, { severity: 1, before: { minutes: 5 } }] } }, 'p.json')).toThrow('alerts.reminders[1].severity: severity 1 has two reminders');
    expect(() => parsePolicy({ ...base, alerts: { reminders: [{ severity: 1, before: {} }] } }, 'p.json')).toThrow(/a reminder must come some time before the due instant/);
    expect(() => parsePolicy({ ...base, autoClose: { afterDays: 2, warnDaysBefore: 2 } }, 'p.json')).toThrow(/warnDaysBefore must be less than afterDays/);
  });

  it('default, for a policy recorded before they existed, to the shipped ones', () => {
    const { alerts: _alerts, ...old } = defaultPolicy() as Record<string, unknown>;
    const { warnDaysBefore: _warn, ...oldAutoClose } = (old.autoClose as Record<string, unknown>);
    const read = parsePolicy({ ...old, autoClose: oldAutoClose }, 'a recorded policy', { recorded: true });
    expect(read.alerts).toEqual(defaultPolicy().alerts);
    expect(read.autoClose.warnDaysBefore).toBe(2);
  });
});
