// The full scans the command line runs over every case — the case list and the compliance
// report — written as tasks over a range of cases, so one scan can be split between this thread
// and a worker (parallel-scan.ts). Each task's result is plain data a worker can post back.
import { missingFields } from '../../../shared/cases/completeness';
import { ComplianceReportBuilder, type ReportPart } from '../../../shared/sla/compliance-report';
import { clockMembersText } from '../../../shared/sla/evaluation-json';
import type { ClockResult } from '../../../shared/sla/sla-clock';
import { DAY_MS } from '../../../shared/time/civil-date';
import { formatInstant } from '../../../shared/time/instant';
import type { TimeZone } from '../../../shared/time/time-zone';
import { evaluatedCases, evaluatedTimelines } from './case-evaluations';
import type { CaseStore, SeqRange } from './case-store';
import { printable } from '../../../shared/validation/control-characters';

export interface ListParams {
  at: number;
  json: boolean;
}

export interface ListResult {
  count: number;
  zone: string | null;
}

/** Cases per emitted batch: small, so lines are written before they outlive a young-generation GC. */
const BATCH = 100;

function clockText(c: ClockResult, zone: TimeZone): string {
  const short = (ms: number) => formatInstant(ms, zone).slice(0, 16).replace('T', ' ');
  switch (c.state) {
    case 'running':
      return `running, due ${short(c.dueAt!)}`;
    case 'paused':
      return 'paused';
    case 'met':
      return `met ${short(c.metAt!)}`;
    case 'breached':
      return `BREACHED ${short(c.breachAt!)}`;
    case 'not-applicable':
      return 'n/a';
    case 'unreachable':
      return 'UNREACHABLE (beyond 10 years)';
  }
}

/** A table cell: text from outside shown, never obeyed, by the terminal (control characters escaped). */
function pad(text: string, width: number): string {
  const shown = printable(text);
  const clipped = shown.length > width ? `${shown.slice(0, width - 1)}…` : shown;
  return clipped.padEnd(width);
}

export const LIST_HEADER = `${pad('NUMBER', 10)} ${pad('ID', 14)} SEV ${pad('STATUS', 17)} ${pad('COMPANY', 16)} ${pad('RESPONSE', 28)} ${pad('RESOLUTION', 28)} MISSING\n`;

/**
 * Every case of `range` with both clocks: JSON objects (one per line, joined by ",\n" within a
 * batch) or table lines. `emit` receives each batch of text in order.
 */
export function listCases(store: CaseStore, range: SeqRange, params: ListParams, emit: (text: string) => void): ListResult {
  let items: string[] = [];
  let count = 0;
  let zone: string | null = null;
  const flush = () => {
    if (items.length) emit(items.join(params.json ? ',\n' : ''));
    items = [];
  };
  for (const { stored, evaluation, policy } of evaluatedCases(store, params.at, range)) {
    zone ??= policy.zone.name;
    const r = stored.record;
    const missing = missingFields(r).map((f) => f.field);
    if (params.json) {
      const head = JSON.stringify({
        id: r.id,
        number: stored.number,
        severity: evaluation.severityNow,
        status: evaluation.status,
        type: r.type,
        company: r.company ?? null,
        summary: r.summary ?? null,
        engineer: r.engineer ?? null,
        loggedAt: r.loggedAt,
        missing,
      });
      items.push(`${head.slice(0, -1)},${clockMembersText(evaluation, policy.zone)}}`);
    } else {
      items.push(
        `${pad(stored.number, 10)} ${pad(r.id, 14)} ${String(evaluation.severityNow).padEnd(3)} ${pad(evaluation.status, 17)} ${pad(r.company ?? '', 16)} ${pad(
          clockText(evaluation.response, policy.zone),
          28,
        )} ${pad(clockText(evaluation.resolution, policy.zone), 28)} ${missing.length}\n`,
      );
    }
    if (++count % BATCH === 0) flush();
  }
  flush();
  return { count, zone };
}

export interface ReportParams {
  at: number;
  /** First and last local day (day numbers in the policy zone) of first report; null for open. */
  fromDay: number | null;
  toDay: number | null;
}

/** The compliance report's tallies over `range`, to be merged with the other parts. */
export function reportPart(store: CaseStore, range: SeqRange, params: ReportParams): ReportPart {
  const builder = new ComplianceReportBuilder();
  for (const { number, evaluation, policy, loggedAt } of evaluatedTimelines(store, params.at, range)) {
    const day = Math.floor(policy.zone.wallOf(loggedAt) / DAY_MS);
    if ((params.fromDay !== null && day < params.fromDay) || (params.toDay !== null && day > params.toDay)) continue;
    builder.add({ evaluation, loggedAt, number, policy });
  }
  return builder.part();
}
