// `casedesk alerts plan FILE --from --to`: the planner against the SLA engine. For generated cases
// around weekends, holidays and both changes of daylight saving time, with pauses, contacts,
// severity changes and events after --from (ignored), every due, breach and auto-close alert is at
// the instant `sla check --at FROM` gives, to the second; every reminder is its severity's lead
// before the due instant on the severity's calendar; the alerts come in time order, none twice.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/support/generate-cases.mjs';
import { countBetween } from '../../../shared/calendar/work-calendar';
import { compilePolicy } from '../../../shared/policy/compiled-policy';
import { defaultPolicy } from '../../../shared/policy/load-policy';
import { formatInstant, instantOrThrow } from '../../../shared/time/instant';
import { casedesk, tempFiles } from '../../support/run-casedesk';

const policy = compilePolicy(defaultPolicy());
const MINUTE = 60_000;
// Planning instants: a Friday evening before a weekend, the Wednesday before Thanksgiving, the
// nights of the changes to and from daylight saving time, Christmas Eve.
const FROMS = ['2010-03-13T20:00:00-05:00', '2010-11-06T23:30:00-04:00', '2010-11-24T17:45:00-05:00', '2010-12-24T12:00:00-05:00', '2011-01-14T18:59:00-05:00'];

interface Generated {
  id: string;
  severity: number;
  type: string;
  channel: string;
  loggedAt: string;
  events: Record<string, unknown>[];
}

/** Cases logged in the three days before `from` (a few just after it), with some history. */
function casesAround(from: string, count: number, seed: number): Generated[] {
  const random = seededRandom(seed);
  const at = instantOrThrow(from);
  const iso = (ms: number) => formatInstant(ms, policy.zone);
  return Array.from({ length: count }, (_, i) => {
    const loggedAt = at - Math.floor(random() * 3 * 24 * 60) * MINUTE + (random() < 0.05 ? 90 * MINUTE : 0);
    const events: Record<string, unknown>[] = [];
    let t = loggedAt;
    const n = Math.floor(random() * 5);
    for (let k = 0; k < n; k++) {
      t += Math.floor(random() * 18 * 60) * MINUTE;
      const r = random();
      if (r < 0.25) events.push({ at: iso(t), type: 'contact', channel: random() < 0.5 ? 'phone' : 'email' });
      else if (r < 0.5) events.push({ at: iso(t), type: 'status', status: random() < 0.8 ? 'awaiting-customer' : 'in-progress' });
      else if (r < 0.62) events.push({ at: iso(t), type: 'customer-reply' });
      else if (r < 0.72) events.push({ at: iso(t), type: 'severity', severity: 1 + Math.floor(random() * 3) });
      else if (r < 0.8) events.push({ at: iso(t), type: 'auto-close-hold', note: 'agreed to wait' });
      else if (r < 0.86) events.push({ at: iso(t), type: 'workaround' });
      else if (r < 0.9) events.push({ at: iso(t), type: 'status', status: 'resolved' });
      else events.push({ at: iso(t), type: 'note' });
    }
    return { id: `G-${seed}-${i}`, severity: 1 + Math.floor(random() * 3), type: random() < 0.03 ? 'feature-request' : 'problem', channel: 'email', loggedAt: iso(loggedAt), events };
  });
}

interface Alert {
  caseId: string;
  kind: string;
  clock: string | null;
  at: string;
}
interface ClockJson {
  state: string;
  dueAt: string | null;
  breachAt: string | null;
}
interface CaseJson {
  id: string;
  response: ClockJson;
  resolution: ClockJson;
  autoCloseAt: string | null;
}

let dir: string;
const generated: Generated[] = [];

beforeAll(() => {
  FROMS.forEach((from, i) => generated.push(...casesAround(from, 120, 7 + i)));
  dir = tempFiles({ 'cases.json': { format: 'casedesk.cases/1', cases: generated } });
});

