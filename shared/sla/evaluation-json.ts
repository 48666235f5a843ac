// The evaluation as the JSON of sla-semantics.md ("Evaluation output"): instants as ISO 8601 in
// the policy zone, nothing else.
import type { TimeZone } from '../time/time-zone';
import { formatInstant } from '../time/instant';
import type { CaseEvaluation, ClockResult, ClockName, ClockState } from './sla-clock';

export interface ClockJson {
  state: ClockState;
  dueAt: string | null;
  breachAt: string | null;
  metAt: string | null;
}

export interface CaseEvaluationJson {
  id: string;
  response: ClockJson;
  resolution: ClockJson;
  escalations: { clock: ClockName; at: string }[];
  autoCloseAt: string | null;
}

export function evaluationJson(evaluation: CaseEvaluation, zone: TimeZone): CaseEvaluationJson {
  const iso = (ms: number | null): string | null => (ms === null ? null : formatInstant(ms, zone));
  const clock = (c: ClockResult): ClockJson => ({
    state: c.state,
    dueAt: iso(c.dueAt),
    breachAt: iso(c.breachAt),
    metAt: iso(c.metAt),
  });
  return {
    id: evaluation.id,
    response: clock(evaluation.response),
    resolution: clock(evaluation.resolution),
    escalations: evaluation.escalations.map((e) => ({ clock: e.clock, at: formatInstant(e.at, zone) })),
    autoCloseAt: iso(evaluation.autoCloseAt),
  };
}

function quoted(ms: number | null, zone: TimeZone): string {
  return ms === null ? 'null' : `"${formatInstant(ms, zone)}"`;
}

function clockText(c: ClockResult, zone: TimeZone): string {
  return `{"state":"${c.state}","dueAt":${quoted(c.dueAt, zone)},"breachAt":${quoted(c.breachAt, zone)},"metAt":${quoted(c.metAt, zone)}}`;
}

/**
 * The clock members of the evaluation JSON, `"response":…,"resolution":…,"escalations":…,
 * "autoCloseAt":…`, written directly: commands print hundreds of thousands of these.
 */
export function clockMembersText(evaluation: CaseEvaluation, zone: TimeZone): string {
  let escalations = '';
  for (const e of evaluation.escalations) {
    escalations += `${escalations ? ',' : ''}{"clock":"${e.clock}","at":"${formatInstant(e.at, zone)}"}`;
  }
  return (
    `"response":${clockText(evaluation.response, zone)},"resolution":${clockText(evaluation.resolution, zone)},` +
    `"escalations":[${escalations}],"autoCloseAt":${quoted(evaluation.autoCloseAt, zone)}`
  );
}

/** The same JSON as `JSON.stringify(evaluationJson(…))`, written directly. */
export function evaluationJsonText(evaluation: CaseEvaluation, zone: TimeZone): string {
  return `{"id":${JSON.stringify(evaluation.id)},${clockMembersText(evaluation, zone)}}`;
}
