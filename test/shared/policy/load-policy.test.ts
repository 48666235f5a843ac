import { describe, expect, it } from 'vitest';
import { defaultPolicy, defaultPolicyDocument, parsePolicy, parsePolicyText, PolicyError } from '../../../shared/policy/load-policy';

const edited = (change: (doc: Record<string, any>) => void) => {
  const doc = structuredClone(defaultPolicyDocument()) as Record<string, any>;
  change(doc);
  return doc;
};

const rejection = (doc: unknown): string => {
  try {
    parsePolicy(doc, 'my-policy.json');
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as Error).message;
  }
  throw new Error('the policy was accepted');
};

describe('the default policy', () => {
  it('encodes the semantics document', () => {
    const policy = defaultPolicy();
    expect(policy.timeZone).toBe('America/New_York');
    expect(policy.businessHours.monday).toEqual([{ start: '08:00', end: '19:00' }]);
    expect(policy.businessHours.saturday).toEqual([]);
    expect(policy.severities.map((s) => [s.level, s.calendar, s.response.due, s.response.breach, s.resolution.due])).toEqual([
      [1, '24x7', { hours: 1 }, { hours: 1 }, { hours: 24 }],
      [2, 'business', { hours: 4 }, { hours: 6 }, { hours: 22 }],
      [3, 'business', { hours: 11 }, { hours: 11 }, { hours: 55 }],
    ]);
    expect(policy.severities[0]!.responseChannels).toEqual(['phone']);
    expect(policy.pauseStatuses).toEqual(['awaiting-customer']);
    expect(policy.autoClose.afterDays).toBe(10);
  });
});

describe('an edited policy', () => {
  it('is accepted when valid, with its own values', () => {
    const policy = parsePolicy(edited((d) => (d.autoClose.afterDays = 14)));
    expect(policy.autoClose.afterDays).toBe(14);
  });

  it.each([
    [(d: any) => (d.severities[1].response.breach = { hours: 2 }), 'severities[1].response.breach: breach must not come before due'],
    [(d: any) => (d.severities[0].resolution.due = { hours: 1_000_000 }), 'severities[0].resolution.due: a target is at most 8,760 hours'],
    [(d: any) => (d.timeZone = 'Eastern'), 'timeZone: must be an IANA time zone'],
    [(d: any) => (d.businessHours.monday[0].end = '25:00'), 'businessHours.monday[0].end: must be a time of day'],
    [(d: any) => (d.businessHours.tuesday = [{ start: '19:00', end: '08:00' }]), 'businessHours.tuesday[0]: start must be before end'],
    [(d: any) => (d.holidays.add = [{ date: '2010-02-30', name: 'Nope' }]), 'holidays.add[0].date: must be a real date'],
    [(d: any) => (d.severities[2].level = 2), 'severities[2].level: severity 2 is defined twice'],
    // Open one minute a week, a target of 1,000 hours: deadlines centuries away, clocks that count for ever.
    [
      (d: any) => {
        for (const day of Object.keys(d.businessHours)) d.businessHours[day] = [];
        d.businessHours.monday = [{ start: '08:00', end: '08:01' }];
        d.severities[2].resolution = { due: { hours: 1000 }, breach: { hours: 1000 } };
      },
      "severities[2].resolution: Severity-3's resolution target of 1000h cannot be reached within two years on business hours (open 0h 01m a week)",
    ],
    [(d: any) => (d.severities[2].resolution = { due: { hours: 6000 } }), "severities[2].resolution: Severity-3's resolution target of 6000h cannot be reached within two years on business hours (open 55h a week)"],
    [(d: any) => (d.severities[0].responseChannels = ['fax']), 'severities[0].responseChannels[0]'],
    [(d: any) => (d.autoClose.afterDays = 0), 'autoClose.afterDays'],
    [(d: any) => (d.severities[0].resolution.due = { hours: 0 }), 'severities[0].resolution.due: a target must be longer than zero'],
    [(d: any) => (d.pauseStatuses = ['closed']), 'pauseStatuses: resolved and closed stop the resolution clock'],
    [(d: any) => (d.holidays.rules[2].nth = 7), 'holidays.rules[2].nth'],
    [(d: any) => (d.surprise = true), 'surprise'],
    [
      (d: any) => {
        for (const day of Object.keys(d.businessHours)) d.businessHours[day] = [];
      },
      'businessHours: the business calendar must be open at some time of the week',
    ],
  ])('is rejected with a message naming the bad field (%#)', (change, message) => {
    const text = rejection(edited(change));
    expect(text).toContain('my-policy.json is not a valid casedesk.policy/1 document');
    expect(text).toContain(message);
  });

  it('that is not JSON is rejected as such', () => {
    expect(() => parsePolicyText('{"format": "casedesk.policy/1",', 'my-policy.json')).toThrow(/my-policy.json is not valid JSON/);
  });
});
