// Desktops and the central server over real HTTP on 127.0.0.1, on SQLite and on PostgreSQL: what
// one desktop does reaches the others; concurrent changes converge; a change the server refuses
// is reported to its author and taken back; a bad token, a dead or silent server lose nothing.
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { signedInAs, syncOnce, SyncError } from '../../../../electron/core/sync/sync-client';
import { memoryVault, SyncService, type SyncStatus } from '../../../../electron/core/sync/sync-service';
import { refusedCases } from '../../../../electron/core/store/refused-cases';
import { LEASE_MS, SyncBusyError } from '../../../../electron/core/store/sync-lock';
import { dropTestDatabases } from '../../../support/postgres';
import { BACKENDS } from '../../../support/server-backends';
import { startCentralServer } from '../../../../server/start-server';
import { exportOf, newCase, numbersOf, SyncWorld } from '../../../support/sync-world';
import { tempDbPath } from '../../../support/temp-db';
import { statementOf } from '../../../../electron/core/store/case-store';

afterAll(async () => {
  await dropTestDatabases();
});

const at = (time: string) => `2010-11-29T${time}-05:00`;

describe.each(BACKENDS)('sync through a server on $name', (backend) => {
  let world: SyncWorld;
  beforeEach(async () => {
    world = await SyncWorld.start(await backend.fresh());
  });
  afterEach(async () => {
    await world.close();
  });

  it('brings a case made offline on one desktop to another, the same in every field, event and instant', async () => {
    const a = world.desktop();
    const b = world.desktop();
    newCase(a, 'C-1', { contact: { name: 'Bo', email: 'bo@acme.test' } });
    applyMutation(a, 'logContact', { caseId: 'C-1', at: at('09:20:00'), author: 'Ann', channel: 'phone', note: 'called' });
    const pushed = await world.sync(a);
    expect(pushed).toMatchObject({ pushed: 2, applied: 2, rejected: [], pulled: 1, pending: 0 });
    const pulled = await world.sync(b);
    expect(pulled).toMatchObject({ pushed: 0, pulled: 1 });
    expect(exportOf(b)).toEqual(exportOf(a));
    expect(await world.server.store.exportCases()).toEqual(exportOf(a));
    expect(numbersOf(b)).toEqual(numbersOf(a));
    // The clocks on B are worked out from the same history: the contact stopped the response clock.
    expect(statementOf(b, 'SELECT resp_final, effective_status FROM cases').get()).toEqual({ resp_final: 'met', effective_status: 'new' });
  });

  it('merges changes two desktops made to one case at the same time, in the server’s order', async () => {
    const a = world.desktop();
    const b = world.desktop();
    newCase(a, 'C-1');
    await world.settle();
    applyMutation(a, 'addNote', { caseId: 'C-1', at: at('10:00:00'), author: 'Ann', text: 'from A' });
    applyMutation(b, 'logContact', { caseId: 'C-1', at: at('10:05:00'), author: 'Raj', channel: 'email' });
    applyMutation(b, 'updateCase', { caseId: 'C-1', author: 'Raj', fields: { product: 'MailWall' } });
    await world.sync(b);
    await world.sync(a);
    await world.settle();
    const expected = exportOf(a);
    expect(exportOf(b)).toEqual(expected);
    expect(await world.server.store.exportCases()).toEqual(expected);
    expect(expected[0]!.events!.map((e) => e.type)).toEqual(['contact', 'note']);
    expect(expected[0]!.product).toBe('MailWall');
    // Both desktops agree which events are confirmed: none is left waiting.
    for (const d of [a, b]) expect(statementOf(d, 'SELECT count(*) FROM events WHERE pending = 1', 'pluck').get()).toBe(0);
  });

  it('keeps both versions of free text edited on two desktops until an engineer keeps one; a short field keeps the later value and shows the one it replaced', async () => {
    const a = world.desktop();
    const b = world.desktop('Raj');
    newCase(a, 'C-1', { product: 'MailWall', problem: { symptoms: 'mail stuck' } });
    await world.settle();
    applyMutation(a, 'updateCase', { caseId: 'C-1', author: 'Ann', fields: { problem: { symptoms: 'mail stuck since 9:00, queue at 40k' }, product: 'MailWall Pro' } });
    applyMutation(b, 'updateCase', { caseId: 'C-1', author: 'Raj', fields: { problem: { symptoms: 'mail stuck; TLS errors in the log' }, product: 'MailWall 7' } });
    await world.sync(a);
    await world.sync(b);
    await world.settle();
    for (const d of [a, b]) {
      const stored = d.getCase('C-1')!;
      expect(stored.record.problem?.symptoms).toBe('mail stuck; TLS errors in the log');
      expect(stored.record.product).toBe('MailWall 7');
      expect(stored.conflicts).toEqual([
        { field: 'problem.symptoms', kind: 'text', value: 'mail stuck; TLS errors in the log', author: 'Raj', other: 'mail stuck since 9:00, queue at 40k', otherAuthor: 'Ann', at: world.clock.now },
        { field: 'product', kind: 'overwritten', value: 'MailWall 7', author: 'Raj', other: 'MailWall Pro', otherAuthor: 'Ann', at: world.clock.now },
      ]);
    }
    // Ann keeps Raj's text as it is: the conflict is settled everywhere; the short field's note stays.
    applyMutation(a, 'updateCase', { caseId: 'C-1', author: 'Ann', fields: { problem: { symptoms: 'mail stuck; TLS errors in the log' } }, resolves: ['problem.symptoms'] });
    expect(a.getCase('C-1')!.conflicts.map((c) => c.field)).toEqual(['product']);
    await world.settle();
    for (const d of [a, b]) expect(d.getCase('C-1')!.conflicts.map((c) => c.field)).toEqual(['product']);
    // An edit made after seeing the other's is no conflict.
    applyMutation(b, 'updateCase', { caseId: 'C-1', author: 'Raj', fields: { product: 'MailWall Pro' } });
    await world.settle();
    expect(a.getCase('C-1')!.conflicts).toEqual([]);
    expect(exportOf(b)).toEqual(exportOf(a));
    expect((await world.server.store.fieldHistory('C-1')).map((h) => [h.field, h.author, h.concurrent])).toEqual([
      ['problem.symptoms', 'Ann', 0],
      ['product', 'Ann', 0],
      ['problem.symptoms', 'Raj', 1],
      ['product', 'Raj', 1],
      ['problem.symptoms', 'Ann', 0],
      ['product', 'Raj', 0],
    ]);
  });

  it('gives each desktop a desk code of its own; a number two desktops both gave is kept by the first', async () => {
    const a = world.desktop();
    const b = world.desktop();
    for (const d of [a, b]) d.setMeta('desk_code', 'QQQ');
    newCase(a, 'C-1');
    newCase(b, 'C-2');
    await world.sync(a);
    await world.sync(b);
    await world.settle();
    expect(numbersOf(a)).toEqual({ 'C-1': 'QQQ-1', 'C-2': 'QQQ-1/2' });
    expect(numbersOf(b)).toEqual(numbersOf(a));
    expect(a.meta('desk_code')).toBe('QQQ');
    const given = b.meta('desk_code')!;
    expect(given).toMatch(/^[0-9A-Z]{3}$/);
    expect(given).not.toBe('QQQ');
    expect(newCase(b, 'C-3').number).toBe(`${given}-2`);
  });

  it('keeps the other version in view through further edits until an engineer keeps one — not settled by saving again', async () => {
    const a = world.desktop();
    const b = world.desktop('Raj');
    newCase(a, 'C-1', { summary: 'S0' });
    await world.settle();
    applyMutation(b, 'updateCase', { caseId: 'C-1', author: 'Raj', fields: { summary: 'SB' } });
    await world.sync(b);
    // Ann, offline, saves the summary twice; the second edit starts from her first.
    applyMutation(a, 'updateCase', { caseId: 'C-1', author: 'Ann', fields: { summary: 'SA1' }, base: { summary: 'S0' } });
    applyMutation(a, 'updateCase', { caseId: 'C-1', author: 'Ann', fields: { summary: 'SA2' }, base: { summary: 'SA1' } });
    await world.settle();
    for (const d of [a, b]) expect(d.getCase('C-1')!.conflicts).toEqual([{ field: 'summary', kind: 'text', value: 'SA2', author: 'Ann', other: 'SB', otherAuthor: 'Raj', at: world.clock.now }]);
    // An engineer who began typing before a sync brought Raj's edit in is in conflict too.
    applyMutation(b, 'updateCase', { caseId: 'C-1', author: 'Raj', fields: { summary: 'SB merged with SA2' }, resolves: ['summary'] });
    await world.settle();
    expect(a.getCase('C-1')!.conflicts).toEqual([]);
    applyMutation(a, 'updateCase', { caseId: 'C-1', author: 'Ann', fields: { summary: 'typed over the old text' }, base: { summary: 'SA2' } });
    await world.settle();
    expect(b.getCase('C-1')!.conflicts).toEqual([
      { field: 'summary', kind: 'text', value: 'typed over the old text', author: 'Ann', other: 'SB merged with SA2', otherAuthor: 'Raj', at: world.clock.now },
    ]);
    expect(exportOf(b)).toEqual(exportOf(a));
  });

  it("makes a database's changes in the name of the user it synced as, so its undo agrees with the server's", async () => {
    const desk = world.desktop('Raj');
    const core = new CasedeskApiCore(desk);
    newCase(desk, 'C-1');
    await world.sync(desk);
    expect(signedInAs(desk)).toBe('Raj');
    await core.handle('case:change', { name: 'addNote', args: { caseId: 'C-1', author: 'Ann', text: 'after the sync' } });
    await world.sync(desk);
    expect(desk.getCase('C-1')!.record.events).toEqual([expect.objectContaining({ author: 'Raj', text: 'after the sync' })]);
    // Raj may undo it, here and on the server alike.
    await core.handle('case:change', { name: 'undoLastChange', args: { caseId: 'C-1', author: 'Raj' } });
    const report = await world.sync(desk);
    expect(report.rejected).toEqual([]);
    expect((await world.server.store.exportCases())[0]!.events!.map((e) => [e.type, e.author])).toEqual([['note', 'Raj'], ['retraction', 'Raj']]);
  });

  it('undoes the event the author meant, or nothing: never a change that reached the server in between', async () => {
    const laptop = world.desktop();
    const desk = world.desktop();
    newCase(laptop, 'C-1');
    applyMutation(laptop, 'addNote', { caseId: 'C-1', at: at('10:00:00'), author: 'Ann', text: 'from the laptop' });
    await world.settle();
    // Ann notes something at her desk too; the laptop, not yet told, undoes "its" last note.
    applyMutation(desk, 'addNote', { caseId: 'C-1', at: at('10:05:00'), author: 'Ann', text: 'from the desk' });
    await world.sync(desk);
    applyMutation(laptop, 'undoLastChange', { caseId: 'C-1', at: at('10:06:00'), author: 'Ann' });
    const report = await world.sync(laptop);
    expect(report.rejected).toEqual([expect.objectContaining({ name: 'undoLastChange', error: expect.stringContaining("changed since the undo was asked for (its last change is now Ann's note): nothing was undone") })]);
    await world.settle();
    const events = exportOf(desk)[0]!.events!;
    expect(events.map((e) => e.type)).toEqual(['note', 'note']);
    expect(exportOf(laptop)).toEqual(exportOf(desk));
  });

  it('reports a change the server refuses to its author and takes it back there', async () => {
    const a = world.desktop();
    const b = world.desktop();
    newCase(a, 'C-1');
    applyMutation(a, 'changeStatus', { caseId: 'C-1', at: at('10:00:00'), author: 'Ann', status: 'resolved' });
    await world.settle();
    // A closes the case with the customer's agreement; B, not yet told, asks the customer a question.
    applyMutation(a, 'closeCase', { caseId: 'C-1', at: at('11:00:00'), author: 'Ann', agreement: { by: 'Bo', at: at('10:55:00'), how: 'phone' } });
    await world.sync(a);
    applyMutation(b, 'changeStatus', { caseId: 'C-1', at: at('11:05:00'), author: 'Raj', status: 'awaiting-customer' });
    expect(b.getCase('C-1')!.status).toBe('awaiting-customer');
    const report = await world.sync(b);
    expect(report).toMatchObject({ pushed: 1, applied: 0, pending: 0 });
    expect(report.rejected).toEqual([
      { mutationId: expect.any(String), name: 'changeStatus', caseId: 'C-1', number: numbersOf(a)['C-1'], error: expect.stringMatching(/^case .* is closed; reopen it first$/) },
    ]);
    expect(statementOf(b, `SELECT name, state, error FROM outbox WHERE state = 'rejected'`).all()).toEqual([
      { name: 'changeStatus', state: 'rejected', error: expect.stringContaining('is closed; reopen it first') },
    ]);
    expect(b.getCase('C-1')!.status).toBe('closed');
    expect(exportOf(b)).toEqual(exportOf(a));
    expect(await world.server.store.exportCases()).toEqual(exportOf(a));
  });

  it('when two desktops import one case, keeps the first and gives the second the server’s copy', async () => {
    const a = world.desktop();
    const b = world.desktop();
    const record = { id: 'X-1', severity: 2, type: 'problem', loggedAt: at('09:00:00'), company: 'Acme', events: [{ at: at('09:30:00'), type: 'contact', channel: 'phone' }] };
    applyMutation(a, 'importCase', { record });
    applyMutation(b, 'importCase', { record: { ...record, company: 'Acme (B)' } });
    await world.sync(a);
    const report = await world.sync(b);
    expect(report.rejected).toEqual([expect.objectContaining({ name: 'importCase', caseId: 'X-1', error: 'case "X-1" is already in the store' })]);
    expect(exportOf(b)).toEqual(exportOf(a));
    expect(numbersOf(b)).toEqual(numbersOf(a));
    expect(b.getCase('X-1')!.record.company).toBe('Acme');
  });

  it('syncs an imported case with a long history (thousands of events)', async () => {
    const a = world.desktop();
    const b = world.desktop();
    const events = Array.from({ length: 5000 }, (_, i) => ({ at: at(`09:${String(10 + Math.floor(i / 100)).padStart(2, '0')}:00`), type: 'note', author: 'Ann', text: `note ${i}` }));
    applyMutation(a, 'importCase', { record: { id: 'LONG-1', severity: 3, type: 'problem', loggedAt: at('09:00:00'), events } });
    newCase(a, 'C-1');
    expect(await world.sync(a)).toMatchObject({ applied: 2, rejected: [] });
    await world.sync(b);
    expect(b.getCase('LONG-1')!.record.events).toHaveLength(5000);
    expect(exportOf(b)).toEqual(exportOf(a));
  });

  /** Desktop `a` and another both edited the policy into a v7 of their own; the other's reached the server first. */
  async function clashingPolicyEdits() {
    const a = world.desktop();
    a.usePolicy({ ...a.currentPolicy, version: 7 });
    const other = world.desktop();
    other.usePolicy({ ...other.currentPolicy, version: 7, holidays: { ...other.currentPolicy.holidays, add: [{ date: '2010-11-30', name: 'Office move' }] } });
    newCase(other, 'C-0');
    await world.sync(other);
    return a;
  }

  it('takes out a case the server refused to create, and says so when a policy edit clashes', async () => {
    const a = await clashingPolicyEdits();
    newCase(a, 'C-1');
    await expect(world.sync(a)).rejects.toThrow(/the server has policy xecuritas-support v7 with other rules than this desktop's policy of that version/);
    expect(a.getCase('C-1')).toBeNull();
    expect(statementOf(a, 'SELECT name, state, error FROM outbox').all()).toEqual([
      { name: 'createCase', state: 'rejected', error: expect.stringContaining('is already on the server with other rules') },
    ]);
  });

  it('keeps the content of a case it takes out: listed as refused, and restored into the queue it goes to the server again', async () => {
    const a = await clashingPolicyEdits();
    newCase(a, 'C-1', { contact: { name: 'Bo', email: 'bo@acme.test' } });
    applyMutation(a, 'addNote', { caseId: 'C-1', at: at('10:00:00'), author: 'Ann', text: 'logs attached' });
    const made = a.getCase('C-1')!.record;
    await expect(world.sync(a)).rejects.toThrow(/with other rules than this desktop's policy/);
    expect(a.getCase('C-1')).toBeNull();
    expect(refusedCases(a)).toEqual([{ caseId: 'C-1', number: expect.any(String), record: made, reason: expect.stringContaining('already on the server with other rules'), refusedAt: world.clock.now }]);
    const api = new CasedeskApiCore(a, new SyncService(a, { vault: memoryVault() }));
    const listed = (await api.handle('sync:status', {})) as SyncStatus;
    expect(listed.rejected).toEqual([
      expect.objectContaining({ name: 'addNote', caseId: 'C-1', restorable: true }),
      expect.objectContaining({ name: 'createCase', caseId: 'C-1', restorable: true }),
    ]);

    // The policy fixed (a new version), the case comes back as it was and goes to the server.
    a.usePolicy({ ...a.currentPolicy, version: 8 });
    const restored = (await api.handle('sync:restore-refused', { caseId: 'C-1' })) as SyncStatus;
    expect(restored.rejected.every((r) => !r.restorable)).toBe(true);
    expect(a.getCase('C-1')!.record).toEqual(made);
    await expect(api.handle('sync:restore-refused', { caseId: 'C-1' })).rejects.toThrow('the refused case "C-1" was restored already');
    await expect(world.sync(a)).rejects.toThrow(/with other rules than this desktop's policy/); // the pull of C-0 still clashes
    expect((await world.server.store.exportCases()).find((c) => c.id === 'C-1')).toEqual(made);
  });

  it('a refused token, a dead server and a silent one are clear errors; the outbox is kept', async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    await expect(world.sync(a, { token: 'cdt_wrong' })).rejects.toThrow(/refused the token: the token is not known to this server/);
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(world.sync(a, { server: `http://127.0.0.1:${closedPort}` })).rejects.toMatchObject({
      kind: 'unreachable',
      message: `cannot reach the server at http://127.0.0.1:${closedPort} (ECONNREFUSED)`,
    });
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const error = await world.sync(a, { server: `http://127.0.0.1:${port}`, timeoutMs: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).message).toBe(`the server at http://127.0.0.1:${port} did not answer within 0.4 s`);
    expect(Date.now() - started).toBeLessThan(3000);
    silent.close();
    expect(statementOf(a, `SELECT name, state FROM outbox`).all()).toEqual([{ name: 'createCase', state: 'pending' }]);
    expect(await world.sync(a)).toMatchObject({ applied: 1, pending: 0 });
  });

  it('syncs a database with one server only, and notices a server restored from an older copy', async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    await world.sync(a);
    const other = await startCentralServer({ sqlite: tempDbPath('other.db'), port: 0, clock: { now: () => world.clock.now } });
    try {
      const { token } = await other.store.addUser('Ann', 'engineer');
      newCase(a, 'C-2');
      await expect(syncOnce(a, { server: other.url, token })).rejects.toThrow(`${other.url} is not the server this database syncs with`);
      expect(await other.store.exportCases()).toEqual([]);
    } finally {
      await other.close();
    }
    a.setMeta('sync_version', '99');
    await expect(world.sync(a)).rejects.toThrow(/has seen changes up to version 99 but .* has only 1: the server was restored from an older copy/);
    expect(statementOf(a, `SELECT count(*) FROM outbox WHERE state = 'pending'`, 'pluck').get()).toBe(1);
  });

  it('never runs two syncs of one database at once', async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    const first = syncOnce(a, world.options());
    await expect(syncOnce(a, world.options())).rejects.toThrow(SyncBusyError);
    await expect(syncOnce(a, world.options())).rejects.toThrow(/a sync of .* is already running \(process \d+/);
    await first;
    await expect(syncOnce(a, world.options())).resolves.toMatchObject({ pending: 0 });
    // A lock whose holder stopped renewing it (a process id reused after a crash) is abandoned.
    a.setMeta('sync_lock', JSON.stringify({ token: 'x', pid: process.pid, host: hostname(), since: 0, renewed: Date.now() - LEASE_MS - 1 }));
    await expect(syncOnce(a, world.options())).resolves.toMatchObject({ pending: 0 });
    a.setMeta('sync_lock', JSON.stringify({ token: 'x', pid: process.pid, host: hostname(), since: 0, renewed: Date.now() }));
    await expect(syncOnce(a, world.options())).rejects.toThrow(SyncBusyError);
  });
});
