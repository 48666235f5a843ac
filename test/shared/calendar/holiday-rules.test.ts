import { describe, expect, it } from 'vitest';
import { holidaysOfYear } from '../../../shared/calendar/holiday-rules';
import { defaultPolicy } from '../../../shared/policy/load-policy';

const policy = defaultPolicy();
const holidays = (year: number, adjust = policy.holidays) => holidaysOfYear(policy.holidays.rules, adjust, year);

describe('holiday rules of the default policy', () => {
  it("gives exactly the support policy's list of observed holidays for 2010", () => {
    expect(holidays(2010)).toEqual([
      { date: '2010-01-01', name: "New Year's Day" },
      { date: '2010-02-15', name: "Presidents' Day" },
      { date: '2010-05-31', name: 'Memorial Day' },
      { date: '2010-07-05', name: 'Independence Day (observed)' },
      { date: '2010-09-06', name: 'Labor Day' },
      { date: '2010-11-25', name: 'Thanksgiving Day' },
      { date: '2010-11-26', name: 'Day after Thanksgiving' },
      { date: '2010-12-24', name: 'Christmas Day (observed)' },
      { date: '2010-12-31', name: "New Year's Day (observed)" },
    ]);
  });

  it("does not observe 2011's New Year in 2011 when it fell on a Saturday", () => {
    const dates = holidays(2011).map((h) => h.date);
    expect(dates).not.toContain('2011-01-01');
    expect(dates).not.toContain('2010-12-31');
    expect(dates[0]).toBe('2011-02-21');
  });

  it('moves a Sunday holiday to the Monday after', () => {
    expect(holidays(2021)).toContainEqual({ date: '2021-07-05', name: 'Independence Day (observed)' });
    expect(holidays(2022)).toContainEqual({ date: '2022-12-26', name: 'Christmas Day (observed)' });
  });

  it('finds the last Monday of May in a month with five Mondays', () => {
    expect(holidays(2021)).toContainEqual({ date: '2021-05-31', name: 'Memorial Day' });
    expect(holidays(2022)).toContainEqual({ date: '2022-05-30', name: 'Memorial Day' });
  });

  it('observes seven to nine weekday holidays in every year from 1970 to 2100', () => {
    for (let year = 1970; year <= 2100; year++) {
      const list = holidays(year);
      // Seven when New Year's Day fell on a Saturday and went to the year before; nine when next
      // year's is observed on December 31.
      expect(list.length, String(year)).toBeGreaterThanOrEqual(7);
      expect(list.length, String(year)).toBeLessThanOrEqual(9);
      for (const h of list) {
        expect(h.date.startsWith(String(year)), `${year} ${h.date}`).toBe(true);
        expect(new Date(`${h.date}T12:00:00Z`).getUTCDay(), `${h.date} is a weekday`).not.toBeOneOf([0, 6]);
      }
    }
    expect(holidays(1972).map((h) => h.name)).not.toContain("New Year's Day");
    expect(holidays(1971).at(-1)).toEqual({ date: '1971-12-31', name: "New Year's Day (observed)" });
  });

  it('adds and removes single dates on top of the rules', () => {
    const adjusted = holidays(2010, {
      rules: policy.holidays.rules,
      add: [{ date: '2010-12-27', name: 'Company shutdown' }],
      remove: ['2010-12-31'],
    });
    expect(adjusted).toContainEqual({ date: '2010-12-27', name: 'Company shutdown' });
    expect(adjusted.map((h) => h.date)).not.toContain('2010-12-31');
  });
});
