// The team's product catalogue through the central store, on SQLite and on PostgreSQL: an admin's
// catalogue put in use on one desktop reaches every other at its next sync (and judges their
// servers' coverage there); an engineer may not change it, and an edit made on an older revision
// than the team's is refused with who changed it — in both cases the desktop that made the edit
// takes it back, and nobody's catalogue is lost.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultCatalogue, parseCatalogue, type ProductCatalogue } from '../../../../shared/catalogue/product-catalogue';
import { catalogueInForce, useCatalogue } from '../../../../electron/core/store/team-catalogue';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { dropTestDatabases } from '../../../support/postgres';
import { BACKENDS } from '../../../support/server-backends';
import { newCase, SyncWorld } from '../../../support/sync-world';

afterAll(async () => {
  await dropTestDatabases();
});

const catalogue = (status: 'supported' | 'discontinued', extra: ProductCatalogue['products'] = []): ProductCatalogue =>
  parseCatalogue({
    format: 'casedesk.catalogue/1',
    products: [{ name: 'Xecuritas Relay', versions: [{ version: '4', status }, { version: '3', status: 'discontinued' }] }, ...extra],
  });

describe.each(BACKENDS)('the catalogue through a server on $name', (backend) => {
  let world: SyncWorld;
  beforeEach(async () => {
    world = await SyncWorld.start(await backend.fresh());
  });
  afterEach(async () => {
    await world.close();
  });

  it("brings an admin's catalogue to every desktop, where it judges the servers of their cases", async () => {
    const admin = world.desktop('Ada', 'admin');
    const engineer = world.desktop();
    newCase(engineer, 'C-1');
    applyMutation(engineer, 'editDiagnosticRow', {
      caseId: 'C-1', at: '2010-11-29T09:30:00-05:00', author: 'Ann', table: 'servers', row: 'r1', base: 0,
      values: { host: 'relay1.northwind.example', product: 'Xecuritas Relay', version: '4.2' },
    });
    await world.sync(engineer);
    const api = new CasedeskApiCore(engineer);
    const coverage = async () => {
      const answer = await api.call('case:get', { idOrNumber: 'C-1' });
      return (answer as { value: { diagnostics: { coverage: Record<string, { covered: boolean; why?: string }>; caseCoverage: { covered: boolean; why: string | null } } } }).value.diagnostics;
    };
    expect((await coverage()).coverage.r1).toEqual({ covered: true, status: 'unknown' });

    expect(useCatalogue(admin, catalogue('discontinued'), 'Ada')).toMatchObject({ revision: 1, pending: true });
    const pushed = await world.sync(admin);
    expect(pushed).toMatchObject({ applied: 1, rejected: [] });
    expect(catalogueInForce(admin)).toMatchObject({ revision: 1, by: 'Ada', pending: false });

    await world.sync(engineer);
    expect(catalogueInForce(engineer)).toMatchObject({ revision: 1, by: 'Ada', pending: false, catalogue: catalogue('discontinued') });
    const after = await coverage();
    expect(after.coverage.r1).toMatchObject({ covered: false, status: 'discontinued' });
    expect(after.caseCoverage).toMatchObject({ covered: false });
    expect(after.caseCoverage.why).toContain('relay1.northwind.example: Xecuritas Relay 4.2 is discontinued');
  });

  it("refuses an engineer's catalogue on the server and takes it back on their desktop", async () => {
    const admin = world.desktop('Ada', 'admin');
    const engineer = world.desktop();
    useCatalogue(admin, catalogue('supported'), 'Ada');
    await world.sync(admin);
    await world.sync(engineer);
    // Working offline the desktop cannot tell its role: the server judges the change.
    useCatalogue(engineer, catalogue('discontinued'), 'Ann');
    expect(catalogueInForce(engineer).catalogue).toEqual(catalogue('discontinued'));
    const report = await world.sync(engineer);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]!.error).toMatch(/Ann \(engineer\) may not make this change \(useCatalogue\): it is for the admin role/);
    expect(catalogueInForce(engineer)).toMatchObject({ revision: 1, by: 'Ada', pending: false, catalogue: catalogue('supported') });
  });

  it('takes back a refused catalogue when the team never had one: the shipped one again, by nobody, at no instant', async () => {
    const engineer = world.desktop();
    useCatalogue(engineer, catalogue('discontinued'), 'Ann');
    expect((await world.sync(engineer)).rejected).toHaveLength(1);
    expect(catalogueInForce(engineer)).toEqual({ catalogue: defaultCatalogue(), revision: 0, by: null, at: null, pending: false });
  });

  it('refuses an edit made on an older revision than the team’s, saying who changed it, and keeps the newer one', async () => {
    const ada = world.desktop('Ada', 'admin');
    const bea = world.desktop('Bea', 'admin');
    await world.sync(ada);
    await world.sync(bea);
    const archive = [{ name: 'Xecuritas Archive', versions: [{ version: '3', status: 'supported' as const }] }];
    useCatalogue(ada, catalogue('supported', archive), 'Ada');
    useCatalogue(bea, catalogue('discontinued'), 'Bea'); // made on revision 0 too, offline
    expect((await world.sync(ada)).applied).toBe(1);
    const report = await world.sync(bea);
    expect(report.rejected[0]!.error).toMatch(/the catalogue was changed by Ada .*\(revision 1\) after the revision 0 this edit was made on/);
    expect(catalogueInForce(bea)).toMatchObject({ revision: 1, by: 'Ada', catalogue: catalogue('supported', archive) });
    // Made again on top of the team's, it goes through.
    useCatalogue(bea, catalogue('discontinued', archive), 'Bea');
    expect((await world.sync(bea)).applied).toBe(1);
    await world.sync(ada);
    expect(catalogueInForce(ada)).toMatchObject({ revision: 2, by: 'Bea', catalogue: catalogue('discontinued', archive) });
  });

  it('keeps an edit not yet sent on top of a newer catalogue pulled meanwhile, when it was made on that one', async () => {
    const ada = world.desktop('Ada', 'admin');
    useCatalogue(ada, catalogue('supported'), 'Ada');
    await world.sync(ada);
    // Two edits offline, the second on top of the first: both go through, in order.
    useCatalogue(ada, catalogue('discontinued'), 'Ada');
    useCatalogue(ada, catalogue('supported', [{ name: 'Xecuritas Archive', versions: [] }]), 'Ada');
    expect(catalogueInForce(ada)).toMatchObject({ revision: 3, pending: true });
    const report = await world.sync(ada);
    expect(report).toMatchObject({ applied: 2, rejected: [] });
    expect(catalogueInForce(ada)).toMatchObject({ revision: 3, pending: false, catalogue: catalogue('supported', [{ name: 'Xecuritas Archive', versions: [] }]) });
  });
});