function run(...args: string[]) {
  const result = casedesk(...args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('casedesk alerts plan', () => {
  for (const from of FROMS) {
    it(`agrees with sla check to the second, planning from ${from}`, () => {
      const file = join(dir, 'cases.json');
      const fromMs = instantOrThrow(from);
      const to = formatInstant(fromMs + 40 * 24 * 60 * MINUTE, policy.zone);
      const { alerts } = run('alerts', 'plan', file, '--from', from, '--to', to) as { alerts: Alert[] };
      const { cases } = run('sla', 'check', file, '--at', from) as { cases: CaseJson[] };
      const logged = new Map(generated.map((c) => [c.id, instantOrThrow(c.loggedAt)]));
      const severityOf = new Map(generated.map((c) => [c.id, c]));

      // In time order, none twice.
      const instants = alerts.map((a) => instantOrThrow(a.at));
      expect(instants).toEqual([...instants].sort((a, b) => a - b));
      expect(new Set(alerts.map((a) => JSON.stringify(a))).size).toBe(alerts.length);
      expect(instants.every((t) => t > fromMs && t <= instantOrThrow(to))).toBe(true);

      // Due, breach and auto-close: exactly what the engine says at --from, for the cases reported by then.
      const expected: string[] = [];
      for (const c of cases) {
        if (logged.get(c.id)! > fromMs) continue;
        const closeAt = c.autoCloseAt === null ? Infinity : instantOrThrow(c.autoCloseAt);
        for (const clock of ['response', 'resolution'] as const) {
          const k = c[clock];
          if (k.state !== 'running' || k.breachAt === null) continue;
          if (k.dueAt !== k.breachAt && instantOrThrow(k.dueAt!) > fromMs && instantOrThrow(k.dueAt!) < closeAt) expected.push(`${c.id} due ${clock} ${k.dueAt}`);
          if (instantOrThrow(k.breachAt) < closeAt) expected.push(`${c.id} breach ${clock} ${k.breachAt}`);
        }
        if (c.autoCloseAt !== null) expected.push(`${c.id} auto-close - ${c.autoCloseAt}`);
      }
      const planned = alerts.filter((a) => a.kind === 'due' || a.kind === 'breach' || a.kind === 'auto-close').map((a) => `${a.caseId} ${a.kind} ${a.clock ?? '-'} ${a.at}`);
      expect(planned.sort()).toEqual(expected.filter((line) => instantOrThrow(line.split(' ').at(-1)!) <= instantOrThrow(to)).sort());
      expect(planned.length).toBeGreaterThan(50);

      // Reminders: the lead before the due instant on the severity's calendar, at the earliest such instant.
      const reminders = alerts.filter((a) => a.kind === 'reminder');
      expect(reminders.length).toBeGreaterThan(20);
      for (const r of reminders) {
        const c = cases.find((x) => x.id === r.caseId)!;
        const due = instantOrThrow(c[r.clock as 'response' | 'resolution'].dueAt!);
        const record = severityOf.get(r.caseId)!;
        const severities = [record.severity, ...record.events.filter((e) => e.type === 'severity' && instantOrThrow(e.at) <= fromMs).map((e) => e.severity as number)];
        const s = policy.severities.get(severities.at(-1)!)!;
        const at = instantOrThrow(r.at);
        expect(countBetween(s.calendar, at, due), `${r.caseId} ${r.clock} reminder at ${r.at}, due ${formatInstant(due, policy.zone)}`).toBe(s.remindBeforeMs);
        expect(countBetween(s.calendar, at - MINUTE, due)).toBeGreaterThan(s.remindBeforeMs!);
      }
    });
  }

  it('refuses a missing or malformed instant, or --to before --from, with exit 2 and nothing printed', () => {
    const file = join(dir, 'cases.json');
    const missing = casedesk('alerts', 'plan', file, '--to', FROMS[0]!);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--from is required: an ISO 8601 instant with its offset');
    const local = casedesk('alerts', 'plan', file, '--from', '2010-11-24T17:45:00', '--to', FROMS[0]!);
    expect(local.status).toBe(2);
    expect(local.stderr).toMatch(/--from: .*offset/);
    const backwards = casedesk('alerts', 'plan', file, '--from', FROMS[1]!, '--to', FROMS[0]!);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toContain('--to (2010-03-13T20:00:00-05:00) is before --from (2010-11-06T23:30:00-04:00)');
    expect(missing.stdout + local.stdout + backwards.stdout).toBe('');
  });

  it('prints {"alerts":[]} when nothing is due in the window', () => {
    const result = casedesk('alerts', 'plan', join(dir, 'cases.json'), '--from', '2030-01-01T00:00:00Z', '--to', '2030-01-02T00:00:00Z');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('{"alerts":[]}\n');
  });
});
