// New changes follow the policy: each named mutation, its rules, its event and its outbox entry,
// all or nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { timelineOf } from '../../../../shared/cases/case-timeline';
import { compilePolicy } from '../../../../shared/policy/compiled-policy';
import { evaluateCase } from '../../../../shared/sla/sla-clock';
import { instantOrThrow } from '../../../../shared/time/instant';
import { applyMutation, MutationError } from '../../../../electron/core/store/apply-mutation';
import { CaseStore, connectionOf } from '../../../../electron/core/store/case-store';
import { tempDbPath } from '../../../support/temp-db';

let now = instantOrThrow('2010-11-29T09:00:00-05:00');
let store: CaseStore;
const author = 'Dana Ruiz';

function create(over: Record<string, unknown> = {}) {
  return applyMutation(store, 'createCase', {
    id: 'C-1',
    severity: 2,
    type: 'problem',
    channel: 'phone',
    loggedAt: '2010-11-29T08:30:00-05:00',
    author,
    fields: { company: 'Northwind', contact: { name: 'Sam' } },
    ...over,
  });
}

function clocks(at = now) {
  const stored = store.getCase('C-1')!;
  return evaluateCase(timelineOf(stored.record), compilePolicy(store.policy(stored.policyId, stored.policyVersion)), at);
}

beforeEach(() => {
  now = instantOrThrow('2010-11-29T09:00:00-05:00');
  store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => now } });
});

describe('creating a case', () => {
  it('stores it with a short number, under the policy in force, and queues createCase', () => {
    const result = create();
    expect(result.number).toMatch(/^...-1$/);
    const stored = store.getCase('C-1')!;
    expect(stored).toMatchObject({ status: 'new', origin: 'local', policyId: 'xecuritas-support', policyVersion: 1 });
    expect(stored.record).toMatchObject({ id: 'C-1', loggedAt: '2010-11-29T08:30:00-05:00', company: 'Northwind', contact: { name: 'Sam' }, events: [] });
    expect(store.outbox().map((m) => m.name)).toEqual(['createCase']);
    expect(clocks().response.state).toBe('running');
  });

  it('refuses a second case with the same id, a first report in the future, and an unknown severity', () => {
    create();
    expect(() => create()).toThrow('a case with id "C-1" already exists');
    expect(() => create({ id: 'C-2', loggedAt: '2010-11-30T09:00:00-05:00' })).toThrow('the first report cannot be in the future');
    expect(() => create({ id: 'C-3', severity: 5 })).toThrow('severity 5 is not defined by policy xecuritas-support (it has 1, 2, 3)');
    expect(store.outbox()).toHaveLength(1);
  });

  it('names the bad argument of an invalid change', () => {
    expect(() => create({ channel: 'fax' })).toThrow(MutationError);
    expect(() => create({ channel: 'fax' })).toThrow('How: must be "online", "phone" or "email"');
    expect(() => applyMutation(store, 'teleport', {})).toThrow('unknown change "teleport"');
    expect(() => applyMutation(store, 'toString', {})).toThrow('unknown change "toString"');
  });
});

