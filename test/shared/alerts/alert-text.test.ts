// An alert in the engineer's words: what is due, in how long, on which case; the instant in the
// engineer's zone with the policy's beside it.
import { describe, expect, it } from 'vitest';
import { alertText, untilText } from '../../../shared/alerts/alert-text';
import type { PlannedAlert } from '../../../shared/alerts/alert-plan';
import { instantOrThrow } from '../../../shared/time/instant';

const contoso = { number: '9RW-1042', company: 'Contoso Bank', severityName: 'Severity-1' };
const due = instantOrThrow('2010-11-29T09:00:00-05:00');
const alert = (kind: PlannedAlert['kind'], at: number, clock: PlannedAlert['clock'] = 'response'): PlannedAlert => ({ caseId: 'C-1', kind, clock, at, about: due, severity: 1 });
const style = (now: number, zone = 'America/New_York') => ({ zone, alsoZone: 'America/New_York', now });

describe('an alert in words', () => {
  it('says what is due, in how long, and on which case', () => {
    const at = due - 15 * 60_000;
    expect(alertText(alert('reminder', at), contoso, style(at), 10)).toEqual({
      title: 'Response due in 15 min — 9RW-1042 Contoso Bank, Severity-1',
      body: 'Due today 09:00 EST.',
    });
  });

  it("writes the instant in the engineer's zone, the policy's beside it", () => {
    const at = due - 60 * 60_000;
    expect(alertText(alert('reminder', at, 'resolution'), { ...contoso, severityName: 'Severity-2' }, style(at, 'Europe/Berlin'), 10)).toEqual({
      title: 'Resolution due in 1 h — 9RW-1042 Contoso Bank, Severity-2',
      body: 'Due today 15:00 CET (09:00 EST).',
    });
  });

  it('says a breach was escalated, and a case with no company by its number alone', () => {
    expect(alertText(alert('breach', due), { ...contoso, company: null }, style(due), 10)).toEqual({
      title: 'Response breached — 9RW-1042, Severity-1',
      body: 'Breached today 09:00 EST; escalated to support management.',
    });
    expect(alertText(alert('due', due), contoso, style(due), 10).title).toBe('Response due now — 9RW-1042 Contoso Bank, Severity-1');
  });

  it('warns of an auto-close days ahead, and says why a case closed', () => {
    const warned = due - 2 * 86_400_000;
    expect(alertText(alert('auto-close-warning', warned, null), contoso, style(warned), 10)).toEqual({
      title: 'Closes by itself in 2 days — 9RW-1042 Contoso Bank, Severity-1',
      body: 'The customer has not answered; the case closes Mon 29 Nov 09:00 EST unless they do, its status changes, or other arrangements are recorded.',
    });
    expect(alertText(alert('auto-close', due, null), contoso, style(due), 10).body).toBe('Closed today 09:00 EST: no answer from the customer within 10 days of the request.');
  });

  it('rounds how long is left as a person would', () => {
    expect([30_000, 4 * 60_000, 90 * 60_000, 4 * 3_600_000, 36 * 3_600_000, 86_400_000].map(untilText)).toEqual([
      'in under a minute', 'in 4 min', 'in 1 h 30 min', 'in 4 h', 'in 2 days', 'in 1 day',
    ]);
  });
});
