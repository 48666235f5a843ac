// A time zone as the calendar engine needs it: offsets of instants and instants of wall-clock
// times, on epoch milliseconds. luxon answers the zone rules; answers are cached per hour so the
// SLA inner loops never build date objects.
import { IANAZone } from 'luxon';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './civil-date';

export class TimeZone {
  readonly name: string;
  private readonly zone: IANAZone;
  // Offset (ms) of each UTC hour bucket, or NaN where a transition falls inside the hour.
  private readonly hourOffsets = new Map<number, number>();

  constructor(name: string) {
    if (!IANAZone.isValidZone(name)) throw new Error(`unknown time zone "${name}"`);
    this.name = name;
    this.zone = IANAZone.create(name);
  }

  /** Offset from UTC, in milliseconds, in force at instant `t`. */
  offsetMs(t: number): number {
    const bucket = Math.floor(t / HOUR_MS);
    let cached = this.hourOffsets.get(bucket);
    if (cached === undefined) {
      const start = this.zone.offset(bucket * HOUR_MS) * MINUTE_MS;
      const end = this.zone.offset(bucket * HOUR_MS + HOUR_MS - 1) * MINUTE_MS;
      cached = start === end ? start : Number.NaN;
      this.hourOffsets.set(bucket, cached);
    }
    return Number.isNaN(cached) ? this.zone.offset(t) * MINUTE_MS : cached;
  }

  /** The local day number (days since 1970-01-01 on the wall calendar) of instant `t`. */
  localDay(t: number): number {
    return Math.floor((t + this.offsetMs(t)) / DAY_MS);
  }

  /** Local wall-clock time of `t`, expressed as milliseconds since the local 1970-01-01 00:00. */
  wallOf(t: number): number {
    return t + this.offsetMs(t);
  }

  /**
   * The instant at which local wall-clock time reads `wall` (ms since local 1970-01-01 00:00).
   * A wall time that occurs twice (clocks set back) gives its first occurrence; one skipped by a
   * clock change moves forward by the gap (02:30 on a spring-forward night is 03:30).
   */
  instantOfWall(wall: number): number {
    const before = this.offsetMs(wall - DAY_MS);
    const after = this.offsetMs(wall + DAY_MS);
    const early = wall - before; // valid when the earlier offset still applies at that instant
    const late = wall - after;
    const earlyOk = this.offsetMs(early) === before;
    const lateOk = this.offsetMs(late) === after;
    if (earlyOk && lateOk) return Math.min(early, late);
    if (earlyOk) return early;
    if (lateOk) return late;
    // In a gap: read the wall time with the offset in force before the change.
    return early;
  }
}

const zones = new Map<string, TimeZone>();

export function timeZone(name: string): TimeZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new TimeZone(name);
    zones.set(name, zone);
  }
  return zone;
}
