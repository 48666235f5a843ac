// The central store's bulk import (`casedesk server import`), on SQLite and PostgreSQL alike: an
// existing tracker's export loaded all or nothing, each case stamped with its own version and
// recorded as an applied importCase; desktops then pull the cases as they pull any others.
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCases } from '../../../bench/support/generate-cases.mjs';
import { CaseFileError, parseCasesFile, type ParsedCases } from '../../../shared/cases/case-format';
import { defaultPolicy } from '../../../shared/policy/load-policy';
import { instantOrThrow } from '../../../shared/time/instant';
import { applyMutation } from '../../../electron/core/store/apply-mutation';
import { ServerStoreError } from '../../../server/store/open-server-store';
import { IMPORT_CLIENT_ID, IMPORT_USER_NAME, ServerStore } from '../../../server/store/server-store';
import { BACKENDS } from '../../support/server-backends';
import { dropTestDatabases } from '../../support/postgres';
import { casedesk, tempFiles } from '../../support/run-casedesk';
import { exportOf, SyncWorld } from '../../support/sync-world';

const NOW = instantOrThrow('2010-11-29T12:00:00-05:00');

/** A case of our own, open, logged the morning of NOW. */
function caseRecord(id: string, extra: Record<string, unknown> = {}) {
  return { id, severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T09:00:00-05:00', company: 'Acme', summary: `case ${id}`, events: [], ...extra };
}

function file(cases: Record<string, unknown>[]): ParsedCases {
  return parseCasesFile({ format: 'casedesk.cases/1', cases });
}

/** More cases than one batch, so a failure late in the file must undo batches already written. */
const generated = () => generateCases(620, 11).cases;

async function counts(store: ServerStore) {
  const count = async (table: 'cases' | 'events' | 'mutations' | 'users' | 'clients' | 'policies') =>
    Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { head: await store.head(), cases: await count('cases'), events: await count('events'), mutations: await count('mutations'), users: await count('users'), clients: await count('clients'), policies: await count('policies') };
}

afterAll(async () => {
  await dropTestDatabases();
});

describe.each(BACKENDS)('the bulk import on $name', (backend) => {
  let store: ServerStore;

  beforeEach(async () => {
    store = await ServerStore.open(await backend.fresh(), { now: () => NOW });
  });
  afterEach(async () => {
    await store.close();
  });

  it('stamps every case with its own version, in file order, as an applied importCase by the admin user "server import"', async () => {
    const cases = generated();
    const progress: number[] = [];
    const result = await store.importCases(file(cases), defaultPolicy(), { onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ imported: 620, firstVersion: 1, lastVersion: 620 });
    expect(progress).toEqual([250, 500, 620]);
    expect(await store.head()).toBe(620);

    const page = await store.pull(0, 1000);
    expect(page.cases.map((c) => [c.id, c.version, c.number, c.origin])).toEqual(cases.map((c, i) => [c.id, i + 1, `IMP-${i + 1}`, 'import']));
    expect(page.cases[0]!.events).toEqual(((cases[0]!.events as unknown[]) ?? []).map((_, idx) => ({ id: expect.stringMatching(new RegExp(`\\.${idx}$`)), recordedAt: NOW, mutation: null })));
    expect(page.cases.every((c) => c.lastChange?.name === 'importCase')).toBe(true);
    const mutations = await store.mutationsOf(IMPORT_CLIENT_ID);
    expect(mutations).toHaveLength(620);
    expect(mutations.every((m) => m.status === 'applied' && m.error === null)).toBe(true);
    const [admin] = await store.usersWithRole('admin');
    expect(admin).toMatchObject({ name: IMPORT_USER_NAME, role: 'admin' });
    const client = await store.db.selectFrom('clients').selectAll().where('id', '=', IMPORT_CLIENT_ID).executeTakeFirstOrThrow();
    expect(client.user_id).toBe(admin!.id);

    // A second import: versions go on from the same counter, the same user records it, and a
    // number the file gives is kept unless another case has it.
    const again = await store.importCases(file([caseRecord('T-1', { number: 'T-9' }), caseRecord('T-2', { number: 'IMP-3' }), caseRecord('T-3')]), defaultPolicy());
    expect(again).toEqual({ imported: 3, firstVersion: 621, lastVersion: 623 });
    const added = await store.pull(620, 10);
    expect(added.cases.map((c) => [c.id, c.number, c.version])).toEqual([['T-1', 'T-9', 621], ['T-2', 'IMP-3/2', 622], ['T-3', 'IMP-623', 623]]);
    expect(await store.usersWithRole('admin')).toHaveLength(1);
    expect(await store.importCases(file([]), defaultPolicy())).toEqual({ imported: 0, firstVersion: 0, lastVersion: 0 });
    expect(await store.head()).toBe(623);
  });

  it('is all or nothing: a case already on the server, late in the file, leaves the store as it was and is named', async () => {
    const cases = generated();
    await store.importCases(file([caseRecord('T-1')]), defaultPolicy());
    const before = await counts(store);
    cases.splice(580, 0, caseRecord('T-1'));
    await expect(store.importCases(file(cases), defaultPolicy(), { source: 'tracker.json' })).rejects.toThrow(
      new ServerStoreError('case "T-1" (cases[580]) of tracker.json is already on the server; nothing was imported'),
    );
    expect(await counts(store)).toEqual(before);
  });

  it('is all or nothing: a severity the policy does not define, or an edited policy reusing a version, stores nothing', async () => {
    const before = await counts(store);
    const cases = generated();
    cases[400] = caseRecord('T-4', { severity: 7 });
    const refused = store.importCases(file(cases), defaultPolicy(), { source: 'tracker.json' });
    await expect(refused).rejects.toThrow(CaseFileError);
    await expect(refused).rejects.toThrow(`tracker.json has invalid cases; nothing was imported:\n  case "T-4" (cases[400]): severity: 7 is not one of the policy's severities (1, 2, 3)`);
    expect(await counts(store)).toEqual(before);

    await store.importCases(file([caseRecord('T-1')]), defaultPolicy());
    const after = await counts(store);
    const edited = { ...defaultPolicy(), name: 'edited without a new version' };
    await expect(store.importCases(file(generated()), edited)).rejects.toThrow(/already on the server with other rules.*nothing was imported/);
    expect(await counts(store)).toEqual(after);
  });
});

describe.each(BACKENDS)('a desktop after a bulk import on $name', (backend) => {
  let world: SyncWorld;
  afterEach(async () => {
    await world.close();
  });

  it('pulls every case as the server has it, and changes an imported case like any other', async () => {
    world = await SyncWorld.start(await backend.fresh());
    const cases = [...generated(), caseRecord('T-1')];
    await world.server.store.importCases(file(cases), defaultPolicy());
    const desktop = world.desktop();
    const report = await world.sync(desktop);
    expect(report).toMatchObject({ pulled: 621, pushed: 0, version: 621 });
    const server = (await world.server.store.exportCases()).sort((a, b) => a.id.localeCompare(b.id));
    const local = exportOf(desktop);
    expect(local).toEqual(server);
    expect([...desktop.allCases()].map((c) => c.record)).toEqual(parseCasesFile({ format: 'casedesk.cases/1', cases }).file.cases);
    expect(desktop.getCase('T-1')?.number).toBe('IMP-621');

    applyMutation(desktop, 'addNote', { caseId: 'T-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'after the import' });
    expect(await world.sync(desktop)).toMatchObject({ applied: 1, rejected: [] });
    const [t1] = (await world.server.store.exportCases()).filter((c) => c.id === 'T-1');
    expect(t1!.events).toEqual([{ at: '2010-11-29T10:00:00-05:00', type: 'note', author: 'Ann', text: 'after the import' }]);
  });
});

describe.each(BACKENDS)('casedesk server import on $name', (backend) => {
  it('imports a file, then refuses it again, a bad case or bad usage with the exit code and a message naming the problem', async () => {
    const location = await backend.fresh();
    const where = location.sqlite ? ['--db', location.sqlite] : ['--postgres', location.postgres!];
    const dir = tempFiles({
      'tracker.json': { format: 'casedesk.cases/1', cases: [caseRecord('A-1'), caseRecord('A-2'), caseRecord('A-3')] },
      'bad.json': { format: 'casedesk.cases/1', cases: [caseRecord('B-1'), caseRecord('B-2', { severity: 9 })] },
      'broken.json': { format: 'casedesk.cases/1', cases: [caseRecord('C-1'), { id: 'C-2', severity: 2, type: 'problem' }] },
    });
    const tracker = join(dir, 'tracker.json');
    const shownWhere = location.sqlite ?? location.postgres!.replace(/:[^:@/]*@/, ':***@');

    const ok = casedesk('server', 'import', tracker, ...where);
    expect(ok).toMatchObject({ status: 0, stdout: `imported 3 cases into ${shownWhere} (policy xecuritas-support v1; versions 1–3)\n` });

    const again = casedesk('server', 'import', tracker, ...where);
    expect(again).toMatchObject({ status: 1, stdout: '', stderr: `casedesk: case "A-1" (cases[0]) of ${tracker} is already on the server; nothing was imported\n` });

    const bad = casedesk('server', 'import', join(dir, 'bad.json'), ...where);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`case "B-2" (cases[1]): severity: 9 is not one of the policy's severities (1, 2, 3)`);

    const broken = casedesk('server', 'import', join(dir, 'broken.json'), ...where);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('case "C-2" (cases[1]): loggedAt');

    expect(casedesk('server', 'import', join(dir, 'missing.json'), ...where)).toMatchObject({ status: 1, stderr: expect.stringContaining('cannot read') });
    expect(casedesk('server', 'import', tracker)).toMatchObject({ status: 2, stderr: expect.stringContaining('--db PATH (an SQLite file, created when missing) or --postgres URL is required') });
    expect(casedesk('server', 'import', tracker, '--db', join(dir, 'x.db'), '--postgres', 'postgres://x@127.0.0.1/x')).toMatchObject({ status: 2 });

    const store = await ServerStore.open(location);
    try {
      expect(await store.head()).toBe(3);
      expect((await store.exportCases()).map((c) => c.id)).toEqual(['A-1', 'A-2', 'A-3']);
    } finally {
      await store.close();
    }
  });
});
