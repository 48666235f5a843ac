import { describe, expect, it } from 'vitest';
import { parseCasesFile } from '../../../../shared/cases/case-format';
import { defaultPolicy } from '../../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../../shared/time/instant';
import { queueCounts, queuePageOf, queueStatements } from '../../../../electron/core/store/case-queue';
import { connectionOf } from '../../../../electron/core/store/case-store';
import { STALE_CLOCKS } from '../../../../electron/core/store/case-clocks';
import { QUEUE_SORTS, QUEUE_VIEWS } from '../../../../shared/ipc/contract';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { tempDbPath } from '../../../support/temp-db';

const base = { type: 'problem', channel: 'email' };
const cases = [
  { ...base, id: 'C-1', severity: 1, loggedAt: '2010-11-29T08:00:00-05:00', company: 'Contoso', summary: 'All mail deferred', engineer: 'Dana' },
  { ...base, id: 'C-2', severity: 2, loggedAt: '2010-11-29T09:00:00-05:00', company: 'Northwind', summary: 'Digest missing', engineer: 'Lee' },
  {
    ...base, id: 'C-3', severity: 3, loggedAt: '2010-11-22T09:00:00-05:00', company: 'Fabrikam', summary: 'TLS warnings',
    events: [{ at: '2010-11-22T10:00:00-05:00', type: 'contact', channel: 'phone' }, { at: '2010-11-23T10:00:00-05:00', type: 'status', status: 'awaiting-customer' }],
  },
  {
    ...base, id: 'C-4', severity: 2, loggedAt: '2010-11-01T09:00:00-05:00', company: 'Adatum', summary: 'Old resolved one', engineer: 'Dana',
    events: [{ at: '2010-11-01T10:00:00-05:00', type: 'contact', channel: 'phone' }, { at: '2010-11-02T10:00:00-05:00', type: 'status', status: 'closed' }],
  },
];

function storeAt(now: string) {
  const clock = { now: () => instantOrThrow(now) };
  const store = CaseStore.open(tempDbPath(), { create: true, clock });
  store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases }), defaultPolicy());
  return { store, now: clock.now() };
}

