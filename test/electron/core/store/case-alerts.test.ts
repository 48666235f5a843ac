// The scheduler's source on the desktop plans each open case from its stored clocks: the same
// alerts the planner gives from the case's history through the SLA engine, for every generated
// case, and a changed case planned again alone.
import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../../bench/support/generate-cases.mjs';
import { alertInputsOf, planCaseAlerts } from '../../../../shared/alerts/alert-plan';
import { parseCasesFile } from '../../../../shared/cases/case-format';
import { compilePolicy } from '../../../../shared/policy/compiled-policy';
import { defaultPolicy } from '../../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../../shared/time/instant';
import { storeAlertSource } from '../../../../electron/core/store/case-alerts';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { tempDbPath } from '../../../support/temp-db';

const policy = compilePolicy(defaultPolicy());

describe('the alert source of the desktop store', () => {
  for (const at of ['2010-03-13T20:00:00-05:00', '2010-11-24T17:45:00-05:00', '2011-06-30T12:00:00-04:00']) {
    it(`plans from the stored clocks what the engine plans from the histories, at ${at}`, () => {
      const now = instantOrThrow(at);
      const file = parseCasesFile(generateCases(3000, 11));
      const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
      store.importCases(file, defaultPolicy());
      const fromStore = [...storeAlertSource(store).planAll(now)];
      const fromEngine = file.timelines
        .flatMap((t) => (t.loggedAt > now ? [] : planCaseAlerts(alertInputsOf(t, policy, now), policy, now, Infinity)))
        .sort((a, b) => a.at - b.at);
      const key = (a: { caseId: string; kind: string; clock: string | null; at: number }) => `${a.at} ${a.caseId} ${a.kind} ${a.clock}`;
      expect(fromStore.map(key).sort()).toEqual(fromEngine.map(key).sort());
      expect(fromStore.length).toBeGreaterThan(10);
      store.close();
    });
  }

  it('plans one case again from its row after a change', () => {
    const now = instantOrThrow('2010-11-29T08:10:00-05:00');
    const store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
    store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases: [{ id: 'C-1', severity: 1, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T08:00:00-05:00' }] }), defaultPolicy());
    const source = storeAlertSource(store);
    expect(source.planCase('C-1', now).map((a) => `${a.kind} ${a.clock}`)).toEqual(['reminder response', 'breach response', 'reminder resolution', 'breach resolution']);
    applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T08:05:00-05:00', author: 'Dana', channel: 'phone' });
    expect(source.planCase('C-1', now).map((a) => `${a.kind} ${a.clock}`)).toEqual(['reminder resolution', 'breach resolution']);
    expect(source.planCase('C-404', now)).toEqual([]);
    store.close();
  });
});
