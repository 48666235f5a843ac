// The one way instants are written for a person: the viewer's zone first, the year when it is not
// this year, today/yesterday/tomorrow, the policy's zone beside it only when its offset differs.
import { describe, expect, it } from 'vitest';
import { instantUtc, isKnownZone, momentText, spanEndText, zoneAbbreviation } from '../../../shared/time/moment-text';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

describe('momentText', () => {
  const now = at('2026-12-05T12:00:00Z'); // a Saturday

  it('writes the year only when it is not the current one', () => {
    expect(momentText(at('2026-11-20T09:30:00Z'), { zone: BERLIN, now })).toBe('Fri 20 Nov 10:30 CET');
    expect(momentText(at('2010-12-25T03:15:00Z'), { zone: BERLIN, now })).toBe('Sat 25 Dec 2010 04:15 CET');
    expect(momentText(at('2027-02-01T09:00:00Z'), { zone: BERLIN, now })).toBe('Mon 1 Feb 2027 10:00 CET');
  });

  it('takes the current year in the viewer’s zone: New Year’s Eve in New York is New Year in Berlin', () => {
    const newYear = at('2010-12-31T23:30:00Z');
    const in2011 = at('2011-06-01T12:00:00Z');
    expect(momentText(newYear, { zone: BERLIN, now: in2011 })).toBe('Sat 1 Jan 00:30 CET');
    expect(momentText(newYear, { zone: NEW_YORK, now: in2011 })).toBe('Fri 31 Dec 2010 18:30 EST');
  });

  it('says today, yesterday and tomorrow, by the viewer’s calendar', () => {
    expect(momentText(at('2026-12-05T13:05:00Z'), { zone: BERLIN, now })).toBe('today 14:05 CET');
    expect(momentText(at('2026-12-04T13:05:00Z'), { zone: BERLIN, now })).toBe('yesterday 14:05 CET');
    expect(momentText(at('2026-12-06T08:00:00Z'), { zone: BERLIN, now })).toBe('tomorrow 09:00 CET');
    expect(momentText(at('2026-12-03T13:05:00Z'), { zone: BERLIN, now })).toBe('Thu 3 Dec 14:05 CET');
    // 23:30 UTC on the 5th is already the 6th in Berlin.
    expect(momentText(at('2026-12-05T23:30:00Z'), { zone: BERLIN, now })).toBe('tomorrow 00:30 CET');
    expect(momentText(at('2026-12-05T23:30:00Z'), { zone: 'UTC', now })).toBe('today 23:30 UTC');
  });

  it('writes the policy’s zone beside it only when its offset differs at that instant', () => {
    const t = at('2010-12-25T03:15:00Z');
    expect(momentText(t, { zone: BERLIN, alsoZone: NEW_YORK, now })).toBe('Sat 25 Dec 2010 04:15 CET (Fri 24 Dec 2010 22:15 EST)');
    expect(momentText(at('2026-12-04T14:00:00Z'), { zone: BERLIN, alsoZone: NEW_YORK, now })).toBe('yesterday 15:00 CET (09:00 EST)');
    expect(momentText(t, { zone: NEW_YORK, alsoZone: NEW_YORK, now })).toBe('Fri 24 Dec 2010 22:15 EST');
    expect(momentText(t, { zone: 'America/Toronto', alsoZone: NEW_YORK, now })).toBe('Fri 24 Dec 2010 22:15 EST'); // another zone, the same offset
    expect(momentText(t, { zone: 'UTC', alsoZone: NEW_YORK, now })).toBe('Sat 25 Dec 2010 03:15 UTC (Fri 24 Dec 2010 22:15 EST)');
  });

  it('follows daylight saving time on each side: the offset is the one in force at that instant', () => {
    // London goes to BST at 01:00 UTC on 28 March 2010: before, it reads as UTC; after, it differs.
    expect(momentText(at('2010-03-28T00:59:00Z'), { zone: 'UTC', alsoZone: 'Europe/London', now })).toBe('Sun 28 Mar 2010 00:59 UTC');
    expect(momentText(at('2010-03-28T01:00:00Z'), { zone: 'UTC', alsoZone: 'Europe/London', now })).toBe('Sun 28 Mar 2010 01:00 UTC (02:00 BST)');
    // Between the US change (14 March) and the European one (28 March) New York is five hours behind Berlin, not six.
    expect(momentText(at('2010-03-20T12:00:00Z'), { zone: BERLIN, alsoZone: NEW_YORK, now })).toBe('Sat 20 Mar 2010 13:00 CET (08:00 EDT)');
    expect(momentText(at('2010-07-01T12:00:00Z'), { zone: BERLIN, alsoZone: NEW_YORK, now })).toBe('Thu 1 Jul 2010 14:00 CEST (08:00 EDT)');
  });

  it('names zones by their usual abbreviations, else by their offset', () => {
    expect(zoneAbbreviation(at('2010-12-25T00:00:00Z'), NEW_YORK)).toBe('EST');
    expect(zoneAbbreviation(at('2010-07-25T00:00:00Z'), BERLIN)).toBe('CEST');
    expect(zoneAbbreviation(at('2010-07-25T00:00:00Z'), 'Asia/Kolkata')).toBe('GMT+5:30');
    expect(isKnownZone(BERLIN)).toBe(true);
    expect(isKnownZone('Mars/Olympus')).toBe(false);
  });
});

describe('spanEndText and instantUtc', () => {
  const now = at('2026-12-05T12:00:00Z');

  it('writes a span’s end by its time alone on the same day, else in full', () => {
    const style = { zone: BERLIN, alsoZone: NEW_YORK, now };
    expect(spanEndText(at('2010-11-29T14:10:00Z'), at('2010-11-29T17:00:00Z'), style)).toBe('18:00 CET (12:00 EST)');
    // 00:00 UTC is the next day in Berlin (01:00): the end is written whole.
    expect(spanEndText(at('2010-11-29T14:10:00Z'), at('2010-11-30T00:00:00Z'), style)).toBe('Tue 30 Nov 2010 01:00 CET (Mon 29 Nov 2010 19:00 EST)');
  });

  it('gives the exact instant in UTC', () => {
    expect(instantUtc(at('2010-12-24T22:15:00-05:00'))).toBe('2010-12-25T03:15:00Z');
    expect(instantUtc(1_500)).toBe('1970-01-01T00:00:01.500Z');
  });
});
