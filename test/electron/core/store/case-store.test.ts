import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../../bench/support/generate-cases.mjs';
import { parseCasesFile } from '../../../../shared/cases/case-format';
import { timelineOf } from '../../../../shared/cases/case-timeline';
import { defaultPolicy, defaultPolicyDocument, parsePolicy } from '../../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../../shared/time/instant';
import { CaseStore } from '../../../../electron/core/store/case-store';
import { StoreError } from '../../../../electron/core/store/database';
import { tempDbPath } from '../../../support/temp-db';

const clock = { now: () => instantOrThrow('2010-12-28T12:00:00-05:00') };
const open = (path = tempDbPath()) => CaseStore.open(path, { create: true, clock });
const file = (cases: unknown[]) => parseCasesFile({ format: 'casedesk.cases/1', cases });

const full = {
  id: 'C-1001',
  severity: 2,
  type: 'problem',
  channel: 'email',
  loggedAt: '2010-11-24T17:30:00-05:00',
  company: 'Northwind',
  contractId: 'XS-1',
  summary: 'Digest missing',
  engineer: 'Dana',
  contact: { name: 'Sam', email: 'sam@example.com', phone: '+1 555', pager: '1234' },
  product: 'Gateway',
  softwareVersion: '7.2.1',
  hardware: 'XG-400',
  os: 'XOS 7',
  problem: { symptoms: 'none arrive', nature: 'functional', reproduction: 'wait', frequency: 'daily' },
  workarounds: '',
  recommendation: 'collect logs',
  region: 'EMEA',
  tags: ['vip', { nested: true }],
  events: [
    { at: '2010-11-29T09:10:00-05:00', type: 'contact', channel: 'phone', author: 'Dana', note: 'called' },
    { at: '2010-11-29T15:10:00+01:00', type: 'status', status: 'awaiting-customer', reason: 'logs' },
    { at: '2010-11-30T11:00:00Z', type: 'legacy-sla-pause', ticket: 77 },
  ],
};

