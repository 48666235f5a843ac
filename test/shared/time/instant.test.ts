import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../../shared/time/instant';
import { timeZone } from '../../../shared/time/time-zone';

const ny = timeZone('America/New_York');

describe('parseInstant', () => {
  it.each([
    ['2010-11-29T09:10:00-05:00', Date.UTC(2010, 10, 29, 14, 10)],
    ['2010-11-29T14:10:00Z', Date.UTC(2010, 10, 29, 14, 10)],
    ['2010-11-29T14:10Z', Date.UTC(2010, 10, 29, 14, 10)],
    ['2010-11-29T15:10:00.250+01:00', Date.UTC(2010, 10, 29, 14, 10, 0, 250)],
    ['2010-11-29T15:10:00+0100', Date.UTC(2010, 10, 29, 14, 10)],
    ['2012-02-29T00:00:00+00:00', Date.UTC(2012, 1, 29)],
    ['2100-12-31T23:59:59Z', Date.UTC(2100, 11, 31, 23, 59, 59)],
  ])('reads %s', (text, ms) => {
    expect(parseInstant(text)).toEqual({ ok: true, ms });
  });

  it('refuses a timestamp without an offset, saying how to fix it', () => {
    expect(parseInstant('2010-11-29T09:10:00')).toEqual({
      ok: false,
      error: 'timestamp "2010-11-29T09:10:00" has no UTC offset: add one, e.g. "-05:00" or "Z"',
    });
  });

  it.each([
    ['2011-02-29T09:00:00Z', 'not a real calendar date'],
    ['2010-04-31T09:00:00Z', 'not a real calendar date'],
    ['2010-11-29T24:00:00Z', 'not a valid time of day'],
    ['1969-12-31T23:00:00Z', 'outside the years 1970–2100'],
    ['2101-01-01T00:00:00Z', 'outside the years 1970–2100'],
    ['next tuesday', 'is not an ISO 8601 timestamp'],
    ['2010-11-29T09:10:00+25:00', 'impossible UTC offset'],
  ])('refuses %s (%s)', (text, reason) => {
    const parsed = parseInstant(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(reason);
  });

  it('refuses what is not a string', () => {
    expect(parseInstant(1290000000000).ok).toBe(false);
  });
});

describe('formatInstant', () => {
  it('writes wall time in the zone with its offset, across DST', () => {
    expect(formatInstant(Date.UTC(2010, 10, 29, 14, 10), ny)).toBe('2010-11-29T09:10:00-05:00');
    expect(formatInstant(Date.UTC(2010, 6, 1, 12, 0), ny)).toBe('2010-07-01T08:00:00-04:00');
    expect(formatInstant(Date.UTC(2010, 6, 1, 12, 0, 0, 5), ny)).toBe('2010-07-01T08:00:00.005-04:00');
  });

  it('gives back the same moment when read again, for any instant 1970–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2100, 11, 30) }), (ms) => {
        const parsed = parseInstant(formatInstant(ms, ny));
        expect(parsed).toEqual({ ok: true, ms });
      }),
      { numRuns: 2000 },
    );
  });
});
