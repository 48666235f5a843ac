// A policy made ready for evaluation: its zone, its two calendars (with their per-day caches) and
// its severities by level. Compiled once per policy object and reused for every case.
import { BusinessCalendar, ContinuousCalendar, type WorkCalendar } from '../calendar/work-calendar';
import { timeZone, type TimeZone } from '../time/time-zone';
import { durationMs, type CalendarKind, type ContactChannel, type Policy, type SeverityPolicy } from './policy-schema';

export interface CompiledSeverity {
  level: number;
  name: string;
  calendar: WorkCalendar;
  responseDueMs: number;
  responseBreachMs: number;
  resolutionDueMs: number;
  resolutionBreachMs: number;
  responseChannels: ReadonlySet<ContactChannel>;
  /** How long before a due instant its reminder comes, on this severity's calendar; null: none. */
  remindBeforeMs: number | null;
  source: SeverityPolicy;
}

export interface CompiledPolicy {
  policy: Policy;
  zone: TimeZone;
  business: BusinessCalendar;
  continuous: ContinuousCalendar;
  severities: ReadonlyMap<number, CompiledSeverity>;
  pauseStatuses: ReadonlySet<string>;
  autoCloseDays: number;
  /** Days before an auto-close that its warning comes; 0: none. */
  autoCloseWarnDays: number;
}

const compiled = new WeakMap<Policy, CompiledPolicy>();

export function compilePolicy(policy: Policy): CompiledPolicy {
  let result = compiled.get(policy);
  if (result) return result;
  const business = new BusinessCalendar(policy);
  const continuous = new ContinuousCalendar();
  const calendars: Record<CalendarKind, WorkCalendar> = { business, '24x7': continuous };
  const severities = new Map<number, CompiledSeverity>();
  for (const s of policy.severities) {
    const responseDueMs = durationMs(s.response.due);
    const resolutionDueMs = durationMs(s.resolution.due);
    const reminder = policy.alerts.reminders.find((r) => r.severity === s.level);
    severities.set(s.level, {
      level: s.level,
      name: s.name,
      calendar: calendars[s.calendar],
      responseDueMs,
      responseBreachMs: s.response.breach ? durationMs(s.response.breach) : responseDueMs,
      resolutionDueMs,
      resolutionBreachMs: s.resolution.breach ? durationMs(s.resolution.breach) : resolutionDueMs,
      responseChannels: new Set(s.responseChannels),
      remindBeforeMs: reminder ? durationMs(reminder.before) : null,
      source: s,
    });
  }
  result = {
    policy,
    zone: timeZone(policy.timeZone),
    business,
    continuous,
    severities,
    pauseStatuses: new Set(policy.pauseStatuses),
    autoCloseDays: policy.autoClose.afterDays,
    autoCloseWarnDays: policy.autoClose.warnDaysBefore,
  };
  compiled.set(policy, result);
  return result;
}
