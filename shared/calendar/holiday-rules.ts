// Observed holidays generated from the policy's rules for any year, plus the dates the policy adds
// or removes by hand. A fixed-date holiday on a weekend can be observed in the neighbouring year
// (New Year's Day 2011 on Friday 2010-12-31), so each year looks at the rules of its neighbours.
import type { HolidayAdjustments, HolidayRule } from '../policy/policy-schema';
import {
  daysFromCivil,
  daysInMonth,
  daysOfIsoDate,
  isoDateOfDays,
  weekdayOfDays,
  WEEKDAY_NAMES,
  civilFromDays,
} from '../time/civil-date';

export interface Holiday {
  date: string; // YYYY-MM-DD, local to the policy zone
  name: string;
}

export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2100;

function ruleDay(rule: HolidayRule, year: number): { days: number; name: string } | null {
  if (rule.type === 'fixed') {
    if (rule.day > daysInMonth(year, rule.month)) return null; // Feb 29 in a common year
    const actual = daysFromCivil(year, rule.month, rule.day);
    if (rule.observed === 'nearest-weekday') {
      const wd = weekdayOfDays(actual);
      if (wd === 6) return { days: actual - 1, name: `${rule.name} (observed)` };
      if (wd === 7) return { days: actual + 1, name: `${rule.name} (observed)` };
    }
    return { days: actual, name: rule.name };
  }
  const want = WEEKDAY_NAMES.indexOf(rule.weekday) + 1;
  let days: number;
  if (rule.nth > 0) {
    const first = daysFromCivil(year, rule.month, 1);
    days = first + ((want - weekdayOfDays(first) + 7) % 7) + (rule.nth - 1) * 7;
    if (civilFromDays(days).month !== rule.month) return null; // no fifth such weekday this month
  } else {
    const last = daysFromCivil(year, rule.month, daysInMonth(year, rule.month));
    days = last - ((weekdayOfDays(last) - want + 7) % 7);
  }
  return { days: days + rule.offsetDays, name: rule.name };
}

/** Observed holidays falling in `year` (local dates), sorted by date. */
export function holidaysOfYear(rules: readonly HolidayRule[], adjust: HolidayAdjustments, year: number): Holiday[] {
  const first = daysFromCivil(year, 1, 1);
  const last = daysFromCivil(year, 12, 31);
  const byDay = new Map<number, string>();
  const put = (days: number, name: string): void => {
    const existing = byDay.get(days);
    byDay.set(days, existing && existing !== name ? `${existing} / ${name}` : name);
  };
  for (const y of [year - 1, year, year + 1]) {
    for (const rule of rules) {
      const hit = ruleDay(rule, y);
      if (hit && hit.days >= first && hit.days <= last) put(hit.days, hit.name);
    }
  }
  for (const date of adjust.remove) {
    const days = daysOfIsoDate(date);
    if (days !== null) byDay.delete(days);
  }
  for (const { date, name } of adjust.add) {
    const days = daysOfIsoDate(date);
    if (days !== null && days >= first && days <= last) byDay.set(days, name);
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([days, name]) => ({ date: isoDateOfDays(days), name }));
}
