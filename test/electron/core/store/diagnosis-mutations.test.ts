// The case's diagnosis as named changes in a real store: the policy's checklist, the structured
// tables merged row by row, the modification waiver (immutable once signed) and the access to
// customer equipment it gates — refused with a message that names the field, nothing written.
import { beforeEach, describe, expect, it } from 'vitest';
import { diagnosticsOf } from '../../../../shared/diagnostics/case-diagnostics';
import { defaultPolicy } from '../../../../shared/policy/load-policy';
import type { Policy } from '../../../../shared/policy/policy-schema';
import { instantOrThrow } from '../../../../shared/time/instant';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { tempDbPath } from '../../../support/temp-db';

const author = 'Dana Ruiz';
let nowText = '2026-12-07T10:00:00-05:00';
let store: CaseStore;
const SCAN = 'd'.repeat(64);
const PDF = { sha256: 'c'.repeat(64), size: 1200 };

const change = (name: string, args: Record<string, unknown>) => applyMutation(store, name, { caseId: 'C-1', at: nowText, author, ...args });
const diagnosis = (id = 'C-1') => {
  const stored = store.getCase(id)!;
  return diagnosticsOf(stored.record, store.policy(stored.policyId, stored.policyVersion).diagnostics.steps);
};
const events = () => store.getCase('C-1')!.record.events!.length;
const terms = (extra: Record<string, unknown> = {}) => ({
  waiver: 'W1',
  signatory: { name: 'Sam Ortiz', title: 'IT manager', company: 'Northwind', email: 'sam@northwind.example' },
  systems: ['mx1.northwind.example'],
  changes: 'Raise the spam threshold on the inbound policy',
  validFrom: '2026-12-07T09:00:00-05:00',
  validTo: '2026-12-08T09:00:00-05:00',
  signature: { kind: 'drawn', width: 400, height: 150, strokes: [[10, 10, 50, 40, 90, 20]] },
  caseNumber: 'NW-1',
  customer: { company: 'Northwind', contractId: '' },
  pdf: PDF,
  ...extra,
});

beforeEach(() => {
  nowText = '2026-12-07T10:00:00-05:00';
  store = CaseStore.open(tempDbPath(), { create: true, clock: { now: () => instantOrThrow(nowText) } });
  applyMutation(store, 'createCase', {
    id: 'C-1', severity: 2, type: 'problem', channel: 'phone', loggedAt: '2026-12-07T08:30:00-05:00', author, fields: { company: 'Northwind' },
  });
});

describe('the troubleshooting checklist', () => {
  it("carries the policy's six steps, each to do, done or not applicable with a reason, and counts its progress", () => {
    expect(diagnosis().steps.map((s) => [s.id, s.state])).toEqual([
      ['configuration', 'todo'], ['versions', 'todo'], ['symptoms', 'todo'], ['topology', 'todo'], ['evidence', 'todo'], ['changes', 'todo'],
    ]);
    change('setChecklistStep', { step: 'symptoms', state: 'done', note: 'Outbound mail queues for 20 minutes' });
    expect(() => change('setChecklistStep', { step: 'topology', state: 'not-applicable' })).toThrow('Reason: say why "Verify environment and network topology" does not apply');
    change('setChecklistStep', { step: 'topology', state: 'not-applicable', reason: 'single appliance, no relays' });
    const { steps, progress } = diagnosis();
    expect(progress).toEqual({ settled: 2, total: 6 });
    expect(steps[2]).toMatchObject({ state: 'done', by: author, at: nowText, note: 'Outbound mail queues for 20 minutes' });
    expect(steps[3]).toMatchObject({ state: 'not-applicable', reason: 'single appliance, no relays' });
    applyMutation(store, 'undoLastChange', { caseId: 'C-1', at: nowText, author });
    expect(diagnosis().progress).toEqual({ settled: 1, total: 6 });
  });

  it('links a step to files the case holds, and refuses one it does not, an unknown step, and no change', () => {
    expect(() => change('setChecklistStep', { step: 'evidence', state: 'done', files: ['a'.repeat(64)] })).toThrow(/file a{12}… is not attached to case/);
    change('attachFile', { sha256: 'a'.repeat(64), size: 10, name: 'smtp.log', mediaType: 'text/plain' });
    change('setChecklistStep', { step: 'evidence', state: 'done', files: ['a'.repeat(64)] });
    expect(diagnosis().steps[4]!.files).toEqual(['a'.repeat(64)]);
    expect(() => change('setChecklistStep', { step: 'evidence', state: 'done', files: ['a'.repeat(64)] })).toThrow('"Review relevant information" is already done');
    expect(() => change('setChecklistStep', { step: 'firewall', state: 'done' })).toThrow(/has no step "firewall"; its steps are configuration, versions/);
  });

  it('keeps the steps of the policy a case was logged under when the policy is edited', () => {
    const base = defaultPolicy();
    const edited: Policy = { ...base, version: 2, diagnostics: { steps: [...base.diagnostics.steps, { id: 'licence', name: 'Check the licence', hint: '', section: 'configuration' }] } };
    store.usePolicy(edited);
    applyMutation(store, 'createCase', { id: 'C-2', severity: 3, type: 'problem', channel: 'phone', loggedAt: nowText, author, fields: {} });
    expect(diagnosis('C-2').steps.map((s) => s.id).at(-1)).toBe('licence');
    expect(diagnosis('C-1').steps).toHaveLength(6);
    expect(() => change('setChecklistStep', { step: 'licence', state: 'done' })).toThrow(/has no step "licence"/);
  });
});