describe('the case store', () => {
  it('gives back exactly what was imported: fields, unknown fields, events and instants', () => {
    const store = open();
    store.importCases(file([full, { id: 'C-2', severity: 3, type: 'feature-request', loggedAt: '2010-12-01T10:00:00Z', contact: {} }]), defaultPolicy());
    const out = [...store.allCases()].map((s) => s.record);
    // C-2 came without an events member: it goes out without one, as it came.
    expect(out).toEqual([full, { id: 'C-2', severity: 3, type: 'feature-request', loggedAt: '2010-12-01T10:00:00Z', contact: {} }]);
    store.close();
  });

  it('round-trips any record the format allows', () => {
    const text = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
    const extraKey = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['id', 'severity', 'type', 'channel', 'loggedAt', 'company', 'contractId', 'summary', 'engineer', 'contact', 'product', 'softwareVersion', 'hardware', 'os', 'problem', 'workarounds', 'recommendation', 'events', '__proto__'].includes(k));
    const instant = fc.integer({ min: Date.UTC(1970, 0, 2), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms - (ms % 60_000)).toISOString().slice(0, 19) + 'Z');
    const record = fc.record({
      severity: fc.constantFrom(1, 2, 3),
      type: fc.constantFrom('problem', 'feature-request'),
      loggedAt: instant,
      company: text,
      engineer: text,
      contact: fc.option(fc.record({ name: text, email: text }, { requiredKeys: [] }), { nil: undefined }),
      extra: fc.dictionary(extraKey, fc.jsonValue(), { maxKeys: 3 }),
      events: fc.array(
        fc.oneof(
          fc.record({ at: instant, type: fc.constant('contact'), channel: fc.constantFrom('phone', 'email') }),
          fc.record({ at: instant, type: fc.constant('note'), text: fc.string(), author: fc.string({ minLength: 1 }) }),
        ),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (records) => {
        const cases = records.map(({ extra, ...r }, i) => {
          const c: Record<string, unknown> = { ...extra, id: `C-${i}`, ...r };
          for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
          if (c.contact) for (const k of Object.keys(c.contact as object)) if ((c.contact as Record<string, unknown>)[k] === undefined) delete (c.contact as Record<string, unknown>)[k];
          return c;
        });
        const store = open();
        store.importCases(file(JSON.parse(JSON.stringify(cases))), defaultPolicy());
        const out = [...store.allCases()].map((s) => s.record);
        store.close();
        expect(out).toEqual(JSON.parse(JSON.stringify(cases)));
      }),
      { numRuns: 40 },
    );
  });

  it('reads timelines straight from the rows exactly as from the whole records', () => {
    const store = open();
    store.importCases(parseCasesFile(generateCases(500, 5)), defaultPolicy());
    const fromRows = [...store.caseTimelines(undefined, 64)].map((c) => c.timeline);
    const fromRecords = [...store.allCases(undefined, 64)].map((c) => timelineOf(c.record));
    expect(fromRows).toEqual(fromRecords);
    store.close();
  });

  it('gives every case a short number of this desktop, and finds a case by id or number', () => {
    const store = open();
    store.importCases(file([{ ...full, id: 'A' }, { ...full, id: 'B' }]), defaultPolicy());
    const [a, b] = [...store.allCases()];
    expect(a!.number).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-1$/);
    expect(b!.number).toBe(a!.number.replace(/-1$/, '-2'));
    expect(store.findCase(b!.number)!.record.id).toBe('B');
    expect(store.findCase('A')!.number).toBe(a!.number);
    expect(store.getCase(b!.number)).toBeNull(); // ids and numbers are not mixed up
    expect(store.findCase('nope')).toBeNull();
    store.close();
  });

  it('rejects an import whose case is already stored, and writes nothing of it', () => {
    const store = open();
    store.importCases(file([full]), defaultPolicy());
    const outboxBefore = store.outbox().length;
    expect(() => store.importCases(file([{ ...full, id: 'NEW' }, full]), defaultPolicy())).toThrow('case "C-1001" (cases[1]) is already in');
    expect(store.caseCount()).toBe(1);
    expect(store.getCase('NEW')).toBeNull();
    expect(store.outbox()).toHaveLength(outboxBefore);
    store.close();
  });

  it('queues one importCase mutation per imported case', () => {
    const store = open();
    store.importCases(file([full, { ...full, id: 'C-2' }]), defaultPolicy());
    expect(store.outbox().map((m) => [m.name, m.caseId])).toEqual([
      ['importCase', 'C-1001'],
      ['importCase', 'C-2'],
    ]);
    expect(store.outbox()[0]!.args).toEqual({ record: full });
    store.close();
  });

  it('records the policy each case was logged under, and refuses the same version with other rules', () => {
    const path = tempDbPath();
    const store = open(path);
    store.importCases(file([full]), defaultPolicy());
    expect(store.getCase('C-1001')).toMatchObject({ policyId: 'xecuritas-support', policyVersion: 1 });
    const edited = structuredClone(defaultPolicyDocument()) as Record<string, any>;
    edited.holidays.add = [{ date: '2010-11-29', name: 'Office move' }];
    expect(() => store.importCases(file([{ ...full, id: 'C-2' }]), parsePolicy(edited))).toThrow(StoreError);
    expect(() => store.importCases(file([{ ...full, id: 'C-2' }]), parsePolicy(edited))).toThrow('give the edited policy a new "version"');
    edited.version = 2;
    store.importCases(file([{ ...full, id: 'C-2' }]), parsePolicy(edited));
    store.close();
    const again = CaseStore.open(path, { clock });
    expect(again.getCase('C-1001')!.policyVersion).toBe(1);
    expect(again.getCase('C-2')!.policyVersion).toBe(2);
    // Importing under a policy records it for those cases; it does not change the policy in force.
    expect(again.currentPolicy.version).toBe(1);
    expect(again.policy('xecuritas-support', 1).holidays.add).toEqual([]);
    again.close();
  });
});
