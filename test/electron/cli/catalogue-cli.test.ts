// `casedesk catalogue show | check FILE | use FILE`, as an admin runs them: the shipped catalogue
// to copy, an edited copy validated with every bad field named, and one put in use in a database
// (queued for the central store) — a malformed one refused with exit 1 and nothing written.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { catalogueInForce } from '../../../electron/core/store/team-catalogue';
import { defaultCatalogue } from '../../../shared/catalogue/product-catalogue';
import { casedesk, repoRoot, tempFiles } from '../../support/run-casedesk';

let dir: string;
let db: string;
const edited = {
  format: 'casedesk.catalogue/1',
  products: [{ name: 'Xecuritas Relay', versions: [{ version: '4.1', status: 'end-of-support', endOfSupport: '2027-03-31' }, { version: '5', status: 'supported' }] }],
};

function inDb<T>(read: (store: CaseStore) => T): T {
  const store = CaseStore.open(db, { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

beforeAll(() => {
  dir = tempFiles({ 'edited.json': edited, 'bad.json': { ...edited, products: [{ name: 'Xecuritas Relay', versions: [{ version: '4..1', status: 'supported' }] }] }, 'not-json.json': '{"format":' });
  db = join(dir, 'cases.db');
  expect(casedesk('import', join(repoRoot, 'docs/examples/cases.json'), '--db', db).status).toBe(0);
});

describe('casedesk catalogue', () => {
  it('shows the shipped catalogue to copy and edit, and the one in force in a database', () => {
    const shipped = casedesk('catalogue', 'show');
    expect(shipped.status).toBe(0);
    expect(JSON.parse(shipped.stdout)).toEqual(defaultCatalogue());
    expect(JSON.parse(casedesk('catalogue', 'show', '--db', db).stdout)).toEqual(defaultCatalogue());
  });

  it('checks an edited copy, naming the product and field of a malformed version', () => {
    expect(casedesk('catalogue', 'check', join(dir, 'edited.json'))).toMatchObject({ status: 0, stdout: `${join(dir, 'edited.json')}: valid catalogue (1 product(s), 2 version(s))\n` });
    const bad = casedesk('catalogue', 'check', join(dir, 'bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('products[0] (Xecuritas Relay).versions[0].version: "4..1" is not a version');
    expect(casedesk('catalogue', 'check', join(dir, 'not-json.json'))).toMatchObject({ status: 1, stderr: expect.stringContaining('is not valid JSON') });
    expect(casedesk('catalogue', 'check', join(dir, 'missing.json'))).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot read catalogue file') });
  });

  it('puts a catalogue in use in a database as a change queued for the central store; a malformed one writes nothing', () => {
    const bad = casedesk('catalogue', 'use', join(dir, 'bad.json'), '--db', db);
    expect(bad.status).toBe(1);
    expect(inDb((s) => [catalogueInForce(s).revision, s.outbox().filter((o) => o.name === 'useCatalogue').length])).toEqual([0, 0]);

    const used = casedesk('catalogue', 'use', join(dir, 'edited.json'), '--db', db, '--as', 'Ada Admin');
    expect(used.status).toBe(0);
    expect(used.stdout).toBe(`the catalogue of ${join(dir, 'edited.json')} (1 product(s), 2 version(s)) is in use in ${db} as revision 1\n`);
    expect(inDb((s) => catalogueInForce(s))).toMatchObject({ revision: 1, by: 'Ada Admin', pending: true, catalogue: edited });
    expect(JSON.parse(casedesk('catalogue', 'show', '--db', db).stdout)).toEqual(edited);
    expect(inDb((s) => s.outbox().filter((o) => o.name === 'useCatalogue').map((o) => o.caseId))).toEqual([null]);
  });

  it('refuses a catalogue for a database that does not exist', () => {
    const r = casedesk('catalogue', 'use', join(dir, 'edited.json'), '--db', join(dir, 'nothing.db'));
    expect(r).toMatchObject({ status: 1, stderr: expect.stringContaining('no database at') });
  });
});
