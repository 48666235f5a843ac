import { describe, expect, it } from 'vitest';
import { supportHoursStatus } from '../../../shared/calendar/support-hours';
import { instantOrThrow } from '../../../shared/time/instant';
import { policy } from '../../support/sla-fixtures';

const status = (at: string) => supportHoursStatus(policy, instantOrThrow(at));

describe('support hours', () => {
  it('are open on a weekday afternoon, until 19:00', () => {
    expect(status('2010-11-29T15:00:00-05:00')).toMatchObject({ open: true, text: 'Support open until 19:00 EST' });
  });

  it('open next at 08:00 on a weekday morning', () => {
    expect(status('2010-11-29T07:00:00-05:00').text).toBe('Support closed: opens 08:00 EST. Severity-1: on-call around the clock');
  });

  it('name the holiday that closes them, and the next opening after it', () => {
    expect(status('2010-11-25T10:00:00-05:00')).toMatchObject({
      open: false,
      holiday: 'Thanksgiving Day',
      changesAt: instantOrThrow('2010-11-29T08:00:00-05:00'),
      text: 'Support closed (today is Thanksgiving Day): opens Mon 29 Nov 08:00 EST. Severity-1: on-call around the clock',
    });
  });

  it('close at exactly 19:00', () => {
    expect(status('2010-11-29T19:00:00-05:00').open).toBe(false);
    expect(status('2010-11-29T18:59:59-05:00').open).toBe(true);
  });
});
