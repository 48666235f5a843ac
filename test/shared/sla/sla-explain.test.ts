import { describe, expect, it } from 'vitest';
import { explainClock, explanationText } from '../../../shared/sla/sla-explain';
import { evaluateCase } from '../../../shared/sla/sla-clock';
import { instantOrThrow } from '../../../shared/time/instant';
import { policy, timeline, type CaseSpec } from '../../support/sla-fixtures';

function explain(spec: CaseSpec, at: string, clock: 'response' | 'resolution') {
  const t = timeline(spec);
  const evaluation = evaluateCase(t, policy, instantOrThrow(at));
  const ex = explainClock(t, evaluation, clock, policy);
  return { ex, text: explanationText(ex, policy), evaluation };
}

const c1001: CaseSpec = {
  id: 'C-1001',
  severity: 2,
  loggedAt: '2010-11-24T17:30:00-05:00',
  events: [
    { at: '2010-11-29T09:10:00-05:00', type: 'contact', channel: 'phone' },
    { at: '2010-11-29T09:30:00-05:00', type: 'status', status: 'awaiting-customer' },
    { at: '2010-11-30T11:00:00-05:00', type: 'customer-reply' },
  ],
};

describe('the explanation of a deadline', () => {
  it('lists the hours counted per day and the holidays and weekend skipped, by name', () => {
    const { ex, text } = explain(c1001, '2010-11-29T12:00:00-05:00', 'response');
    const counted = ex.steps.filter((s) => s.kind === 'counted');
    expect(counted.map((s) => s.ms / 60_000)).toEqual([90, 270]);
    const skipped = ex.steps.find((s) => s.kind === 'skipped');
    expect(skipped).toMatchObject({
      reasons: [
        { kind: 'outside-hours' },
        { kind: 'holiday', date: '2010-11-25', name: 'Thanksgiving Day' },
        { kind: 'holiday', date: '2010-11-26', name: 'Day after Thanksgiving' },
        { kind: 'weekend', date: '2010-11-27' },
        { kind: 'weekend', date: '2010-11-28' },
      ],
    });
    expect(ex.steps.filter((s) => s.kind === 'reached')).toEqual([
      { kind: 'reached', target: 'due', at: instantOrThrow('2010-11-29T10:30:00-05:00'), afterMs: 4 * 3_600_000 },
      { kind: 'reached', target: 'breach', at: instantOrThrow('2010-11-29T12:30:00-05:00'), afterMs: 6 * 3_600_000 },
    ]);
    expect(ex.severity).toEqual({ level: 2, name: 'Severity-2', why: 'when-stopped' });
    expect(text).toContain('Judged under Severity-2 (the severity in force when the clock stopped), counted on business hours (Mon–Fri 08:00–19:00, America/New_York, holidays excepted).');
    expect(text).toContain('holiday: Thanksgiving Day (Thu 2010-11-25); holiday: Day after Thanksgiving (Fri 2010-11-26); weekend (Sat 2010-11-27)');
    expect(text).toContain('→ DUE at Mon 2010-11-29 10:30 EST (4h counted)');
    expect(text).toContain('Stopped at Mon 2010-11-29 09:10 EST by the phone contact (event 1), on time: MET.');
  });

  it('adds up to the target and ends at the deadline it explains', () => {
    const { ex, evaluation } = explain(c1001, '2010-12-02T12:00:00-05:00', 'resolution');
    const counted = ex.steps.filter((s) => s.kind === 'counted');
    expect(counted.at(-1)!.totalMs).toBe(22 * 3_600_000);
    expect(counted.at(-1)!.to).toBe(evaluation.resolution.breachAt);
  });

  it('shows a pause with its cause and how it ended', () => {
    const { text } = explain(c1001, '2010-12-02T12:00:00-05:00', 'resolution');
    expect(text).toContain('paused: awaiting customer since Mon 2010-11-29 09:30 EST, until the customer reply at Tue 2010-11-30 11:00 EST');
  });

  it('says how much of the target a paused clock has used', () => {
    const { text } = explain(c1001, '2010-11-29T12:00:00-05:00', 'resolution');
    expect(text).toContain('Resolution clock of case C-1001: PAUSED');
    expect(text).toContain('3h of 22h counted so far');
  });

  it('names the contact that did not stop a Severity-1 response clock', () => {
    const { text } = explain(
      { severity: 1, loggedAt: '2010-12-24T22:15:00-05:00', events: [{ at: '2010-12-24T22:40:00-05:00', type: 'contact', channel: 'email' }] },
      '2010-12-24T23:30:00-05:00',
      'response',
    );
    expect(text).toContain('The email contact at Fri 2010-12-24 22:40 EST did not stop it: severity 1 accepts phone only.');
    expect(text).toContain('counted around the clock (24×7, real elapsed time)');
    expect(text).toContain('Escalated to support management at Fri 2010-12-24 23:15 EST.');
  });

  it('explains a raised severity judging a running clock', () => {
    const { text } = explain(
      { severity: 3, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T12:00:00-05:00', type: 'severity', severity: 1 }] },
      '2010-11-15T13:00:00-05:00',
      'response',
    );
    expect(text).toContain('Judged under Severity-1 (the severity in force now)');
    expect(text).toContain('Severity changed from 3 to 1 at Mon 2010-11-15 12:00 EST.');
    expect(text).toContain('BREACHED at Mon 2010-11-15 10:00 EST');
  });

  it('says why a clock does not apply', () => {
    expect(explain({ severity: 3, type: 'feature-request', loggedAt: '2010-11-15T09:00:00-05:00' }, '2010-11-16T09:00:00-05:00', 'response').text).toContain(
      'A feature request is not a problem: no clocks run.',
    );
    const { text } = explain(
      { severity: 2, loggedAt: '2010-11-15T09:00:00-05:00', events: [{ at: '2010-11-15T10:00:00-05:00', type: 'third-party', vendor: 'Acme MTA' }] },
      '2010-11-16T09:00:00-05:00',
      'resolution',
    );
    expect(text).toContain("Another vendor's product (Acme MTA) was identified as the cause at Mon 2010-11-15 10:00 EST");
  });
});
