// Stored cases with their clocks: every case evaluated under the policy it was logged under.
import { timelineOf } from '../../../shared/cases/case-timeline';
import { missingFields } from '../../../shared/cases/completeness';
import { compilePolicy, type CompiledPolicy } from '../../../shared/policy/compiled-policy';
import { evaluateCase, type CaseEvaluation } from '../../../shared/sla/sla-clock';
import type { CaseStore, SeqRange, StoredCase } from './case-store';

export interface EvaluatedCase {
  stored: StoredCase;
  loggedAt: number;
  evaluation: CaseEvaluation;
  policy: CompiledPolicy;
  missing: string[];
}

export function* evaluatedCases(store: CaseStore, at: number, range?: SeqRange): Generator<EvaluatedCase> {
  const policies = new Map<string, CompiledPolicy>();
  for (const stored of store.allCases(range)) {
    const key = `${stored.policyId}@${stored.policyVersion}`;
    let policy = policies.get(key);
    if (!policy) {
      policy = compilePolicy(store.policy(stored.policyId, stored.policyVersion));
      policies.set(key, policy);
    }
    const timeline = timelineOf(stored.record);
    yield {
      stored,
      loggedAt: timeline.loggedAt,
      evaluation: evaluateCase(timeline, policy, at),
      policy,
      missing: missingFields(stored.record).map((f) => f.field),
    };
  }
}
