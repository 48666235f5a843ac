// Builds case timelines from compact literals and evaluates them under the default policy.
import { parseCasesFile } from '../../shared/cases/case-format';
import { compilePolicy } from '../../shared/policy/compiled-policy';
import { defaultPolicy } from '../../shared/policy/load-policy';
import { evaluationJson, type CaseEvaluationJson } from '../../shared/sla/evaluation-json';
import { evaluateCase, type CaseEvaluation } from '../../shared/sla/sla-clock';
import { instantOrThrow } from '../../shared/time/instant';

export const policy = compilePolicy(defaultPolicy());

export interface CaseSpec {
  id?: string;
  severity: number;
  type?: 'problem' | 'feature-request';
  loggedAt: string;
  events?: Record<string, unknown>[];
}

export function timeline(spec: CaseSpec) {
  const parsed = parseCasesFile({
    format: 'casedesk.cases/1',
    cases: [{ id: spec.id ?? 'C-1', type: spec.type ?? 'problem', severity: spec.severity, loggedAt: spec.loggedAt, events: spec.events ?? [] }],
  });
  return parsed.timelines[0]!;
}

export function evaluate(spec: CaseSpec, at: string): CaseEvaluation {
  return evaluateCase(timeline(spec), policy, instantOrThrow(at));
}

export function check(spec: CaseSpec, at: string): CaseEvaluationJson {
  return evaluationJson(evaluate(spec, at), policy.zone);
}
