// A time zone as the calendar engine needs it: offsets of instants and instants of wall-clock
// times, on epoch milliseconds. luxon answers the zone rules; answers are cached per day (each
// transition found to the millisecond), so the SLA inner loops never build date objects.
import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './civil-date';

// Day slots cover the years 1969–2101 (with margin for offsets); outside them, luxon is asked.
const FIRST_SLOT_DAY = -400;
const SLOT_COUNT = 48_500;

export class TimeZone {
  readonly name: string;
  private readonly zone: IANAZone;
  // Per UTC day: the offset (ms) in force all day, or NaN for a day with a transition, whose
  // instant and offsets are kept in `transitions`. Undefined until first asked.
  private readonly dayOffsets = new Float64Array(SLOT_COUNT).fill(Number.POSITIVE_INFINITY);
  private readonly transitions = new Map<number, { at: number; before: number; after: number }>();

  constructor(name: string) {
    if (!IANAZone.isValidZone(name)) throw new Error(`unknown time zone "${name}"`);
    this.name = name;
    this.zone = IANAZone.create(name);
  }

  private luxonOffset(t: number): number {
    return this.zone.offset(t) * MINUTE_MS;
  }

  /** Offset from UTC, in milliseconds, in force at instant `t`. */
  offsetMs(t: number): number {
    const utcDay = Math.floor(t / DAY_MS);
    const slot = utcDay - FIRST_SLOT_DAY;
    if (slot < 0 || slot >= SLOT_COUNT) return this.luxonOffset(t);
    let offset = this.dayOffsets[slot]!;
    if (offset === Number.POSITIVE_INFINITY) offset = this.learnDay(utcDay, slot);
    if (!Number.isNaN(offset)) return offset;
    const change = this.transitions.get(utcDay)!;
    return t < change.at ? change.before : change.after;
  }

  private learnDay(utcDay: number, slot: number): number {
    const start = utcDay * DAY_MS;
    const before = this.luxonOffset(start);
    const after = this.luxonOffset(start + DAY_MS - 1);
    if (before === after) {
      this.dayOffsets[slot] = before;
      return before;
    }
    // Find the transition to the millisecond (zones change at most once a day).
    let lo = start;
    let hi = start + DAY_MS - 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.luxonOffset(mid) === before) lo = mid;
      else hi = mid;
    }
    this.transitions.set(utcDay, { at: hi, before, after });
    this.dayOffsets[slot] = Number.NaN;
    return Number.NaN;
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
