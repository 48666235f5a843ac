// Cases as rows, derived from the declaration of the case's fields: every declared field has its
// column, and a record comes back from its row byte for byte, unknown members included.
import { describe, expect, it } from 'vitest';
import { CASE_FIELDS } from '../../../../shared/cases/case-fields';
import { parseCasesFile } from '../../../../shared/cases/case-format';
import { defaultPolicy } from '../../../../shared/policy/load-policy';
import { caseColumns, caseRecord } from '../../../../electron/core/store/case-rows';
import { CaseStore, connectionOf } from '../../../../electron/core/store/case-store';
import { tempDbPath } from '../../../support/temp-db';

const record = {
  id: 'C-7',
  severity: 1,
  type: 'problem',
  channel: 'phone',
  loggedAt: '2010-11-29T09:00:00-05:00',
  company: 'Northwind',
  contractId: 'XS-2291',
  summary: 'Digest missing',
  engineer: 'Dana',
  contact: { name: 'Sam Lee', email: 'sam@northwind.example', phone: '+1 555 0100', pager: '77' },
  product: 'Gateway',
  softwareVersion: '7.2.1',
  hardware: 'XG-400',
  os: 'XOS 7',
  problem: { symptoms: 'no digest', nature: 'functional', reproduction: 'wait a day', since: 'Monday' },
  workarounds: 'send by hand',
  recommendation: 'collect logs',
  region: 'EMEA',
  events: [{ at: '2010-11-29T09:10:00-05:00', type: 'contact', author: 'Dana', channel: 'phone' }],
};

describe('case rows', () => {
  it('has a column in the store for every declared field', () => {
    const store = CaseStore.open(tempDbPath(), { create: true });
    const columns = new Set((connectionOf(store).prepare('SELECT name FROM pragma_table_info(?)').pluck().all('cases') as string[]));
    store.close();
    expect(CASE_FIELDS.map((f) => f.column).filter((c) => !columns.has(c))).toEqual([]);
  });

  it('gives a record back from its row byte for byte, members in the order of the format', () => {
    const parsed = parseCasesFile({ format: 'casedesk.cases/1', cases: [record] }).file.cases[0]!;
    expect(JSON.stringify(caseRecord(caseColumns(parsed), parsed.events!))).toBe(JSON.stringify(record));
    const store = CaseStore.open(tempDbPath(), { create: true });
    store.importCases(parseCasesFile({ format: 'casedesk.cases/1', cases: [record] }), defaultPolicy());
    expect(JSON.stringify(store.getCase('C-7')!.record)).toBe(JSON.stringify(record));
    store.close();
  });

  it('keeps an empty object member, and leaves out one the record did not have', () => {
    const bare = { id: 'C-8', severity: 3, type: 'problem', loggedAt: '2010-11-29T09:00:00-05:00', problem: {} };
    const parsed = parseCasesFile({ format: 'casedesk.cases/1', cases: [bare] }).file.cases[0]!;
    expect(JSON.stringify(caseRecord(caseColumns(parsed), []))).toBe(JSON.stringify(bare));
  });
});
