import { describe, expect, it } from 'vitest';
import { CompiledRota, emptyRota, escalationChain, parseRota, parseRotaText, ROTA_FORMAT, RotaError, type Rota } from '../../../shared/oncall/rota';
import { rotaCalendar } from '../../../shared/oncall/rota-calendar';

const ZONE = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

const rota: Rota = parseRota({
  format: ROTA_FORMAT,
  shifts: [
    // Weekday evenings into the night: 18:00 to 08:00 the next morning.
    { id: 'nights', name: 'Weeknights', repeat: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', starts: '2026-01-05', from: '18:00', to: '08:00', primary: 'Ana Lima', secondary: 'Bo Chen' },
    // Weekends around the clock, from Saturday 08:00 for 24 hours each day.
    { id: 'weekend', name: 'Weekend', repeat: 'FREQ=WEEKLY;BYDAY=SA,SU', starts: '2026-01-03', from: '08:00', to: '08:00', primary: 'Cy Dube', secondary: null },
  ],
  overrides: [
    { id: 'swap', from: '2026-12-08T18:00:00-05:00', to: '2026-12-09T08:00:00-05:00', primary: 'Bo Chen', secondary: 'Ana Lima', reason: 'swap: Ana at the dentist' },
  ],
  management: ['Mia Manager'],
});
const compiled = new CompiledRota(rota, ZONE);

describe('who is on call', () => {
  it('finds the weeknight shift, across midnight into the next morning', () => {
    // Monday 7 December 2026, 21:00 New York.
    expect(compiled.coverAt(at('2026-12-07T21:00:00-05:00'))).toMatchObject({ primary: 'Ana Lima', secondary: 'Bo Chen', by: { kind: 'shift', id: 'nights' } });
    // Tuesday 03:00: still Monday night's shift, which ends at 08:00.
    const night = compiled.coverAt(at('2026-12-08T03:00:00-05:00'))!;
    expect(night.primary).toBe('Ana Lima');
    expect(night.from).toBe(at('2026-12-07T18:00:00-05:00'));
    expect(night.to).toBe(at('2026-12-08T08:00:00-05:00'));
    // Tuesday 08:00 sharp: the shift is over (its end is not part of it); office hours have nobody on call.
    expect(compiled.coverAt(at('2026-12-08T08:00:00-05:00'))).toBeNull();
    expect(compiled.coverAt(at('2026-12-08T12:00:00-05:00'))).toBeNull();
  });

  it('lets an override win over the shift it covers, and only for its own hours', () => {
    expect(compiled.coverAt(at('2026-12-08T22:00:00-05:00'))).toMatchObject({ primary: 'Bo Chen', secondary: 'Ana Lima', by: { kind: 'override', reason: 'swap: Ana at the dentist' } });
    expect(compiled.coverAt(at('2026-12-09T21:00:00-05:00'))).toMatchObject({ primary: 'Ana Lima' });
  });

  it('runs a Friday night into the weekend shift without a gap', () => {
    expect(compiled.coverAt(at('2026-12-12T07:59:00-05:00'))).toMatchObject({ primary: 'Ana Lima' });
    expect(compiled.coverAt(at('2026-12-12T08:00:00-05:00'))).toMatchObject({ primary: 'Cy Dube', secondary: null });
    expect(compiled.coverAt(at('2026-12-14T07:00:00-05:00'))).toMatchObject({ primary: 'Cy Dube' });
    expect(compiled.coverAt(at('2026-12-14T08:00:00-05:00'))).toBeNull();
  });

  it('keeps wall-clock hours across a clock change: a shift across the night the clocks go back is 25 hours long', () => {
    // New York falls back on Sunday 1 November 2026; the weekend shift of Saturday 31 October runs
    // 08:00 to 08:00 the next day, 25 hours; Monday 2 November's night starts at 18:00 EST.
    const saturday = compiled.coverAt(at('2026-10-31T12:00:00-04:00'))!;
    expect(saturday.to - saturday.from).toBe(25 * 3_600_000);
    const monday = compiled.coverAt(at('2026-11-02T18:30:00-05:00'))!;
    expect(monday.from).toBe(at('2026-11-02T18:00:00-05:00'));
    // Spring forward on Sunday 8 March 2026: Saturday's shift, 08:00 EST to 08:00 EDT, is 23 hours.
    const spring = compiled.coverAt(at('2026-03-08T03:30:00-04:00'))!;
    expect(spring.from).toBe(at('2026-03-07T08:00:00-05:00'));
    expect(spring.to - spring.from).toBe(23 * 3_600_000);
  });

  it('does not run a shift before the day it starts, nor past its UNTIL', () => {
    const limited = new CompiledRota(
      parseRota({ ...rota, overrides: [], shifts: [{ ...rota.shifts[0]!, starts: '2026-12-09', repeat: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261210' }] }),
      ZONE,
    );
    expect(limited.coverAt(at('2026-12-08T21:00:00-05:00'))).toBeNull();
    expect(limited.coverAt(at('2026-12-09T21:00:00-05:00'))).toMatchObject({ primary: 'Ana Lima' });
    expect(limited.coverAt(at('2026-12-10T21:00:00-05:00'))).toMatchObject({ primary: 'Ana Lima' });
    expect(limited.coverAt(at('2026-12-11T21:00:00-05:00'))).toBeNull();
  });

  it('lays a week out as the calendar shows it: stretches split where the cover changes', () => {
    const week = compiled.coversBetween(at('2026-12-07T00:00:00-05:00'), at('2026-12-14T00:00:00-05:00'));
    const said = week.map((s) => `${new Date(s.from).toISOString().slice(5, 16)} ${s.cover?.primary ?? '—'}`);
    expect(said).toEqual([
      '12-07T05:00 Cy Dube', // Sunday's weekend shift until Monday 08:00
      '12-07T13:00 —',
      '12-07T23:00 Ana Lima',
      '12-08T13:00 —',
      '12-08T23:00 Bo Chen', // the swap
      '12-09T13:00 —',
      '12-09T23:00 Ana Lima',
      '12-10T13:00 —',
      '12-10T23:00 Ana Lima',
      '12-11T13:00 —',
      '12-11T23:00 Ana Lima',
      '12-12T13:00 Cy Dube', // Friday night straight into the weekend
    ]);
    expect(week.at(-1)!.to).toBe(at('2026-12-14T00:00:00-05:00'));
  });
});

describe('the rota calendar', () => {
  const hhmm = (ms: number) => new Date(ms - 5 * 3_600_000).toISOString().slice(11, 16);
  it('lays out the week of now, Monday first, day by day in the policy zone', () => {
    const calendar = rotaCalendar(rota, ZONE, at('2026-12-09T10:00:00-05:00'));
    expect(calendar.days.map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    const tuesday = calendar.days[1]!.stretches.map((s) => `${hhmm(s.from)}–${hhmm(s.to)} ${s.primary}/${s.secondary ?? '—'} ${s.by}`);
    expect(tuesday).toEqual(['00:00–08:00 Ana Lima/Bo Chen Weeknights', '18:00–00:00 Bo Chen/Ana Lima Override: swap: Ana at the dentist']);
    expect(calendar.days[5]!.stretches.map((s) => `${hhmm(s.from)}–${hhmm(s.to)} ${s.primary}`)).toEqual(['00:00–08:00 Ana Lima', '08:00–00:00 Cy Dube']);
  });

  it('says who is on call now and until when, a shift running into another with the same people being one', () => {
    expect(rotaCalendar(rota, ZONE, at('2026-12-07T21:00:00-05:00')).now).toEqual({ primary: 'Ana Lima', secondary: 'Bo Chen', until: at('2026-12-08T08:00:00-05:00'), by: 'Weeknights' });
    // Saturday to Monday morning: the weekend's two days are one stretch for Cy.
    expect(rotaCalendar(rota, ZONE, at('2026-12-12T09:00:00-05:00')).now?.until).toBe(at('2026-12-14T08:00:00-05:00'));
  });

  it('says when cover starts again when nobody is on call, and nothing at all for an empty rota', () => {
    const midday = rotaCalendar(rota, ZONE, at('2026-12-09T10:00:00-05:00'));
    expect(midday.now).toBeNull();
    expect(midday.nextCover).toEqual({ at: at('2026-12-09T18:00:00-05:00'), primary: 'Ana Lima' });
    const none = rotaCalendar(emptyRota(), ZONE, at('2026-12-09T10:00:00-05:00'));
    expect([none.now, none.nextCover, none.days.flatMap((d) => d.stretches)]).toEqual([null, null, []]);
  });
});

describe('the escalation chain', () => {
  it('goes primary, secondary, then management, leaving out an empty step and a repeated person', () => {
    expect(escalationChain(compiled.coverAt(at('2026-12-07T21:00:00-05:00'))!)).toEqual([
      { step: 'primary', to: ['Ana Lima'] },
      { step: 'secondary', to: ['Bo Chen'] },
      { step: 'management', to: ['Mia Manager'] },
    ]);
    expect(escalationChain(compiled.coverAt(at('2026-12-12T21:00:00-05:00'))!)).toEqual([
      { step: 'primary', to: ['Cy Dube'] },
      { step: 'management', to: ['Mia Manager'] },
    ]);
  });
});

describe('a rota from outside', () => {
  const shift = rota.shifts[0]!;
  const bad = (change: Partial<typeof shift>) => () => parseRota({ ...rota, shifts: [{ ...shift, ...change }] }, 'rota.json');

  it('names each thing wrong', () => {
    expect(bad({ repeat: 'EVERY MONDAY' })).toThrow(/rota\.json is not a valid casedesk\.rota\/1 document:[\s\S]*shifts\[0\] \(Weeknights\)\.repeat.*not a repeat rule/);
    expect(bad({ repeat: 'BYDAY=MO' })).toThrow(/needs FREQ/);
    expect(bad({ repeat: 'FREQ=HOURLY' })).toThrow(/at most daily/);
    expect(bad({ repeat: 'FREQ=DAILY;BYHOUR=9' })).toThrow(/may not say BYHOUR/);
    expect(bad({ from: '25:00' })).toThrow(/HH:MM/);
    expect(bad({ starts: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(bad({ primary: '  ' })).toThrow(/name the person/);
    expect(() => parseRota({ ...rota, overrides: [{ ...rota.overrides[0]!, to: rota.overrides[0]!.from }] })).toThrow(/end after it starts/);
    expect(() => parseRota({ ...rota, overrides: [{ ...rota.overrides[0]!, id: 'nights' }] })).toThrow(/two entries have the id nights/);
    expect(() => parseRotaText('{', 'rota.json')).toThrow(RotaError);
    expect(() => parseRota({ ...rota, format: 'casedesk.rota/2' })).toThrow(/format/);
  });
});
