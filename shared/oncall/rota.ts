// The on-call rota (`casedesk.rota/1`): who covers which hours. Recurring shifts — a day rule in
// iCalendar's RRULE words (read by `rrule`: "FREQ=WEEKLY;BYDAY=SA,SU") with the wall-clock hours
// of the policy's zone, so a shift starts at 18:00 on both sides of a clock change — and overrides
// for swaps and holidays, each naming a primary and a secondary; then the managers, the last step
// of every escalation. Who is on call at an instant: the last override listed that covers it, else
// the first shift listed that covers it, else nobody.
import * as rruleModule from 'rrule';
import { z } from 'zod';
import { DAY_MS, daysOfIsoDate, MINUTE_MS } from '../time/civil-date';
import { parseInstant } from '../time/instant';
import { timeZone, type TimeZone } from '../time/time-zone';
import { describeIssue } from '../validation/format-issues';

export const ROTA_FORMAT = 'casedesk.rota/1';

const person = z.string().trim().min(1, 'name the person').max(200);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00–23:59)');
const id = z.string().trim().min(1, 'an id is needed').max(40);
const isoDate = z.string().refine((d) => daysOfIsoDate(d) !== null, 'a date as YYYY-MM-DD');
const instantText = z.string().refine((t) => parseInstant(t).ok, 'an instant with its offset, such as 2026-12-24T18:00:00+01:00');

// rrule ships CommonJS for Node (its "main") and ES modules for bundlers (its "module"): Node's ES
// module loader (the command line, the app's main process) sees only a default export, a bundler
// (the page) only the named ones.
const { RRule } = (rruleModule as { default?: typeof rruleModule }).default ?? rruleModule;
type RRule = rruleModule.RRule;

/** Rule parts a shift's repeat may not use: its hours are `from` and `to`, its first day `starts`. */
const TIME_PARTS = ['byhour', 'byminute', 'bysecond', 'dtstart', 'tzid'] as const;

/** Why a repeat rule cannot be used, or null. */
export function repeatProblem(text: string): string | null {
  let options: Partial<ReturnType<typeof RRule.parseString>>;
  try {
    options = RRule.parseString(text);
  } catch (err) {
    return `not a repeat rule: ${(err as Error).message}`;
  }
  if (options.freq === undefined || options.freq === null) return 'a repeat rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY), such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
  if (options.freq > RRule.DAILY) return 'a shift repeats at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY); its hours are its from and to';
  for (const part of TIME_PARTS) if (options[part] !== undefined && options[part] !== null) return `a shift's repeat rule may not say ${part.toUpperCase()}: its hours are its from and to, its first day its starts`;
  return null;
}

const shiftSchema = z.strictObject({
  id,
  name: z.string().trim().min(1, 'name the shift').max(80),
  /** Which days it runs, as an RRULE (FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR), counted from `starts`. */
  repeat: z.string().trim().max(500).superRefine((text, ctx) => {
    const problem = repeatProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** The first day it may run (YYYY-MM-DD, in the policy's zone). */
  starts: isoDate,
  /** Its hours on each day it runs; a `to` at or before `from` ends the next day (equal: 24 hours). */
  from: clockTime,
  to: clockTime,
  primary: person,
  secondary: person.nullable(),
});

const overrideSchema = z
  .strictObject({
    id,
    from: instantText,
    to: instantText,
    primary: person,
    secondary: person.nullable(),
    /** Why: a swap, a holiday. */
    reason: z.string().trim().min(1, 'say why (a swap, a holiday)').max(500),
  })
  .refine((o) => instantMs(o.to) > instantMs(o.from), { message: 'an override must end after it starts', path: ['to'] });

export const rotaSchema = z
  .strictObject({
    format: z.literal(ROTA_FORMAT),
    shifts: z.array(shiftSchema).max(100, 'at most 100 shifts'),
    overrides: z.array(overrideSchema).max(1000, 'at most 1,000 overrides'),
    /** The last step of every escalation: paged together. */
    management: z.array(person).max(20, 'at most 20 managers'),
  })
  .superRefine((rota, ctx) => {
    const seen = new Set<string>();
    for (const [list, items] of [['shifts', rota.shifts], ['overrides', rota.overrides]] as const) {
      items.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `two entries have the id ${item.id}` });
        seen.add(item.id);
      });
    }
  });

export type Rota = z.output<typeof rotaSchema>;
export type Shift = Rota['shifts'][number];
export type Override = Rota['overrides'][number];

/** A rota with nobody on it: what a team has until it writes one. */
export function emptyRota(): Rota {
  return { format: ROTA_FORMAT, shifts: [], overrides: [], management: [] };
}

/** Who covers a stretch of time, and by which entry of the rota. */
export interface Cover {
  primary: string;
  secondary: string | null;
  management: readonly string[];
  /** The stretch, epoch ms: [from, to). */
  from: number;
  to: number;
  by: { kind: 'shift'; id: string; name: string } | { kind: 'override'; id: string; reason: string };
}

