// SLA compliance for managers: per severity and month of first report, how many clocks were met,
// breached, not applicable or still open, the median response and resolution times, and every
// escalation (instants in the zone of the cases' policy). Pure: it reads evaluations, whoever
// computed them.
import { countBetween } from '../calendar/work-calendar';
import type { CompiledPolicy } from '../policy/compiled-policy';
import { formatInstant } from '../time/instant';
import { timeZone, type TimeZone } from '../time/time-zone';
import { severityOf, type CaseEvaluation, type ClockName, type ClockResult } from './sla-clock';

export interface ClockTally {
  met: number;
  breached: number;
  notApplicable: number;
  open: number; // running or paused at the evaluation instant
  /** Median time from first report to the stop, of the clocks that stopped: real elapsed and as the clock counts it. */
  medianElapsedMinutes: number | null;
  medianCountedMinutes: number | null;
}

export interface ReportRow {
  month: string; // YYYY-MM of the first report, in the policy zone
  /** The severity that judged the clocks of this row (for a clock that does not apply: the case's). */
  severity: number;
  /** Cases with at least one clock in this row. */
  cases: number;
  response: ClockTally;
  resolution: ClockTally;
}

export interface ReportEscalation {
  caseId: string;
  number: string | null;
  clock: ClockName;
  at: string;
  severity: number;
}

export interface ComplianceReport {
  /** The zone of the months and instants (the cases' policy zone). */
  zone: string | null;
  rows: ReportRow[];
  escalations: ReportEscalation[];
}

export interface ReportInput {
  evaluation: CaseEvaluation;
  loggedAt: number;
  number: string | null;
  policy: CompiledPolicy;
}

interface Accumulator {
  row: ReportRow;
  times: Record<ClockName, { elapsed: number[]; counted: number[] }>;
}

/** An escalation as collected: its instant still in epoch ms, formatted when the report is built. */
type PendingEscalation = Omit<ReportEscalation, 'at'> & { ms: number };

/** A builder's state as plain data: built over part of the cases, merged with the other parts. */
export interface ReportPart {
  zone: string | null;
  groups: Accumulator[];
  escalations: PendingEscalation[];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value / 60_000);
}

const emptyTally = (): ClockTally => ({ met: 0, breached: 0, notApplicable: 0, open: 0, medianElapsedMinutes: null, medianCountedMinutes: null });

export class ComplianceReportBuilder {
  private readonly groups = new Map<string, Accumulator>();
  private readonly escalations: PendingEscalation[] = [];
  private zone: TimeZone | null = null;

  add({ evaluation, loggedAt, number, policy }: ReportInput): void {
    this.zone ??= policy.zone;
    const month = formatInstant(loggedAt, policy.zone).slice(0, 7);
    // Each clock counts under the severity that judged it: a Severity-1 breach stays a
    // Severity-1 breach when the case is lowered later.
    let counted: Accumulator | null = null;
    for (const clock of [evaluation.response, evaluation.resolution]) {
      const acc = this.group(month, clock.severity ?? evaluation.severityNow);
      if (acc !== counted) acc.row.cases++;
      counted = acc;
      this.tally(acc, clock, loggedAt, policy, evaluation.id);
    }
    for (const e of evaluation.escalations) {
      this.escalations.push({ ms: e.at, caseId: evaluation.id, number, clock: e.clock, severity: e.severity });
    }
  }

  private group(month: string, severity: number): Accumulator {
    const key = `${month}|${severity}`;
    let acc = this.groups.get(key);
    if (!acc) {
      acc = {
        row: { month, severity, cases: 0, response: emptyTally(), resolution: emptyTally() },
        times: { response: { elapsed: [], counted: [] }, resolution: { elapsed: [], counted: [] } },
      };
      this.groups.set(key, acc);
    }
    return acc;
  }

  private tally(acc: Accumulator, clock: ClockResult, loggedAt: number, policy: CompiledPolicy, caseId: string): void {
    const tally = acc.row[clock.clock];
    if (clock.state === 'met') tally.met++;
    else if (clock.state === 'breached') tally.breached++;
    else if (clock.state === 'not-applicable') tally.notApplicable++;
    else tally.open++;
    if (clock.metAt !== null && clock.severity !== null) {
      const calendar = severityOf(policy, clock.severity, caseId).calendar;
      acc.times[clock.clock].elapsed.push(clock.metAt - loggedAt);
      acc.times[clock.clock].counted.push(countBetween(calendar, loggedAt, clock.metAt, clock.pauses));
    }
  }

  part(): ReportPart {
    return { zone: this.zone?.name ?? null, groups: [...this.groups.values()], escalations: this.escalations };
  }

  /** Add the tallies of a part built elsewhere (another thread, over other cases). */
  merge(part: ReportPart): void {
    if (part.zone) this.zone ??= timeZone(part.zone);
    for (const other of part.groups) {
      const key = `${other.row.month}|${other.row.severity}`;
      const mine = this.groups.get(key);
      if (!mine) {
        this.groups.set(key, other);
        continue;
      }
      mine.row.cases += other.row.cases;
      for (const clock of ['response', 'resolution'] as const) {
        for (const k of ['met', 'breached', 'notApplicable', 'open'] as const) mine.row[clock][k] += other.row[clock][k];
        for (const t of other.times[clock].elapsed) mine.times[clock].elapsed.push(t);
        for (const t of other.times[clock].counted) mine.times[clock].counted.push(t);
      }
    }
    for (const e of part.escalations) this.escalations.push(e);
  }

  build(): ComplianceReport {
    const rows = [...this.groups.values()]
      .map(({ row, times }) => {
        for (const clock of ['response', 'resolution'] as const) {
          row[clock].medianElapsedMinutes = median(times[clock].elapsed);
          row[clock].medianCountedMinutes = median(times[clock].counted);
        }
        return row;
      })
      .sort((a, b) => a.month.localeCompare(b.month) || a.severity - b.severity);
    const zone = this.zone;
    const escalations = [...this.escalations]
      .sort((a, b) => a.ms - b.ms)
      .map(({ ms, caseId, number, clock, severity }) => ({ caseId, number, clock, at: formatInstant(ms, zone!), severity }));
    return { zone: zone?.name ?? null, rows, escalations };
  }
}