describe('the diagnostic tables', () => {
  it('keep the rows two engineers add, and show an edit made without seeing the one before it as a conflict', () => {
    change('editDiagnosticRow', { table: 'servers', row: 'r1', base: 0, values: { host: 'mx1.northwind.example', product: 'Xecuritas Gateway', version: '7.2' } });
    change('editDiagnosticRow', { author: 'Lee Chen', table: 'servers', row: 'r2', base: 0, values: { host: 'db1.northwind.example', role: 'quarantine database' } });
    expect(diagnosis().rows.servers.map((r) => [r.values.host, r.addedBy])).toEqual([['mx1.northwind.example', author], ['db1.northwind.example', 'Lee Chen']]);
    // Both saw revision 1 of r1; Lee's edit lands second.
    change('editDiagnosticRow', { table: 'servers', row: 'r1', base: 1, values: { host: 'mx1.northwind.example', version: '7.2.1' } });
    change('editDiagnosticRow', { author: 'Lee Chen', table: 'servers', row: 'r1', base: 1, values: { host: 'mx1.northwind.example', version: '7.3' } });
    const r1 = diagnosis().rows.servers[0]!;
    expect(r1).toMatchObject({ values: { version: '7.3' }, editedBy: 'Lee Chen', revision: 3, conflict: { values: { version: '7.2.1' }, author } });
    change('editDiagnosticRow', { table: 'servers', row: 'r1', base: 3, values: { host: 'mx1.northwind.example', version: '7.3' } });
    expect(diagnosis().rows.servers[0]!.conflict).toBeUndefined();
    change('removeDiagnosticRow', { table: 'servers', row: 'r2', base: 1 });
    expect(diagnosis().rows.servers.map((r) => r.id)).toEqual(['r1']);
  });

  it('show the mail flow in the order of its hops', () => {
    change('editDiagnosticRow', { table: 'hops', row: 'h2', base: 0, values: { position: 2, name: 'Filter', role: 'filter' } });
    change('editDiagnosticRow', { table: 'hops', row: 'h1', base: 0, values: { position: 1, name: 'Edge MX', role: 'mx', address: '203.0.113.5' } });
    expect(diagnosis().rows.hops.map((r) => r.id)).toEqual(['h1', 'h2']);
  });

  it('refuse a server without a host, a change dated in the future, and write nothing', () => {
    const before = events();
    expect(() => change('editDiagnosticRow', { table: 'servers', row: 'r1', base: 0, values: { host: ' ', version: '7.2' } })).toThrow('Host name: a server needs a host name');
    expect(() => change('editDiagnosticRow', { table: 'changes', row: 'c1', base: 0, values: { when: '2026-12-08', what: 'Patch' } })).toThrow(
      'When: a change cannot be dated in the future (2026-12-08; today is 2026-12-07)',
    );
    expect(() => change('editDiagnosticRow', { table: 'changes', row: 'c1', base: 0, values: { when: 'last Tuesday', what: 'Patch' } })).toThrow(/^When: a day \(2026-12-01\)/);
    expect(events()).toBe(before);
    change('editDiagnosticRow', { table: 'changes', row: 'c1', base: 0, values: { when: '2026-12-06', what: 'Upgraded the gateway to 7.2' } });
    expect(diagnosis().rows.changes).toHaveLength(1);
  });
});

