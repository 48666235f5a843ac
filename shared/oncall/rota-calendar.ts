// The rota as people read it: who is on call now and until when, and a week laid out day by day
// (each day's stretches, in the policy's zone, with who covers them and by which entry). The
// desktop's rota screen and its header ("On call now: Ana until 08:00") both read this.
import { DAY_MS } from '../time/civil-date';
import { CompiledRota, type Cover, type Rota } from './rota';

export interface CalendarStretch {
  from: number;
  to: number;
  primary: string;
  secondary: string | null;
  /** The shift's name, or "Override: " and its reason. */
  by: string;
  override: boolean;
}

export interface CalendarDay {
  /** YYYY-MM-DD in the zone. */
  date: string;
  from: number;
  /** The stretches of the day; the hours between them nobody covers. */
  stretches: CalendarStretch[];
}

export interface OnCallNow {
  primary: string;
  secondary: string | null;
  /** When this cover ends (the next change of who is on call); null: not within the next two weeks. */
  until: number | null;
  by: string;
}

export interface RotaCalendar {
  zone: string;
  now: OnCallNow | null;
  /** When the rota next covers, when nobody does now (null: not within two weeks). */
  nextCover: { at: number; primary: string } | null;
  days: CalendarDay[];
}

const LOOK_AHEAD_MS = 14 * DAY_MS;

const stretchOf = (from: number, to: number, cover: Cover): CalendarStretch => ({
  from,
  to,
  primary: cover.primary,
  secondary: cover.secondary,
  by: cover.by.kind === 'shift' ? cover.by.name : `Override: ${cover.by.reason}`,
  override: cover.by.kind === 'override',
});

/** The Monday (local day number) of the week `day` falls in. */
export function mondayOf(day: number): number {
  // Day 0 (1970-01-01) was a Thursday.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/**
 * The rota's calendar in `zone`: `days` days from the local day `firstDay` (default: the Monday
 * of the week of `now`), and who is on call at `now`.
 */
export function rotaCalendar(rota: Rota, zone: string, now: number, options: { firstDay?: number; days?: number } = {}): RotaCalendar {
  const compiled = new CompiledRota(rota, zone);
  const tz = compiled.zone;
  const firstDay = options.firstDay ?? mondayOf(tz.localDay(now));
  const count = options.days ?? 7;
  const days: CalendarDay[] = [];
  for (let d = firstDay; d < firstDay + count; d++) {
    const from = tz.instantOfWall(d * DAY_MS);
    const to = tz.instantOfWall((d + 1) * DAY_MS);
    const stretches = compiled.coversBetween(from, to).flatMap((s) => (s.cover ? [stretchOf(s.from, s.to, s.cover)] : []));
    days.push({ date: new Date(d * DAY_MS).toISOString().slice(0, 10), from, stretches });
  }
  const ahead = compiled.coversBetween(now, now + LOOK_AHEAD_MS);
  const current = ahead[0]?.cover ?? null;
  let onCall: OnCallNow | null = null;
  if (current) {
    // On call until the people change: one shift running into the next with the same people is one stretch.
    let end = 0;
    while (end + 1 < ahead.length && ahead[end + 1]!.cover?.primary === current.primary && ahead[end + 1]!.cover?.secondary === current.secondary) end++;
    const until = ahead[end]!.to;
    onCall = { primary: current.primary, secondary: current.secondary, until: until < now + LOOK_AHEAD_MS ? until : null, by: stretchOf(now, until, current).by };
  }
  const next = onCall ? null : ahead.find((s) => s.cover !== null);
  return { zone, now: onCall, nextCover: next?.cover ? { at: next.from, primary: next.cover.primary } : null, days };
}
