// Stored cases with their clocks: every case evaluated under the policy it was logged under.
import { timelineOf } from '../../../shared/cases/case-timeline';
import { compilePolicy, type CompiledPolicy } from '../../../shared/policy/compiled-policy';
import { evaluateCase, type CaseEvaluation } from '../../../shared/sla/sla-clock';
import type { CaseStore, SeqRange, StoredCase } from './case-store';

export interface EvaluatedCase {
  stored: StoredCase;
  loggedAt: number;
  evaluation: CaseEvaluation;
  policy: CompiledPolicy;
}

function policyCache(store: CaseStore): (id: string, version: number) => CompiledPolicy {
  const policies = new Map<string, CompiledPolicy>();
  return (id, version) => {
    const key = `${id}@${version}`;
    let policy = policies.get(key);
    if (!policy) {
      policy = compilePolicy(store.policy(id, version));
      policies.set(key, policy);
    }
    return policy;
  };
}

/** Every case's clocks without its other fields: lighter, for the report. */
export function* evaluatedTimelines(store: CaseStore, at: number, range?: SeqRange): Generator<{ number: string; loggedAt: number; evaluation: CaseEvaluation; policy: CompiledPolicy }> {
  const policyOf = policyCache(store);
  for (const { number, policyId, policyVersion, timeline } of store.caseTimelines(range)) {
    const policy = policyOf(policyId, policyVersion);
    yield { number, loggedAt: timeline.loggedAt, evaluation: evaluateCase(timeline, policy, at), policy };
  }
}

export function* evaluatedCases(store: CaseStore, at: number, range?: SeqRange): Generator<EvaluatedCase> {
  const policyOf = policyCache(store);
  for (const stored of store.allCases(range)) {
    const policy = policyOf(stored.policyId, stored.policyVersion);
    const timeline = timelineOf(stored.record);
    yield {
      stored,
      loggedAt: timeline.loggedAt,
      evaluation: evaluateCase(timeline, policy, at),
      policy,
    };
  }
}