describe('working a case', () => {
  beforeEach(() => {
    create();
  });

  it('stops the response clock with a logged phone contact', () => {
    now = instantOrThrow('2010-11-29T10:00:00-05:00');
    applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T09:45:00-05:00', channel: 'phone', author, note: 'asked for logs' });
    expect(clocks().response).toMatchObject({ state: 'met', metAt: instantOrThrow('2010-11-29T09:45:00-05:00') });
    expect(store.getCase('C-1')!.record.events).toEqual([
      { at: '2010-11-29T09:45:00-05:00', type: 'contact', channel: 'phone', author, note: 'asked for logs' },
    ]);
  });

  it('pauses the resolution clock while awaiting the customer, and shows the auto-close', () => {
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'awaiting-customer', author, reason: 'need logs' });
    const e = clocks();
    expect(e.resolution.state).toBe('paused');
    expect(e.autoCloseAt).toBe(instantOrThrow('2010-12-09T09:00:00-05:00'));
    expect(store.getCase('C-1')!.status).toBe('awaiting-customer');
  });

  it('holds the auto-close only while the case awaits the customer', () => {
    expect(() => applyMutation(store, 'holdAutoClose', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, note: 'on leave' })).toThrow(
      'is not awaiting the customer',
    );
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'awaiting-customer', author });
    applyMutation(store, 'holdAutoClose', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, note: 'customer on leave until 12-15' });
    expect(clocks().autoCloseAt).toBeNull();
  });

  it('changes severity with a reason, and refuses a change to the same severity', () => {
    applyMutation(store, 'changeSeverity', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', severity: 1, author, reason: 'all mail down' });
    expect(store.getCase('C-1')!.currentSeverity).toBe(1);
    expect(clocks().response.breachAt).toBe(instantOrThrow('2010-11-29T09:30:00-05:00'));
    expect(() => applyMutation(store, 'changeSeverity', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', severity: 1, author, reason: 'again' })).toThrow(
      'is already severity 1',
    );
    expect(() => applyMutation(store, 'changeSeverity', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', severity: 3, author })).toThrow('Reason: required');
  });

  const resolve = () => applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'resolved', author });

  it('never closes a case through a status change: closing needs the customer to agree', () => {
    expect(() => applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'closed', author })).toThrow('Status: must be "in-progress", "awaiting-customer" or "resolved"');
    expect(() => applyMutation(store, 'closeCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author })).toThrow(/agreement/);
    resolve();
    applyMutation(store, 'closeCase', {
      caseId: 'C-1',
      at: '2010-11-29T09:00:00-05:00',
      author,
      agreement: { by: 'Sam Lee', at: '2010-11-29T08:55:00-05:00', how: 'phone' },
    });
    expect(store.getCase('C-1')!.status).toBe('closed');
    expect(store.getCase('C-1')!.record.events!.at(-1)).toEqual({
      at: '2010-11-29T09:00:00-05:00',
      type: 'status',
      status: 'closed',
      author,
      agreement: { by: 'Sam Lee', at: '2010-11-29T08:55:00-05:00', how: 'phone' },
    });
  });

  it('keeps an unresolved case open, and takes no agreement dated in the future', () => {
    const close = (at: string) => () =>
      applyMutation(store, 'closeCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, agreement: { by: 'Sam', at, how: 'phone' } });
    expect(close('2010-11-29T09:00:00-05:00')).toThrow('case ' + store.getCase('C-1')!.number + ' is new: resolve it first');
    resolve();
    expect(close('2099-01-01T00:00:00Z')).toThrow("the customer's agreement cannot be dated in the future");
    expect(close('2010-11-29T08:00:00-05:00')).toThrow("the customer's agreement cannot come before the case was first reported");
    expect(store.getCase('C-1')!.status).toBe('resolved');
  });

  it('takes a resolved case back to work only by reopening it, with a reason', () => {
    resolve();
    expect(() => applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'in-progress', author })).toThrow(
      'reopen it, with a reason',
    );
    // Waiting for the customer to confirm the fix is fine.
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'awaiting-customer', author, reason: 'confirm fix' });
  });

  it('refuses a change dated back into a closed period, and a close undone after the fact', () => {
    now = instantOrThrow('2010-11-29T11:00:00-05:00');
    resolve();
    applyMutation(store, 'closeCase', { caseId: 'C-1', at: '2010-11-29T10:30:00-05:00', author, agreement: { by: 'Sam', at: '2010-11-29T10:30:00-05:00', how: 'phone' } });
    expect(() => applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T10:10:00-05:00', channel: 'phone', author })).toThrow(/is closed; reopen it first/);
    applyMutation(store, 'reopenCase', { caseId: 'C-1', at: '2010-11-29T10:50:00-05:00', author, reason: 'back again' });
    expect(() => applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T10:40:00-05:00', channel: 'phone', author })).toThrow(
      /is closed at the time given; reopen it first/,
    );
    applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T10:55:00-05:00', channel: 'phone', author });
  });

  it('refuses changes to a closed case until it is reopened with a reason; notes are always welcome', () => {
    resolve();
    applyMutation(store, 'closeCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, agreement: { by: 'Sam', at: '2010-11-29T09:00:00-05:00', how: 'email' } });
    expect(() => applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', channel: 'phone', author })).toThrow(
      /is closed; reopen it first/,
    );
    applyMutation(store, 'addNote', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, text: 'customer called to say thanks' });
    expect(() => applyMutation(store, 'reopenCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author })).toThrow('Reason: required');
    applyMutation(store, 'reopenCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, reason: 'problem is back' });
    expect(store.getCase('C-1')!.status).toBe('in-progress');
    expect(() => applyMutation(store, 'reopenCase', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, reason: 'again' })).toThrow('nothing to reopen');
  });

  it('treats a case closed by the 10-day auto-close as closed, even for a reply dated before the close', () => {
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'awaiting-customer', author });
    now = instantOrThrow('2010-12-13T09:00:00-05:00');
    expect(() => applyMutation(store, 'recordCustomerReply', { caseId: 'C-1', at: '2010-12-13T08:00:00-05:00', author })).toThrow(
      /is closed automatically at Thu 2010-12-09 09:00 EST \(no answer from the customer\); reopen it first/,
    );
    expect(() => applyMutation(store, 'recordCustomerReply', { caseId: 'C-1', at: '2010-12-05T08:00:00-05:00', author })).toThrow(/reopen it first/);
    expect(() => applyMutation(store, 'holdAutoClose', { caseId: 'C-1', at: '2010-12-05T08:00:00-05:00', author, note: 'late' })).toThrow(/reopen it first/);
    expect(clocks().autoClosedAt).toBe(instantOrThrow('2010-12-09T09:00:00-05:00'));
  });

  it('flags third-party software, marks feature requests, and records escalations', () => {
    applyMutation(store, 'escalate', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', to: 'support-management', author, reason: 'customer unhappy' });
    applyMutation(store, 'flagThirdParty', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', vendor: 'Acme MTA', author });
    expect(clocks().resolution.state).toBe('not-applicable');
    applyMutation(store, 'markFeatureRequest', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, note: 'wants CSV export' });
    expect(store.getCase('C-1')!.record.type).toBe('problem'); // as it was logged
    expect(() => applyMutation(store, 'markFeatureRequest', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author })).toThrow('already a feature request');
    expect(store.getCase('C-1')!.record.events!.map((e) => e.type)).toEqual(['escalation', 'third-party', 'feature-request']);
    expect(store.outbox().map((m) => m.name)).toEqual(['createCase', 'escalate', 'flagThirdParty', 'markFeatureRequest']);
  });

  it('keeps a breach that happened before the case was found to be a feature request', () => {
    now = instantOrThrow('2010-11-29T18:00:00-05:00');
    applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T17:00:00-05:00', channel: 'phone', author }); // breach was 14:30
    applyMutation(store, 'markFeatureRequest', { caseId: 'C-1', at: '2010-11-29T17:30:00-05:00', author });
    const e = clocks();
    expect(e.response.state).toBe('breached');
    expect(e.resolution.state).toBe('not-applicable');
    expect(e.escalations.map((x) => x.clock)).toEqual(['response']);
  });

  it('finds a case by id even when its id looks like another case\'s number', () => {
    const other = create({ id: 'C-2' });
    create({ id: `${other.number.slice(0, 3)}-1` });
    expect(store.getCase(`${other.number.slice(0, 3)}-1`)!.origin).toBe('local');
    expect(store.findCase(other.number)!.record.id).toBe('C-2');
  });

  it('undoes a mistaken change: the event stays in the log, the clocks forget it', () => {
    const at = '2010-11-29T09:00:00-05:00';
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author })).toThrow('has no change to undo');
    applyMutation(store, 'logContact', { caseId: 'C-1', at, channel: 'phone', author });
    expect(clocks().response.state).toBe('met');
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author: 'Lee' })).toThrow("was Dana Ruiz's: only its author can undo it");
    applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author });
    expect(clocks().response.state).toBe('running');
    expect(store.getCase('C-1')!.record.events!.map((e) => e.type)).toEqual(['contact', 'retraction']);
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author })).toThrow('has no change to undo');
  });

  it('undoes only the very last change, and never a close or a reopen', () => {
    const at = '2010-11-29T09:00:00-05:00';
    applyMutation(store, 'logContact', { caseId: 'C-1', at, channel: 'phone', author });
    applyMutation(store, 'updateCase', { caseId: 'C-1', author, fields: { product: 'Gateway' } });
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author })).toThrow('was a field edit: edit the field back');
    resolve();
    applyMutation(store, 'closeCase', { caseId: 'C-1', at, author, agreement: { by: 'Sam', at, how: 'phone' } });
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at, author })).toThrow('a close is not undone: reopen the case');
  });

  it('imports a case with an undone change, and its export comes back the same', () => {
    const record = {
      id: 'IMP-2', severity: 2, type: 'problem', loggedAt: '2010-11-29T08:00:00-05:00',
      events: [
        { at: '2010-11-29T08:10:00-05:00', type: 'note', text: 'a', author },
        { at: '2010-11-29T08:20:00-05:00', type: 'contact', channel: 'email', author },
        { at: '2010-11-29T08:21:00-05:00', type: 'retraction', retracts: 1, author },
      ],
    };
    applyMutation(store, 'importCase', { record });
    expect(store.getCase('IMP-2')!.record).toEqual(record);
    expect(() => applyMutation(store, 'importCase', { record: { ...record, id: 'IMP-3', events: [{ at: '2010-11-29T08:21:00-05:00', type: 'retraction', retracts: 0 }] } })).toThrow(
      /retracts: an undo names an earlier event/,
    );
  });

  it('never undoes an event that came with an imported case', () => {
    applyMutation(store, 'importCase', {
      record: { id: 'IMP-1', severity: 2, type: 'problem', loggedAt: '2010-11-29T08:00:00-05:00', events: [{ at: '2010-11-29T08:30:00-05:00', type: 'contact', channel: 'phone', author }] },
    });
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'IMP-1', at: '2010-11-29T09:00:00-05:00', author })).toThrow('its last event came with the case');
  });

  it('undoes only a recent change', () => {
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', status: 'resolved', author });
    now = instantOrThrow('2010-11-29T09:16:00-05:00');
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at: '2010-11-29T09:16:00-05:00', author })).toThrow('more than 15 minutes ago');
    expect(store.getCase('C-1')!.status).toBe('resolved');
  });

  it('edits fields in place, merging contact details', () => {
    applyMutation(store, 'updateCase', { caseId: 'C-1', author, fields: { contact: { phone: '+1 555 0100' }, softwareVersion: '7.2.1' } });
    expect(store.getCase('C-1')!.record).toMatchObject({ contact: { name: 'Sam', phone: '+1 555 0100' }, softwareVersion: '7.2.1' });
  });

  it('refuses events dated in the future or before the first report, writing nothing', () => {
    const before = store.outbox().length;
    expect(() => applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', channel: 'phone', author })).toThrow('cannot be dated in the future');
    expect(() => applyMutation(store, 'logContact', { caseId: 'C-1', at: '2010-11-29T08:00:00-05:00', channel: 'phone', author })).toThrow(
      'cannot come before the case was first reported',
    );
    expect(() => applyMutation(store, 'logContact', { caseId: 'C-9', at: '2010-11-29T09:00:00-05:00', channel: 'phone', author })).toThrow('no case "C-9"');
    expect(store.outbox()).toHaveLength(before);
    expect(store.getCase('C-1')!.record.events).toEqual([]);
  });

  it('writes nothing at all when a change fails half-way', () => {
    const events = connectionOf(store).prepare('SELECT count(*) FROM events').pluck().get();
    // The outbox insert fails after the event is written: the event must not survive.
    connectionOf(store).exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => applyMutation(store, 'addNote', { caseId: 'C-1', at: '2010-11-29T09:00:00-05:00', author, text: 'x' })).toThrow('disk full');
    expect(connectionOf(store).prepare('SELECT count(*) FROM events').pluck().get()).toBe(events);
  });
});