describe('the case queue', () => {
  it('opens on the open cases, soonest breach first, with live clock states', () => {
    const { store, now } = storeAt('2010-11-29T09:30:00-05:00');
    const page = queuePageOf(store, {}, now);
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.id)).toEqual(['C-1', 'C-2', 'C-3']);
    expect(page.rows[0]).toMatchObject({
      number: expect.stringMatching(/-1$/),
      severity: 1,
      status: 'new',
      response: { state: 'breached', breachAt: instantOrThrow('2010-11-29T09:00:00-05:00'), metAt: null },
      resolution: { state: 'running', breachAt: instantOrThrow('2010-11-30T08:00:00-05:00') },
    });
    expect(page.rows[1]).toMatchObject({ response: { state: 'running', dueAt: instantOrThrow('2010-11-29T13:00:00-05:00') } });
    expect(page.rows[2]).toMatchObject({ status: 'awaiting-customer', resolution: { state: 'paused', dueAt: null } });
  });

  it('turns a clock breached when its breach instant passes, without any change to the case', () => {
    const { store } = storeAt('2010-11-29T08:30:00-05:00');
    const before = queuePageOf(store, { view: 'sev1' }, instantOrThrow('2010-11-29T08:59:00-05:00'));
    expect(before.rows[0]!.response.state).toBe('running');
    const after = queuePageOf(store, { view: 'sev1' }, instantOrThrow('2010-11-29T09:00:00-05:00'));
    expect(after.rows[0]!.response.state).toBe('breached');
  });

  it('closes a case by auto-close when its time comes, and drops it from the open cases', () => {
    const { store } = storeAt('2010-11-29T09:30:00-05:00');
    expect(queuePageOf(store, { view: 'awaiting-customer' }, instantOrThrow('2010-11-29T09:30:00-05:00')).rows[0]!.autoCloseAt).toBe(
      instantOrThrow('2010-12-03T10:00:00-05:00'),
    );
    const later = instantOrThrow('2010-12-04T09:00:00-05:00');
    expect(queuePageOf(store, { view: 'all', text: 'C-3' }, later).rows[0]).toMatchObject({ status: 'closed', autoCloseAt: null });
    expect(queuePageOf(store, {}, later).rows.map((r) => r.id)).not.toContain('C-3');
  });

  it('counts every saved view', () => {
    const { store, now } = storeAt('2010-11-29T09:30:00-05:00');
    expect(queueCounts(store, 'Dana', now)).toEqual({
      open: 3,
      mine: 1,
      sev1: 1,
      'breaching-soon': 0, // C-1 breached at 09:00 already; C-2 breaches at 15:00, more than 2 hours off
      'awaiting-customer': 1,
      'missing-info': 3,
      'checklist-incomplete': 3,
      all: 4,
    });
  });

  it("shows each case's checklist progress, and leaves a case whose steps are all settled out of \"checklist incomplete\"", () => {
    const { store, now } = storeAt('2010-11-29T09:30:00-05:00');
    const at = '2010-11-29T09:30:00-05:00';
    const steps = defaultPolicy().diagnostics.steps.map((s) => s.id);
    for (const step of steps.slice(0, 5)) applyMutation(store, 'setChecklistStep', { caseId: 'C-2', at, author: 'Lee', step, state: 'done' });
    applyMutation(store, 'setChecklistStep', { caseId: 'C-1', at, author: 'Dana', step: 'symptoms', state: 'done' });
    const checklist = () => Object.fromEntries(queuePageOf(store, { view: 'open' }, now).rows.map((r) => [r.id, `${r.checklist.settled}/${r.checklist.total}`]));
    expect(checklist()).toEqual({ 'C-1': '1/6', 'C-2': '5/6', 'C-3': '0/6' });
    expect(queuePageOf(store, { view: 'open', sort: 'checklist', direction: 'desc' }, now).rows.map((r) => r.id)).toEqual(['C-2', 'C-1', 'C-3']);
    applyMutation(store, 'setChecklistStep', { caseId: 'C-2', at, author: 'Lee', step: steps[5]!, state: 'not-applicable', reason: 'nothing changed' });
    expect(queuePageOf(store, { view: 'checklist-incomplete' }, now).rows.map((r) => r.id)).toEqual(['C-1', 'C-3']);
    expect(queueCounts(store, 'Dana', now)['checklist-incomplete']).toBe(2);
  });

  it('holds the cases whose next breach is within 2 hours in "Breaching within 2 hours"', () => {
    const { store } = storeAt('2010-11-29T09:30:00-05:00');
    const at = instantOrThrow('2010-11-29T13:30:00-05:00');
    expect(queuePageOf(store, { view: 'breaching-soon' }, at).rows.map((r) => r.id)).toEqual(['C-2']);
    expect(queueCounts(store, undefined, at)['breaching-soon']).toBe(1);
  });

  it('finds any case by number, id, company or summary, closed ones included, from any view', () => {
    const { store, now } = storeAt('2010-11-29T09:30:00-05:00');
    expect(queuePageOf(store, { view: 'sev1', text: 'adatum' }, now).rows.map((r) => r.id)).toEqual(['C-4']);
    expect(queuePageOf(store, { text: 'digest' }, now).rows.map((r) => r.id)).toEqual(['C-2']);
    const number = queuePageOf(store, { text: 'C-2' }, now).rows[0]!.number;
    expect(queuePageOf(store, { text: number }, now).rows.map((r) => r.id)).toEqual(['C-2']);
    expect(queuePageOf(store, { text: '100%_' }, now).total).toBe(0);
  });

  it('sorts by any column both ways, filters, groups and pages', () => {
    const { store, now } = storeAt('2010-11-29T09:30:00-05:00');
    expect(queuePageOf(store, { view: 'all', sort: 'company' }, now).rows.map((r) => r.company)).toEqual(['Adatum', 'Contoso', 'Fabrikam', 'Northwind']);
    expect(queuePageOf(store, { view: 'all', sort: 'company', direction: 'desc' }, now).rows.map((r) => r.company)).toEqual(['Northwind', 'Fabrikam', 'Contoso', 'Adatum']);
    expect(queuePageOf(store, { view: 'all', severity: [2] }, now).rows.map((r) => r.id)).toEqual(['C-2', 'C-4']);
    expect(queuePageOf(store, { view: 'all', engineer: 'Dana', sort: 'number' }, now).rows.map((r) => r.id)).toEqual(['C-1', 'C-4']);
    expect(queuePageOf(store, { view: 'all', clock: 'paused' }, now).rows.map((r) => r.id)).toEqual(['C-3']);
    expect(queuePageOf(store, { view: 'all', groupBy: 'severity', sort: 'company' }, now).rows.map((r) => r.severity)).toEqual([1, 2, 2, 3]);
    const page = queuePageOf(store, { view: 'all', sort: 'number', offset: 1, limit: 2 }, now);
    expect(page).toMatchObject({ total: 4, rows: [{ id: 'C-2' }, { id: 'C-3' }] });
  });
});

