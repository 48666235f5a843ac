// The real core behind the UI in component tests: a CasedeskApiCore over a real SQLite file,
// answering asynchronously as both hosts do.
import { CHANNELS, type CasedeskApi } from '../../shared/ipc/contract';
import { parseCasesFile } from '../../shared/cases/case-format';
import { defaultPolicy } from '../../shared/policy/load-policy';
import { CasedeskApiCore } from '../../electron/core/api/casedesk-api';
import { CaseStore } from '../../electron/core/store/case-store';
import { tempDbPath } from '../support/temp-db';

export function coreApi(cases: unknown[], now: number): { api: CasedeskApi; store: CaseStore } {
  const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
  store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases }), defaultPolicy());
  const core = new CasedeskApiCore(store);
  const api = { ...Object.fromEntries(CHANNELS.map((c) => [c, async (input: unknown) => core.handle(c, input)])), onEvent: (l: never) => core.onEvent(l) } as unknown as CasedeskApi;
  return { api, store };
}
