import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, daysFromCivil } from '../../../shared/time/civil-date';
import { timeZone } from '../../../shared/time/time-zone';

const ny = timeZone('America/New_York');
const wall = (y: number, m: number, d: number, h: number, min = 0) => daysFromCivil(y, m, d) * DAY_MS + h * HOUR_MS + min * MINUTE_MS;

describe('TimeZone', () => {
  it('agrees with the zone rules on the offset of any instant', () => {
    const luxon = IANAZone.create('America/New_York');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 11, 31) }), (t) => {
        expect(ny.offsetMs(t)).toBe(luxon.offset(t) * MINUTE_MS);
      }),
      { numRuns: 3000 },
    );
  });

  it('knows the exact millisecond of a DST change', () => {
    const change = Date.UTC(2010, 2, 14, 7, 0); // 02:00 EST → 03:00 EDT
    expect(ny.offsetMs(change - 1)).toBe(-5 * HOUR_MS);
    expect(ny.offsetMs(change)).toBe(-4 * HOUR_MS);
  });

  it('moves a wall time skipped by DST forward by the gap', () => {
    expect(ny.instantOfWall(wall(2010, 3, 14, 2, 30))).toBe(Date.UTC(2010, 2, 14, 7, 30)); // 03:30 EDT
  });

  it('takes the first occurrence of a repeated wall time', () => {
    expect(ny.instantOfWall(wall(2010, 11, 7, 1, 30))).toBe(Date.UTC(2010, 10, 7, 5, 30)); // 01:30 EDT
  });

  it('reads ordinary wall times with the offset in force', () => {
    expect(ny.instantOfWall(wall(2010, 11, 29, 8))).toBe(Date.UTC(2010, 10, 29, 13));
    expect(ny.localDay(Date.UTC(2010, 10, 30, 4, 59))).toBe(daysFromCivil(2010, 11, 29));
  });

  it('refuses an unknown zone by name', () => {
    expect(() => timeZone('America/Gotham')).toThrow('unknown time zone "America/Gotham"');
  });
});
