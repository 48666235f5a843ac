// What the workspace offers on a case is what the rules would take: each change tried against the
// stored case, nothing written; a refused change carries the rules' own reason.
import { beforeEach, describe, expect, it } from 'vitest';
import { instantOrThrow } from '../../../../shared/time/instant';
import { applyMutation, offersFor } from '../../../../electron/core/store/apply-mutation';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { tempDbPath } from '../../../support/temp-db';

let now = instantOrThrow('2010-11-29T09:00:00-05:00');
let store: CaseStore;
const author = 'Dana Ruiz';
const at = '2010-11-29T09:00:00-05:00';
const offers = (name = author) => offersFor(store, store.getCase('C-1')!, now, at, name);
const number = () => store.getCase('C-1')!.number;
const available = (o: ReturnType<typeof offers>) => Object.entries(o).filter(([, v]) => v.refused === null).map(([k]) => k);

beforeEach(() => {
  now = instantOrThrow(at);
  store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
  applyMutation(store, 'createCase', { id: 'C-1', severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T08:30:00-05:00', author, fields: { company: 'Northwind' } });
});

describe('the changes offered on a case', () => {
  it('on a new case: everything but close, reopen and undo; only the other severities and statuses', () => {
    const o = offers();
    expect(o.closeCase.refused).toBe(`case ${number()} is new: resolve it first; a case stays open until it is resolved`);
    expect(o.reopenCase.refused).toBe(`case ${number()} is new, not closed or resolved: there is nothing to reopen`);
    expect(o.holdAutoClose.refused).toMatch(/is not awaiting the customer/);
    expect(o.undoLastChange.refused).toMatch(/has no change to undo/);
    expect(o.changeSeverity.choices).toEqual(['1', '3']); // the default policy's others
    expect(o.changeStatus.choices).toEqual(['in-progress', 'awaiting-customer', 'resolved']);
    expect(o.removeDiagnosticRow.refused).toBe('there is no row to remove');
    expect(o.revokeWaiver.refused).toBe('no signed waiver to revoke');
    expect(o.logEquipmentAccess.refused).toMatch(/no modification waiver is signed on this case/);
    expect(available(o)).toEqual([
      'updateCase', 'logContact', 'changeSeverity', 'changeStatus', 'recordCustomerReply', 'deliverWorkaround', 'flagThirdParty', 'markFeatureRequest', 'addNote', 'escalate',
      'setChecklistStep', 'editDiagnosticRow', 'signWaiver',
    ]);
  });

  it('after a close: no undo ("a close is not undone"), no close, no field edits; reopen and notes are', () => {
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at, status: 'resolved', author });
    let o = offers();
    expect(o.changeStatus.choices).toEqual(['awaiting-customer']); // resolved → working again is a reopen
    expect(o.closeCase.refused).toBeNull();
    expect(o.reopenCase.refused).toBeNull();
    applyMutation(store, 'closeCase', { caseId: 'C-1', at, author, agreement: { by: 'Sam', at, how: 'phone' } });
    o = offers();
    expect(o.undoLastChange.refused).toBe('a close is not undone: reopen the case, with a reason');
    expect(o.closeCase.refused).toBe(`case ${number()} (C-1) is closed; reopen it first`);
    expect(o.updateCase.refused).toBe(`case ${number()} (C-1) is closed; reopen it first`);
    expect(available(o)).toEqual(['addNote', 'reopenCase']);
  });

  it('judges the undo as its author would, and writes nothing', () => {
    applyMutation(store, 'logContact', { caseId: 'C-1', at, channel: 'phone', author });
    const before = store.outbox().length;
    expect(offers('').undoLastChange.refused).toBeNull();
    expect(offers().markFeatureRequest.refused).toBeNull();
    expect(store.outbox().length).toBe(before);
    expect(store.getCase('C-1')!.record.events).toHaveLength(1);
    now += 16 * 60_000;
    expect(offers().undoLastChange.refused).toMatch(/more than 15 minutes ago/);
  });
});
