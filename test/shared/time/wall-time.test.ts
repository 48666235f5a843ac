// A typed wall-clock time read in a zone: the instant, a skipped time refused, a doubled one noted.
import { describe, expect, it } from 'vitest';
import { readWallTime, wallTimeOf } from '../../../shared/time/wall-time';

const NEW_YORK = 'America/New_York';

describe('readWallTime', () => {
  it('reads the wall time in the zone given, with that zone’s offset at that date', () => {
    expect(readWallTime('2026-12-04T08:00', NEW_YORK)).toEqual({ ok: true, ms: Date.parse('2026-12-04T13:00:00Z'), iso: '2026-12-04T08:00:00-05:00', twice: false });
    expect(readWallTime('2026-07-04T08:00', NEW_YORK)).toMatchObject({ ok: true, iso: '2026-07-04T08:00:00-04:00' });
    expect(readWallTime('2026-12-04T08:00', 'Europe/Berlin')).toMatchObject({ ok: true, iso: '2026-12-04T08:00:00+01:00' });
  });

  it('refuses a time the clocks skip, and says why', () => {
    expect(readWallTime('2010-03-14T02:30', NEW_YORK)).toEqual({
      ok: false,
      error: 'there is no 02:30 on 2010-03-14 in America/New_York: the clocks go forward then; give a time before or after the change',
    });
    expect(readWallTime('2010-03-14T03:00', NEW_YORK)).toMatchObject({ ok: true, iso: '2010-03-14T03:00:00-04:00' });
  });

  it('takes the first of a time passed twice, and says it was', () => {
    expect(readWallTime('2010-11-07T01:30', NEW_YORK)).toEqual({ ok: true, ms: Date.parse('2010-11-07T05:30:00Z'), iso: '2010-11-07T01:30:00-04:00', twice: true });
    expect(readWallTime('2010-11-07T02:30', NEW_YORK)).toMatchObject({ ok: true, iso: '2010-11-07T02:30:00-05:00', twice: false });
  });

  it('refuses what is not a date and time', () => {
    expect(readWallTime('', NEW_YORK)).toEqual({ ok: false, error: 'not a date and time' });
    expect(readWallTime('2010-02-30T08:00', NEW_YORK)).toEqual({ ok: false, error: 'not a real date and time' });
    expect(readWallTime('1969-12-31T08:00', NEW_YORK)).toMatchObject({ ok: false });
  });

  it('gives an instant back as the wall time a datetime-local input shows', () => {
    expect(wallTimeOf(Date.parse('2026-12-04T13:00:30.500Z'), NEW_YORK)).toBe('2026-12-04T08:00');
  });
});
