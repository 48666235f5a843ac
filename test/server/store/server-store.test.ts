// The central store against SQLite and PostgreSQL alike: users and tokens, mutations applied once
// and judged by the policy's rules, one monotonic version, pulls paged by version.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../shared/policy/load-policy';
import type { PushItem } from '../../../shared/sync/protocol';
import { instantOrThrow } from '../../../shared/time/instant';
import { ServerStore, type ServerUser } from '../../../server/store/server-store';
import { BACKENDS } from '../../support/server-backends';
import { dropTestDatabases } from '../../support/postgres';

const NOW = instantOrThrow('2010-11-29T12:00:00-05:00');
let ids = 0;
const id = () => `00000000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;

function create(caseId: string, extra: Partial<PushItem> = {}): PushItem {
  return {
    mutationId: id(),
    name: 'createCase',
    args: { id: caseId, severity: 2, type: 'problem', channel: 'phone', loggedAt: '2010-11-29T09:00:00-05:00', author: 'Ann', fields: { company: 'Acme' } },
    madeAt: NOW,
    number: 'ABC-1',
    policy: defaultPolicy(),
    ...extra,
  };
}

function change(name: string, args: Record<string, unknown>): PushItem {
  return { mutationId: id(), name, args, madeAt: NOW };
}

afterAll(async () => {
  await dropTestDatabases();
});

describe.each(BACKENDS)('the central store on $name', (backend) => {
  let store: ServerStore;
  let ann: ServerUser;

  beforeEach(async () => {
    store = await ServerStore.open(await backend.fresh(), { now: () => NOW });
    ann = (await store.addUser('Ann', 'engineer')).user;
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps users with a role and only the hash of their token', async () => {
    const { user, token } = await store.addUser('Olu', 'on-call');
    expect(token).toMatch(/^cdt_[A-Za-z0-9_-]{43}$/);
    expect(await store.userByToken(token)).toEqual(user);
    expect(await store.userByToken(`${token}x`)).toBeNull();
    const stored = await store.db.selectFrom('users').select('token_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    await expect(store.addUser('Olu', 'engineer')).rejects.toThrow('there is already a user named "Olu"');
    await expect(store.addUser('Pat', 'boss')).rejects.toThrow('role must be one of engineer, on-call, manager, admin');
    expect((await store.usersWithRole('on-call')).map((u) => u.name)).toEqual(['Olu']);
    // Revoked users (any number of them) no longer sign in, and stay listed as revoked.
    await store.revokeUser('Olu');
    await store.revokeUser('Ann');
    expect(await store.userByToken(token)).toBeNull();
    expect((await store.users()).map((u) => [u.name, u.revoked])).toEqual([['Ann', true], ['Olu', true]]);
  });

  it('applies a mutation once, however often it is pushed, and stamps it with the next version', async () => {
    const item = create('C-1');
    const [first] = await store.push(ann, 'desk-1', [item]);
    expect(first).toEqual({ mutationId: item.mutationId, status: 'applied', version: 1 });
    const again = await store.push(ann, 'desk-1', [item, item]);
    expect(again).toEqual([first, first]);
    expect(await store.head()).toBe(1);
    const note = change('addNote', { caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'called back' });
    expect((await store.push(ann, 'desk-1', [note, note]))[1]).toEqual({ mutationId: note.mutationId, status: 'applied', version: 2 });
    const [exported] = await store.exportCases();
    expect(exported!.events).toEqual([{ at: '2010-11-29T10:00:00-05:00', type: 'note', author: 'Ann', text: 'called back' }]);
  });

  it('judges a change by the policy against its own state, and reports a refusal with the reason', async () => {
    await store.push(ann, 'desk-1', [create('C-1')]);
    const close = change('closeCase', {
      caseId: 'C-1', at: '2010-11-29T11:00:00-05:00', author: 'Ann', agreement: { by: 'Bo', at: '2010-11-29T11:00:00-05:00', how: 'phone' },
    });
    const [result] = await store.push(ann, 'desk-1', [close]);
    expect(result).toMatchObject({ status: 'rejected', error: 'case ABC-1 is new: resolve it first; a case stays open until it is resolved' });
    // The refusal touches the case, so a desktop that shows the change takes it back on its next pull.
    const pulled = await store.pull(1, 10);
    expect(pulled.cases.map((c) => [c.id, c.version, c.record.events])).toEqual([['C-1', 2, []]]);
    expect(await store.mutationsOf('desk-1')).toEqual([
      { id: expect.any(String), status: 'applied', error: null },
      { id: close.mutationId, status: 'rejected', error: expect.stringContaining('resolve it first') },
    ]);
    const [nonsense] = await store.push(ann, 'desk-1', [change('launchRocket', {})]);
    expect(nonsense).toMatchObject({ status: 'rejected', error: 'unknown change "launchRocket"' });
    const [noCase] = await store.push(ann, 'desk-1', [change('addNote', { caseId: 'C-404', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'x' })]);
    expect(noCase).toMatchObject({ status: 'rejected', error: 'no case "C-404"' });
  });

  it('gates access to customer equipment by the same waiver rules as the desktop: a change logged offline after a revocation is refused', async () => {
    await store.push(ann, 'desk-1', [create('C-1')]);
    const access = (at: string, system = 'mx1.acme.test') => change('logEquipmentAccess', { caseId: 'C-1', at, author: 'Ann', system, change: 'Raised the threshold' });
    const [early] = await store.push(ann, 'desk-1', [access('2010-11-29T10:00:00-05:00')]);
    expect(early).toMatchObject({ status: 'rejected', error: expect.stringContaining('access to mx1.acme.test refused: no modification waiver is signed on this case') });
    const sign = change('signWaiver', {
      caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', waiver: 'W1', caseNumber: 'ABC-1', customer: { company: 'Acme', contractId: '' },
      signatory: { name: 'Bo', title: 'CTO', company: 'Acme', email: 'bo@acme.test' }, systems: ['mx1.acme.test'], changes: 'Spam threshold',
      validFrom: '2010-11-29T10:00:00-05:00', validTo: '2010-11-30T10:00:00-05:00', signature: { kind: 'typed', name: 'Bo' }, pdf: { sha256: 'c'.repeat(64), size: 900 },
    });
    const revoke = change('revokeWaiver', { caseId: 'C-1', at: '2010-11-29T11:00:00-05:00', author: 'Ann', waiver: 'W1', reason: 'freeze' });
    const results = await store.push(ann, 'desk-1', [sign, access('2010-11-29T10:30:00-05:00'), access('2010-11-29T10:40:00-05:00', 'db1.acme.test'), revoke, access('2010-11-29T11:30:00-05:00')]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'applied', 'rejected']);
    expect(results[4]).toMatchObject({ error: expect.stringMatching(/was revoked at Mon 2010-11-29 11:00 .*\(freeze\)/) });
    const [edit] = await store.push(ann, 'desk-1', [{ ...sign, mutationId: id() }]);
    expect(edit).toMatchObject({ status: 'rejected', error: expect.stringContaining('waiver W1 is signed (by Bo') });
  });

  it('refuses a change whose envelope names another scope than its arguments, and takes one whose scope is its case', async () => {
    await store.push(ann, 'desk-1', [create('C-1', { scope: { kind: 'case', caseId: 'C-1' } })]);
    const note = (scope: PushItem['scope']) => ({ ...change('addNote', { caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'x' }), scope });
    const [other, team, own] = await store.push(ann, 'desk-1', [note({ kind: 'case', caseId: 'C-2' }), note({ kind: 'team', subject: 'rota' }), note({ kind: 'case', caseId: 'C-1' })]);
    expect(other).toMatchObject({ status: 'rejected', error: 'addNote: the change says it is about case C-2, but it is about case C-1' });
    expect(team).toMatchObject({ status: 'rejected', error: "addNote: the change says it is about the team's rota, but it is about case C-1" });
    expect(own).toMatchObject({ status: 'applied' });
  });

  it('hands out changes since a version, a page at a time, each case once at its latest version', async () => {
    await store.push(ann, 'desk-1', [create('C-1'), create('C-2', { number: 'ABC-2' }), create('C-3', { number: 'ABC-3' })]);
    await store.push(ann, 'desk-1', [change('addNote', { caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'later' })]);
    const first = await store.pull(0, 2);
    expect(first.cases.map((c) => [c.id, c.version])).toEqual([['C-2', 2], ['C-3', 3]]);
    expect(first).toMatchObject({ version: 3, more: true });
    expect(first.policies).toEqual([defaultPolicy()]);
    const second = await store.pull(first.version, 2);
    expect(second.cases.map((c) => [c.id, c.version, c.record.events?.length])).toEqual([['C-1', 4, 1]]);
    expect(second).toMatchObject({ version: 4, more: false });
    expect(second.cases[0]!.events).toEqual([{ id: expect.any(String), recordedAt: NOW, mutation: 'addNote' }]);
    expect(second.cases[0]!.lastChange).toMatchObject({ name: 'addNote' });
    expect(await store.pull(4, 2)).toMatchObject({ cases: [], version: 4, more: false });
  });

  it('keeps every replaced field value in the history, with who replaced it', async () => {
    await store.push(ann, 'desk-1', [create('C-1')]);
    await store.push(ann, 'desk-1', [change('updateCase', { caseId: 'C-1', author: 'Ann', fields: { company: 'Acme Corp', contact: { email: 'bo@acme.test' } } })]);
    const raj = (await store.addUser('Raj', 'engineer')).user;
    await store.push(raj, 'desk-2', [change('updateCase', { caseId: 'C-1', author: 'Raj', fields: { company: 'ACME' } })]);
    const history = await store.fieldHistory('C-1');
    expect(history.map((h) => [h.field, h.previous, h.value, h.author])).toEqual([
      ['company', 'Acme', 'Acme Corp', 'Ann'],
      ['contact.email', null, 'bo@acme.test', 'Ann'],
      ['company', 'Acme Corp', 'ACME', 'Raj'],
    ]);
    expect((await store.exportCases())[0]).toMatchObject({ company: 'ACME', contact: { email: 'bo@acme.test' } });
  });

  it("records every change as its signed-in user's, whatever author it names; an imported case keeps its recorded authors", async () => {
    const raj = (await store.addUser('Raj', 'engineer')).user;
    await store.push(ann, 'desk-1', [create('C-1', { args: { ...create('C-1').args as object, author: 'Someone else' } })]);
    const forged = change('addNote', { caseId: 'C-1', at: '2010-11-29T10:00:00-05:00', author: 'Ann', text: 'I approve the refund' });
    await store.push(raj, 'desk-2', [forged]);
    await store.push(raj, 'desk-2', [change('updateCase', { caseId: 'C-1', author: 'Ann', fields: { company: 'ACME' } })]);
    const [exported] = await store.exportCases();
    expect(exported!.events).toEqual([{ at: '2010-11-29T10:00:00-05:00', type: 'note', author: 'Raj', text: 'I approve the refund' }]);
    expect((await store.fieldHistory('C-1')).map((h) => [h.field, h.author])).toEqual([['company', 'Raj']]);
    // The log keeps the change as applied, in the name it was applied in.
    const logged = await store.db.selectFrom('mutations').select('args').where('id', '=', forged.mutationId).executeTakeFirstOrThrow();
    expect(JSON.parse(logged.args)).toMatchObject({ author: 'Raj' });
    const imported = {
      mutationId: id(), name: 'importCase', madeAt: NOW, number: 'OLD-7', policy: defaultPolicy(),
      args: { record: { id: 'C-OLD', severity: 3, type: 'problem', channel: 'email', loggedAt: '2009-03-02T09:00:00-05:00', company: 'Initech',
        events: [{ at: '2009-03-02T10:00:00-05:00', type: 'note', author: 'Pat (old tracker)', text: 'first look' }] } },
    } satisfies PushItem;
    expect((await store.push(raj, 'desk-2', [imported]))[0]).toMatchObject({ status: 'applied' });
    expect((await store.exportCases()).find((c) => c.id === 'C-OLD')!.events).toEqual([{ at: '2009-03-02T10:00:00-05:00', type: 'note', author: 'Pat (old tracker)', text: 'first look' }]);
  });

  it('keeps the number a desktop gave a case unless another case has it, then renames it', async () => {
    await store.push(ann, 'desk-1', [create('C-1')]);
    await store.push(ann, 'desk-2', [create('C-2')]);
    const { cases } = await store.pull(0, 10);
    expect(cases.map((c) => [c.id, c.number])).toEqual([['C-1', 'ABC-1'], ['C-2', 'ABC-1/2']]);
  });

  it("logs the server's own cases under the policy an admin put in force, never one a desktop pushed", async () => {
    expect(await store.policyInForce()).toEqual(defaultPolicy());
    const experiment = { ...defaultPolicy(), version: 4242, name: 'a local experiment' };
    await store.push(ann, 'desk-1', [create('C-1', { policy: experiment })]);
    expect((await store.policyInForce()).version).toBe(1);
    const chosen = { ...defaultPolicy(), version: 2, name: 'support policy 2011' };
    await store.usePolicy(chosen);
    expect(await store.policyInForce()).toEqual(chosen);
    await expect(store.usePolicy({ ...experiment, name: 'edited again' })).rejects.toThrow('policy xecuritas-support v4242 is already on the server with other rules');
    expect(await store.policyInForce()).toEqual(chosen);
  });

  it('refuses a new case whose policy no clock could reach a deadline under (pushed by one engineer, it would stall every desktop)', async () => {
    const hostile = structuredClone(defaultPolicy()) as any;
    hostile.version = 99;
    for (const day of Object.keys(hostile.businessHours)) hostile.businessHours[day] = [];
    hostile.businessHours.monday = [{ start: '08:00', end: '08:01' }];
    hostile.severities[1].resolution = { due: { hours: 1000 }, breach: { hours: 1000 } };
    const [refused] = await store.push(ann, 'desk-1', [create('C-9', { policy: hostile })]);
    expect(refused).toMatchObject({ status: 'rejected', error: expect.stringContaining("Severity-2's resolution target of 1000h cannot be reached within two years") });
    expect(await store.exportCases()).toEqual([]);
  });

  it('refuses a new case without its policy, and an edited policy that reuses a version', async () => {
    const [bare] = await store.push(ann, 'desk-1', [create('C-1', { policy: undefined })]);
    expect(bare).toMatchObject({ status: 'rejected', error: 'a new case must come with the policy it was logged under' });
    await store.push(ann, 'desk-1', [create('C-2')]);
    const edited = { ...defaultPolicy(), name: 'edited without a new version' };
    const [clash] = await store.push(ann, 'desk-1', [create('C-3', { policy: edited, number: 'ABC-3' })]);
    expect(clash).toMatchObject({ status: 'rejected', error: expect.stringContaining('already on the server with other rules') });
  });
});