describe('the queue against the engine', () => {
  it("finds a case breaching soon on one clock when its other clock breached long ago", () => {
    const clock = { now: () => instantOrThrow('2010-11-30T07:00:00-05:00') };
    const store = CaseStore.open(tempDbPath(), { create: true, clock });
    // Severity 1, no contact: the response breached at 09:10 yesterday; the resolution breaches at 08:10 today.
    store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases: [cases[0]] }), defaultPolicy());
    expect(queuePageOf(store, { view: 'breaching-soon' }, clock.now()).rows.map((r) => r.id)).toEqual(['C-1']);
    expect(queuePageOf(store, { view: 'all', clock: 'due-soon' }, clock.now()).total).toBe(1);
  });

  it('shows the severity the engine judges by, not a change dated ahead', () => {
    const clock = { now: () => instantOrThrow('2010-11-29T09:30:00-05:00') };
    const store = CaseStore.open(tempDbPath(), { create: true, clock });
    const ahead = { ...cases[1], events: [{ at: '2010-11-30T09:00:00-05:00', type: 'severity', severity: 1 }] };
    store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases: [ahead] }), defaultPolicy());
    expect(queuePageOf(store, {}, clock.now()).rows[0]!.severity).toBe(2);
    expect(queueCounts(store, undefined, clock.now()).sev1).toBe(0);
    // Once that instant has come, the stored clocks are refreshed and the case is severity 1.
    expect(queuePageOf(store, {}, instantOrThrow('2010-11-30T09:00:00-05:00')).rows[0]!.severity).toBe(1);
  });

  it('counts an auto-closed case as closed without first listing a page', () => {
    const clock = { now: () => instantOrThrow('2010-11-29T09:30:00-05:00') };
    const store = CaseStore.open(tempDbPath(), { create: true, clock });
    store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases: [cases[2]] }), defaultPolicy());
    expect(queueCounts(store, undefined, clock.now())['awaiting-customer']).toBe(1);
    expect(queueCounts(store, undefined, instantOrThrow('2010-12-04T09:00:00-05:00'))).toMatchObject({ 'awaiting-customer': 0, open: 0 });
  });
});

describe('the queue over 100,000 cases', () => {
  // A view, a filter or a sort must not sort every case it holds to show the first page: the page
  // reads the sort's index in order (schema 9). What SQLite plans says whether it would.
  it('reads every sort in its index order, both ways, in every view, filtered or searched, without sorting the cases', () => {
    const { store, now } = storeAt('2010-11-29T09:30:00-05:00');
    const db = connectionOf(store);
    const sorts: string[] = [];
    for (const view of QUEUE_VIEWS)
      for (const sort of QUEUE_SORTS)
        for (const direction of ['asc', 'desc'] as const)
          for (const extra of [{}, { severity: [1] }, { status: ['new' as const], engineer: 'Dana' }, { text: 'mail' }]) {
            const { page, pageParams } = queueStatements({ view, sort, direction, ...extra }, now);
            const plan = (db.prepare(`EXPLAIN QUERY PLAN ${page}`).all(pageParams) as { detail: string }[]).map((r) => r.detail).join('; ');
            if (plan.includes('TEMP B-TREE')) sorts.push(`${view} by ${sort} ${direction} ${JSON.stringify(extra)}: ${plan}`);
          }
    expect(sorts).toEqual([]);
  });

  it('finds the cases whose clocks are stale through an index, not by reading every case', () => {
    const { store } = storeAt('2010-11-29T09:30:00-05:00');
    const plan = (connectionOf(store).prepare(`EXPLAIN QUERY PLAN ${STALE_CLOCKS}`).all(0) as { detail: string }[]).map((r) => r.detail);
    expect(plan.filter((d) => /^SCAN cases$/.test(d))).toEqual([]);
  });
});