function instantMs(text: string): number {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.ms : NaN;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface CompiledShift {
  shift: Shift;
  rule: RRule;
  fromMinutes: number;
  /** Minutes after the start of its first day that it ends (past 1440: the next day). */
  toMinutes: number;
}

/** A rota ready to answer who is on call; build it once per rota and zone. */
export class CompiledRota {
  readonly zone: TimeZone;
  private readonly shifts: CompiledShift[];
  private readonly overrides: { override: Override; from: number; to: number }[];

  constructor(
    readonly rota: Rota,
    zoneName: string,
  ) {
    this.zone = timeZone(zoneName);
    this.shifts = rota.shifts.map((shift) => {
      const fromMinutes = minutesOf(shift.from);
      const to = minutesOf(shift.to);
      // rrule counts in "floating" time: a UTC midnight stands for the day in the policy's zone.
      const dtstart = new Date(daysOfIsoDate(shift.starts)! * DAY_MS);
      return { shift, rule: new RRule({ ...RRule.parseString(shift.repeat), dtstart }), fromMinutes, toMinutes: to <= fromMinutes ? to + 1440 : to };
    });
    this.overrides = rota.overrides.map((override) => ({ override, from: instantMs(override.from), to: instantMs(override.to) }));
  }

  /** Who is on call at `at`, or null when the rota leaves it uncovered. */
  coverAt(at: number): Cover | null {
    for (let i = this.overrides.length - 1; i >= 0; i--) {
      const o = this.overrides[i]!;
      if (o.from <= at && at < o.to) return this.overrideCover(o);
    }
    const day = this.zone.localDay(at);
    for (const compiled of this.shifts) {
      for (const stretch of this.stretches(compiled, day - 1, day)) if (stretch.from <= at && at < stretch.to) return stretch;
    }
    return null;
  }

  /**
   * Who is on call from `from` to `to`, as the calendar shows it: consecutive stretches, each with
   * the cover in force (null: nobody), split wherever the cover changes.
   */
  coversBetween(from: number, to: number): { from: number; to: number; cover: Cover | null }[] {
    const edges = new Set<number>([from, to]);
    for (const o of this.overrides) if (o.to > from && o.from < to) edges.add(o.from).add(o.to);
    const first = this.zone.localDay(from) - 1;
    const last = this.zone.localDay(to);
    for (const compiled of this.shifts) for (const s of this.stretches(compiled, first, last)) if (s.to > from && s.from < to) edges.add(s.from).add(s.to);
    const points = [...edges].filter((e) => e >= from && e <= to).sort((a, b) => a - b);
    const out: { from: number; to: number; cover: Cover | null }[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const cover = this.coverAt(points[i]!);
      const prev = out.at(-1);
      if (prev && sameCover(prev.cover, cover)) prev.to = points[i + 1]!;
      else out.push({ from: points[i]!, to: points[i + 1]!, cover });
    }
    return out;
  }

  /** The shift's stretches starting on the days `first` to `last` (local day numbers). */
  private stretches(compiled: CompiledShift, first: number, last: number): Cover[] {
    const days = compiled.rule.between(new Date(first * DAY_MS), new Date(last * DAY_MS), true);
    return days.map((date) => {
      const day = Math.round(date.getTime() / DAY_MS);
      const start = this.zone.instantOfWall(day * DAY_MS + compiled.fromMinutes * MINUTE_MS);
      const end = this.zone.instantOfWall(day * DAY_MS + compiled.toMinutes * MINUTE_MS);
      const { shift } = compiled;
      return { primary: shift.primary, secondary: shift.secondary, management: this.rota.management, from: start, to: end, by: { kind: 'shift', id: shift.id, name: shift.name } };
    });
  }

  private overrideCover(o: { override: Override; from: number; to: number }): Cover {
    const { override } = o;
    return { primary: override.primary, secondary: override.secondary, management: this.rota.management, from: o.from, to: o.to, by: { kind: 'override', id: override.id, reason: override.reason } };
  }
}

function sameCover(a: Cover | null, b: Cover | null): boolean {
  if (a === null || b === null) return a === b;
  return a.primary === b.primary && a.secondary === b.secondary && a.by.kind === b.by.kind && a.by.id === b.by.id;
}

/** The steps a page goes through: the primary, then the secondary, then the managers together (an empty step left out). */
export const PAGE_STEPS = ['primary', 'secondary', 'management'] as const;
export type PageStep = (typeof PAGE_STEPS)[number];

export function escalationChain(cover: Cover): { step: PageStep; to: string[] }[] {
  const chain: { step: PageStep; to: string[] }[] = [{ step: 'primary', to: [cover.primary] }];
  if (cover.secondary && cover.secondary !== cover.primary) chain.push({ step: 'secondary', to: [cover.secondary] });
  const managers = [...new Set(cover.management)].filter((m) => !chain.some((c) => c.to.includes(m)));
  if (managers.length > 0) chain.push({ step: 'management', to: managers });
  return chain;
}

export class RotaError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[],
  ) {
    super(message);
    this.name = 'RotaError';
  }
}

/** A rota from outside (a file, the server, a desktop's database), or a RotaError naming each thing wrong. */
export function parseRota(input: unknown, source = 'the rota'): Rota {
  const result = rotaSchema.safeParse(input);
  if (result.success) return result.data;
  // A shift is named by its name, an override by its reason: `shifts[0] (Weeknights).primary: name the person`.
  const issues = result.error.issues.map((issue) => {
    const [list, index, ...rest] = issue.path;
    const entries = (input as Record<string, unknown> | null)?.[String(list)];
    const entry = Array.isArray(entries) && typeof index === 'number' ? (entries[index] as Record<string, unknown> | undefined) : undefined;
    const label = list === 'shifts' ? entry?.name : list === 'overrides' ? entry?.reason : undefined;
    if (typeof label !== 'string' || label.trim() === '' || rest.length === 0) return describeIssue(issue);
    return describeIssue(issue, [`${String(list)}[${index as number}] (${label.trim()})`, ...rest]);
  });
  throw new RotaError(`${source} is not a valid ${ROTA_FORMAT} document:\n  ${issues.join('\n  ')}`, issues);
}

/** A rota from JSON text. */
export function parseRotaText(text: string, source = 'the rota'): Rota {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new RotaError(`${source} is not valid JSON: ${(err as Error).message}`, []);
  }
  return parseRota(data, source);
}
