// The desktop's running sync against a real server on 127.0.0.1: connecting checks the token
// first, the watch brings another desktop's change in within seconds of the server's poke, a
// Severity-1 page reaches an on-call user's notifier, refused changes are listed until seen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CasedeskApiCore } from '../../../../electron/core/api/casedesk-api';
import { applyMutation } from '../../../../electron/core/store/apply-mutation';
import { memoryVault, SyncService, type PageNotice } from '../../../../electron/core/sync/sync-service';
import { newCase, SyncWorld } from '../../../support/sync-world';
import { tempDbPath } from '../../../support/temp-db';
import { SimulatedHost } from '../../../support/simulated-host';

const at = (time: string) => `2010-11-29T${time}-05:00`;

describe('the desktop sync service', () => {
  let world: SyncWorld;
  const services: SyncService[] = [];
  beforeEach(async () => {
    world = await SyncWorld.start({ sqlite: tempDbPath('central.db') });
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    await world.close();
  });

  function service(pages: PageNotice[] = []) {
    const store = world.desktop();
    const sync = new SyncService(store, { vault: memoryVault(), notifier: { page: (p) => pages.push(p) }, intervalMs: 60_000 });
    services.push(sync);
    return { store, sync };
  }

  it('checks the server and token before keeping them; works locally until then', async () => {
    const { store, sync } = service();
    expect(sync.status()).toMatchObject({ configured: false, server: null, online: false, pending: 0 });
    newCase(store, 'C-1');
    expect(sync.status().pending).toBe(1);
    await expect(sync.connect(world.server.url, 'cdt_wrong')).rejects.toThrow('refused the token');
    await expect(sync.connect('ftp://example', world.token)).rejects.toThrow('is not an http:// or https:// address');
    expect(sync.status().configured).toBe(false);
    const status = await sync.connect(`${world.server.url}/`, world.token);
    expect(status).toMatchObject({ configured: true, server: world.server.url, user: 'Ann', role: 'engineer', tokenKeptForSessionOnly: true });
    await expect.poll(() => sync.status().lastSyncAt, { timeout: 5000 }).toBe(world.clock.now);
    expect(sync.status()).toMatchObject({ online: true, lastError: null, pending: 0 });
    // "Sync now" while the watch is syncing waits for it instead of failing.
    newCase(store, 'C-5');
    const [now] = await Promise.all([sync.syncNow(), sync.syncNow()]);
    expect(now.pending).toBe(0);
    const off = sync.disconnect();
    expect(off).toMatchObject({ configured: false, server: null });
  });

  it('makes every change of a signed-in desktop in its user\'s name, locally and on the server; signed out, in the name given', async () => {
    const { store, sync } = service();
    const core = new CasedeskApiCore(store, sync);
    newCase(store, 'C-1');
    await sync.connect(world.server.url, world.token);
    await expect.poll(() => sync.status().pending, { timeout: 5000 }).toBe(0);
    await core.handle('case:change', { name: 'addNote', args: { caseId: 'C-1', author: 'Raj', text: 'signed in as Ann' } });
    expect(store.getCase('C-1')!.record.events).toEqual([expect.objectContaining({ type: 'note', author: 'Ann', text: 'signed in as Ann' })]);
    await sync.syncNow();
    expect((await world.server.store.exportCases())[0]!.events).toEqual([expect.objectContaining({ author: 'Ann', text: 'signed in as Ann' })]);
    sync.disconnect();
    await core.handle('case:change', { name: 'addNote', args: { caseId: 'C-1', author: 'Raj', text: 'local only' } });
    expect(store.getCase('C-1')!.record.events!.at(-1)).toMatchObject({ author: 'Raj', text: 'local only' });
  });

  it('says within seconds that the server refused the token when the user is revoked, and keeps the changes', async () => {
    await world.close();
    world = await SyncWorld.start({ sqlite: tempDbPath('central.db') }, undefined, { heartbeatMs: 200 });
    const { store, sync } = service();
    await sync.connect(world.server.url, world.token);
    await expect.poll(() => sync.status().online, { timeout: 5000 }).toBe(true);
    await world.server.store.revokeUser('Ann');
    // Told by the closing stream (checked every 200 ms here), not at the next retry 2 s on.
    await expect.poll(() => sync.status().lastError, { timeout: 1000 }).toMatch(/refused the token: the token is not known to this server/);
    newCase(store, 'C-1');
    await new Promise((r) => setTimeout(r, 300));
    expect(sync.status()).toMatchObject({ online: false, pending: 1, lastError: expect.stringContaining('refused the token') });
  });

  it("brings another desktop's change in within seconds of the server's poke", async () => {
    const { store, sync } = service();
    // The core's alerts hear which cases a sync brought, and plan those again (on the world's clock).
    const host = new SimulatedHost(new Date(world.clock.now).toISOString());
    const core = new CasedeskApiCore(store, sync, { alerts: { host: host.host, startAfterMs: 0 } });
    host.advance(0);
    const heard: (readonly string[] | null | undefined)[] = [];
    sync.subscribe((change, caseIds) => change === 'cases' && heard.push(caseIds));
    await sync.connect(world.server.url, world.token);
    await expect.poll(() => sync.status().online, { timeout: 5000 }).toBe(true);
    const before = sync.status().version;
    const other = world.desktop();
    newCase(other, 'C-2', { summary: 'from the other desk' });
    const started = Date.now();
    await world.sync(other);
    await expect.poll(() => store.getCase('C-2')?.record.summary, { timeout: 2000, interval: 25 }).toBe('from the other desk');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sync.status().version).not.toBe(before);
    await expect.poll(() => heard, { timeout: 2000 }).toContainEqual(['C-2']);
    expect(core['alerts'].next()).toMatchObject({ caseId: 'C-2' });
    core.close();
  });

  it('pages the person named within 2 seconds; nobody else is paged', async () => {
    const onCallPages: PageNotice[] = [];
    const engineerPages: PageNotice[] = [];
    const { token } = await world.server.store.addUser('Olu', 'on-call');
    const onCall = service(onCallPages);
    const engineer = service(engineerPages);
    newCase(engineer.store, 'C-9', { company: 'Acme', summary: 'all mail bouncing' }, 1);
    await world.sync(engineer.store);
    await onCall.sync.connect(world.server.url, token);
    await engineer.sync.connect(world.server.url, world.token);
    await expect.poll(() => onCall.sync.status().online && engineer.sync.status().online, { timeout: 5000 }).toBe(true);
    const sent = Date.now();
    await world.page('C-9', ['Olu']);
    await expect.poll(() => onCallPages.length, { timeout: 2000, interval: 10 }).toBe(1);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(onCallPages[0]).toMatchObject({ caseId: 'C-9', summary: 'all mail bouncing', company: 'Acme' });
    expect(onCall.sync.status().pages).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(engineerPages).toEqual([]);
  });

  it('delivers a page to a desktop that connects later while it waits for an answer, once; an answered page is not delivered', async () => {
    const pages: PageNotice[] = [];
    const { token } = await world.server.store.addUser('Olu', 'on-call');
    const desk = world.desktop();
    newCase(desk, 'C-9', {}, 1);
    newCase(desk, 'C-8', {}, 1);
    await world.sync(desk);
    await world.page('C-9', ['Olu']);
    await world.page('C-8', ['Olu']);
    // C-8's page is acknowledged on another desktop before Olu's laptop wakes up, hours later.
    await world.sync(desk);
    applyMutation(desk, 'acknowledgePage', { caseId: 'C-8', at: new Date(world.clock.now).toISOString(), author: 'Ann' });
    await world.sync(desk);
    world.clock.now += 3 * 3_600_000;
    const onCall = service(pages);
    await onCall.sync.connect(world.server.url, token);
    await expect.poll(() => pages.length, { timeout: 2000, interval: 10 }).toBe(1);
    expect(pages[0]).toMatchObject({ caseId: 'C-9' });
    // Reconnecting (a laptop waking up) replays it again; the desktop shows it once.
    onCall.sync.stop();
    onCall.sync.start();
    await expect.poll(() => onCall.sync.status().online, { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(pages.map((p) => p.caseId)).toEqual(['C-9']);
    // Someone else is not given Olu's page.
    const { token: other } = await world.server.store.addUser('Pat', 'on-call');
    const patPages: PageNotice[] = [];
    const pat = new SyncService(world.desktop(), { vault: memoryVault(), notifier: { page: (p) => patPages.push(p) }, intervalMs: 60_000 });
    services.push(pat);
    await pat.connect(world.server.url, other);
    await expect.poll(() => pat.status().online, { timeout: 5000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(patPages).toEqual([]);
  });

  it('lists the changes the server refused, with case and reason, until they are acknowledged', async () => {
    const a = world.desktop();
    newCase(a, 'C-1');
    applyMutation(a, 'changeStatus', { caseId: 'C-1', at: at('10:00:00'), author: 'Ann', status: 'resolved' });
    await world.sync(a);
    const { store, sync } = service();
    await sync.connect(world.server.url, world.token);
    await expect.poll(() => store.getCase('C-1') !== null, { timeout: 5000 }).toBe(true);
    sync.stop();
    applyMutation(a, 'closeCase', { caseId: 'C-1', at: at('11:00:00'), author: 'Ann', agreement: { by: 'Bo', at: at('10:55:00'), how: 'phone' } });
    await world.sync(a);
    applyMutation(store, 'changeStatus', { caseId: 'C-1', at: at('11:05:00'), author: 'Raj', status: 'awaiting-customer' });
    const status = await sync.syncNow();
    expect(status.unseenRejected).toBe(1);
    expect(status.rejected).toEqual([
      { seq: expect.any(Number), name: 'changeStatus', caseId: 'C-1', number: store.getCase('C-1')!.number, error: expect.stringContaining('is closed; reopen it first'), at: world.clock.now, restorable: false },
    ]);
    expect(sync.acknowledgeRejected()).toMatchObject({ unseenRejected: 0, rejected: [expect.objectContaining({ name: 'changeStatus' })] });
  });
});
