// The real core behind the UI in component tests: a CasedeskApiCore over a real SQLite file,
// answering asynchronously as both hosts do.
import { CHANNELS, type CasedeskApi } from '../../shared/ipc/contract';
import { parseCasesFile } from '../../shared/cases/case-format';
import { defaultPolicy } from '../../shared/policy/load-policy';
import type { Policy } from '../../shared/policy/policy-schema';
import { CasedeskApiCore } from '../../electron/core/api/casedesk-api';
import { CaseStore } from '../../electron/core/store/case-store';
import { tempDbPath } from '../support/temp-db';

/** `policy`: the policy in force, the cases logged under it (by default the customer's own). */
export function coreApi(cases: unknown[], now: number, policy: Policy = defaultPolicy()): { api: CasedeskApi; store: CaseStore; core: CasedeskApiCore } {
  const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
  if (policy !== defaultPolicy()) store.usePolicy(policy);
  store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases }), policy);
  const core = new CasedeskApiCore(store);
  const api = { ...Object.fromEntries(CHANNELS.map((c) => [c, async (input: unknown) => core.handle(c, input)])), onEvent: (l: never) => core.onEvent(l) } as unknown as CasedeskApi;
  return { api, store, core };
}