describe('the modification waiver', () => {
  it('is refused without a signature, with a validity that ends before it starts, or an empty pad — naming the field', () => {
    const before = events();
    const { signature: _none, ...unsigned } = terms();
    expect(() => change('signWaiver', unsigned)).toThrow(/^Signature: /);
    expect(() => change('signWaiver', terms({ validTo: '2026-12-07T08:00:00-05:00' }))).toThrow('Valid until: the validity ends before it starts');
    expect(() => change('signWaiver', terms({ signature: { kind: 'drawn', width: 400, height: 150, strokes: [] } }))).toThrow('Signature: the pad is empty');
    expect(() => change('signWaiver', terms({ signatory: { name: 'Sam', title: 'IT', company: 'Northwind', email: 'sam at northwind' } }))).toThrow('Email: not an email address');
    expect(() => change('signWaiver', terms({ signature: { kind: 'scan', sha256: SCAN } }))).toThrow(/^Signature: the signed scan \(file d{12}… is not attached/);
    expect(events()).toBe(before);
  });

  it('once signed cannot be changed or undone: a correction supersedes it, and it can be revoked', () => {
    change('signWaiver', terms());
    expect(() => change('signWaiver', terms({ changes: 'anything' }))).toThrow(/waiver W1 is signed \(by Sam Ortiz, .*\) and cannot be changed: sign a new waiver that supersedes it/);
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at: nowText, author })).toThrow('a signed waiver is not undone');
    change('signWaiver', terms({ waiver: 'W2', supersedes: 'W1', systems: ['mx1.northwind.example', 'mx2.northwind.example'] }));
    expect(() => change('signWaiver', terms({ waiver: 'W3', supersedes: 'W1' }))).toThrow('Supersedes: waiver W1 is already superseded by W2');
    change('revokeWaiver', { waiver: 'W2', reason: 'customer withdrew' });
    expect(() => change('revokeWaiver', { waiver: 'W2', reason: 'again' })).toThrow(/waiver W2 was already revoked/);
    expect(diagnosis().waivers.map((w) => [w.id, w.supersededBy ?? null, w.revoked?.reason ?? null])).toEqual([['W1', 'W2', null], ['W2', null, 'customer withdrew']]);
  });

  it('keeps its signed scan with the case', () => {
    change('attachFile', { sha256: SCAN, size: 10, name: 'waiver-scan.pdf', mediaType: 'application/pdf' });
    change('signWaiver', terms({ signature: { kind: 'scan', sha256: SCAN } }));
    expect(() => change('removeAttachment', { sha256: SCAN })).toThrow('"waiver-scan.pdf" is the signed scan of waiver W1: it stays with the case');
  });
});

describe('access to customer equipment', () => {
  it('is recorded with the waiver that covers it, and refused on another system or once the waiver is revoked, saying what is missing', () => {
    expect(() => change('logEquipmentAccess', { system: 'mx1.northwind.example', change: 'Raised the threshold to 6' })).toThrow(
      'access to mx1.northwind.example refused: no modification waiver is signed on this case',
    );
    change('signWaiver', terms());
    change('logEquipmentAccess', { system: 'MX1.northwind.example', change: 'Raised the threshold to 6' });
    expect(diagnosis().accesses).toMatchObject([{ system: 'MX1.northwind.example', waiver: 'W1', by: author }]);
    expect(() => applyMutation(store, 'undoLastChange', { caseId: 'C-1', at: nowText, author })).toThrow('an access to customer equipment stays on record');
    const before = events();
    expect(() => change('logEquipmentAccess', { system: 'db1.northwind.example', change: 'Vacuumed' })).toThrow(/no signed waiver covers db1\.northwind\.example/);
    nowText = '2026-12-07T11:00:00-05:00';
    change('revokeWaiver', { waiver: 'W1', reason: 'change freeze' });
    nowText = '2026-12-07T11:05:00-05:00';
    expect(() => change('logEquipmentAccess', { system: 'mx1.northwind.example', change: 'Again' })).toThrow(/was revoked at Mon 2026-12-07 11:00 .*\(change freeze\)/);
    expect(events()).toBe(before + 1);
  });
});
